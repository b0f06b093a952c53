// A change to a plan is a new version: the current row stays as it was (billing periods opened on it
// and the invoices issued from them keep pointing at it) and version N+1 becomes current. Billing opens
// each new period on the current version (lib/invoicing/bill-period.ts), so subscriptions move over
// at their next renewal.
//
// Concurrency: the current row is locked FOR UPDATE before the next version number is chosen, so two
// PATCHes of the same plan queue and make versions N+1 and N+2; the partial unique index
// plans_one_current_version_key would refuse a second current version if anything ever got past it.
import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { decimalString } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, planCharges, plans } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { planPatchSchema, type ChargeInput, type PlanInput, type PlanPatch } from './catalog-schemas';
import { insertPlanVersion, validatePlan } from './create-plan';

type PlanRow = typeof plans.$inferSelect;

// Each retry follows a PATCH that committed meanwhile, so this only runs out under a flood of them.
const MAX_LOCK_ATTEMPTS = 50;

/**
 * The current version, locked. A PATCH that waited for another one finds the row it waited on no
 * longer current (the wait re-checks the WHERE clause), so it looks again: a new statement sees the
 * version that was just committed.
 */
async function lockCurrentVersion(tx: Queryable, code: string): Promise<PlanRow> {
  for (let attempt = 0; attempt < MAX_LOCK_ATTEMPTS; attempt++) {
    const [current] = await tx.select().from(plans).where(and(eq(plans.code, code), eq(plans.isCurrent, true))).for('update');
    if (current) return current;
    const [any] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.code, code)).limit(1);
    if (!any) throw notFound('Plan');
  }
  throw new BillingError({ code: 'conflict', status: 409, message: 'The plan is being changed by someone else; try again' });
}

/** The stored charges of a version in input form, for a PATCH that leaves them unchanged. */
async function chargesAsInput(tx: Queryable, planId: string): Promise<ChargeInput[]> {
  const rows = await tx
    .select({ charge: planCharges, metric: billableMetrics.code })
    .from(planCharges)
    .leftJoin(billableMetrics, eq(billableMetrics.id, planCharges.metricId))
    .where(eq(planCharges.planId, planId))
    .orderBy(asc(planCharges.position));
  return rows.map(({ charge: c, metric }) => ({
    metric,
    model: c.model,
    ...(c.description === null ? {} : { description: c.description }),
    ...(c.amount === null ? {} : { amount: decimalString(c.amount) }),
    ...(c.unitPrice === null ? {} : { unit_price: decimalString(c.unitPrice) }),
    ...(c.packageSize === null ? {} : { package_size: decimalString(c.packageSize) }),
    included_units: decimalString(c.includedUnits),
    ...(c.tiers === null ? {} : { tiers: c.tiers }),
    ...(Object.keys(c.filters).length ? { filters: c.filters } : {}),
  }));
}

/**
 * Makes version N+1 of plan `code` from the current version and `patch` (a full or partial plan),
 * validated exactly as a new plan is; one transaction, audit-logged. Returns the new version's row.
 */
export async function updatePlan(db: Queryable, code: string, patchInput: PlanPatch, actor: Actor) {
  const patch = planPatchSchema.parse(patchInput);
  if (patch.code !== undefined && patch.code !== code) {
    throw new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field: 'code', message: 'a plan’s code cannot change; create a new plan instead' }] });
  }
  return db.transaction(async (tx) => {
    const current = await lockCurrentVersion(tx, code);
    // Subscriptions move to the current version at renewal; their customers are billed in the plan's
    // currency, so a different currency is a different plan.
    if (patch.currency !== undefined && patch.currency !== current.currency) {
      throw new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field: 'currency', message: `a plan’s currency cannot change (it is ${current.currency}); create a new plan instead` }] });
    }
    const merged: PlanInput = {
      code,
      name: patch.name ?? current.name,
      description: (patch.description === undefined ? current.description : patch.description) ?? undefined,
      currency: current.currency,
      interval: patch.interval ?? current.interval,
      interval_count: patch.interval_count ?? current.intervalCount,
      trial_days: patch.trial_days ?? current.trialDays,
      billing_alignment: patch.billing_alignment ?? current.billingAlignment,
      pay_in_advance: patch.pay_in_advance ?? current.payInAdvance,
      charges: patch.charges ?? (await chargesAsInput(tx, current.id)),
    };
    const validated = await validatePlan(tx, merged);
    // what the version replaced, field by field as the API names them, for the log
    const changed = (Object.keys(patch) as (keyof PlanInput)[]).filter((k) => k !== 'code');
    const previous: Partial<PlanInput> = {
      name: current.name,
      description: current.description ?? undefined,
      currency: current.currency,
      interval: current.interval,
      interval_count: current.intervalCount,
      trial_days: current.trialDays,
      billing_alignment: current.billingAlignment,
      pay_in_advance: current.payInAdvance,
      ...(patch.charges ? { charges: await chargesAsInput(tx, current.id) } : {}),
    };

    // the old version stops being current before the new one is written: the partial unique index
    // allows one current row per code at any moment
    await tx.update(plans).set({ isCurrent: false }).where(eq(plans.id, current.id));
    const next = await insertPlanVersion(tx, validated, current.version + 1);
    await writeAuditEntries(tx, actor, [
      {
        action: 'plan.versioned',
        entityType: 'plan',
        entityId: next.id,
        details: {
          code,
          version: next.version,
          previous_version: current.version,
          previous_id: current.id,
          changed,
          before: { version: current.version, ...Object.fromEntries(changed.map((k) => [k, previous[k] ?? null])) },
          after: { version: next.version, ...Object.fromEntries(changed.map((k) => [k, merged[k] ?? null])) },
        },
      },
    ]);
    return next;
  });
}
