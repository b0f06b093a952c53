import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { planCharges, plans } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { planInputSchema, type PlanInput, type ValidPlanInput } from './catalog-schemas';
import { checkCharges } from './validate-charges';

/** A plan that passed every check, with the ids of the metrics its charges price. */
export type ValidatedPlan = { plan: ValidPlanInput; metricIds: Map<string, string> };

/**
 * The one validation of a plan, for its first version and every later one: the shape (zod, 422 with
 * the field path), then each charge against its pricing model and the metrics in the catalog.
 */
export async function validatePlan(db: Queryable, input: PlanInput): Promise<ValidatedPlan> {
  const plan = planInputSchema.parse(input);
  const { problems, metricIds } = await checkCharges(db, plan.charges);
  if (problems.length) {
    throw new BillingError({ code: 'validation_failed', status: 422, message: 'The plan is not valid', details: problems });
  }
  return { plan, metricIds };
}

/** Writes one version of a plan and its charges (the caller decides the version and runs the transaction). */
export async function insertPlanVersion(tx: Queryable, { plan, metricIds }: ValidatedPlan, version: number) {
  const [row] = await tx
    .insert(plans)
    .values({
      code: plan.code,
      version,
      isCurrent: true,
      name: plan.name,
      description: plan.description ?? null,
      currency: plan.currency,
      interval: plan.interval,
      intervalCount: plan.interval_count,
      trialDays: plan.trial_days,
      billingAlignment: plan.billing_alignment,
      payInAdvance: plan.pay_in_advance,
    })
    .returning();
  if (plan.charges.length) {
    await tx.insert(planCharges).values(
      plan.charges.map((charge, position) => ({
        planId: row!.id,
        position,
        metricId: charge.metric ? metricIds.get(charge.metric)! : null,
        model: charge.model,
        description: charge.description ?? null,
        amount: charge.amount ?? null,
        unitPrice: charge.unit_price ?? null,
        packageSize: charge.package_size ?? null,
        includedUnits: charge.included_units ?? '0',
        tiers: charge.tiers ?? null,
        filters: charge.filters ?? {},
      })),
    );
  }
  return row!;
}

const planExists = (code: string) =>
  new BillingError({ code: 'plan_exists', status: 409, message: `A plan with code ${code} already exists; PATCH it to make a new version`, details: [{ field: 'code', message: 'is taken' }] });

/**
 * Creates version 1 of a plan with its charges; every charge is checked before anything is written.
 * With an actor (the admin API) the creation is audit-logged.
 */
export async function createPlan(db: Queryable, input: PlanInput, actor?: Actor) {
  const validated = await validatePlan(db, input);
  const { code } = validated.plan;
  const [existing] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, code)).limit(1);
  if (existing) throw planExists(code);
  try {
    return await db.transaction(async (tx) => {
      const row = await insertPlanVersion(tx, validated, 1);
      if (actor) {
        await writeAuditEntries(tx, actor, [
          {
            action: 'plan.created',
            entityType: 'plan',
            entityId: row.id,
            details: {
              code,
              version: 1,
              after: { name: row.name, currency: row.currency, interval: row.interval, interval_count: row.intervalCount, trial_days: row.trialDays, billing_alignment: row.billingAlignment, pay_in_advance: row.payInAdvance, charges: input.charges },
            },
          },
        ]);
      }
      return row;
    });
  } catch (error) {
    // two creations of the same code at once: the unique (code, version) index lets one through
    if (postgresError(error)?.code === PG_UNIQUE_VIOLATION) throw planExists(code);
    throw error;
  }
}
