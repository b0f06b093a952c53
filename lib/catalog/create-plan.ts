import { inArray } from 'drizzle-orm';
import { validateChargeSpec } from '@/lib/billing/charges';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, planCharges, plans } from '@/lib/db/schema';
import { BillingError, type ErrorDetail } from '@/lib/http/billing-error';
import { planInputSchema, type PlanInput } from './catalog-schemas';

/** Creates version 1 of a plan with its charges; every charge is checked before anything is written. */
export async function createPlan(db: Queryable, input: PlanInput) {
  const plan = planInputSchema.parse(input);
  const codes = [...new Set(plan.charges.map((c) => c.metric).filter((c): c is string => c !== null))];
  const metrics = codes.length
    ? await db.select({ id: billableMetrics.id, code: billableMetrics.code, dimensions: billableMetrics.dimensions }).from(billableMetrics).where(inArray(billableMetrics.code, codes))
    : [];
  const byCode = new Map(metrics.map((m) => [m.code, m]));

  const problems: ErrorDetail[] = [];
  plan.charges.forEach((charge, index) => {
    const field = `charges.${index}`;
    for (const message of validateChargeSpec(charge)) problems.push({ field, message });
    if (charge.model === 'flat' && charge.metric !== null) problems.push({ field: `${field}.metric`, message: 'a flat charge takes no metric' });
    if (charge.model !== 'flat' && charge.metric === null) problems.push({ field: `${field}.metric`, message: 'this model needs a metric' });
    const metric = charge.metric ? byCode.get(charge.metric) : undefined;
    if (charge.metric && !metric) problems.push({ field: `${field}.metric`, message: `unknown metric ${charge.metric}` });
    for (const key of Object.keys(charge.filters ?? {})) {
      if (metric && !metric.dimensions.includes(key)) {
        problems.push({ field: `${field}.filters.${key}`, message: `metric ${metric.code} has no dimension ${key}` });
      }
    }
  });
  if (problems.length) {
    throw new BillingError({ code: 'validation_failed', status: 422, message: 'The plan is not valid', details: problems });
  }

  const [row] = await db
    .insert(plans)
    .values({
      code: plan.code,
      name: plan.name,
      description: plan.description ?? null,
      currency: plan.currency,
      interval: plan.interval,
      intervalCount: plan.interval_count,
      trialDays: plan.trial_days,
    })
    .returning();
  if (plan.charges.length) {
    await db.insert(planCharges).values(
      plan.charges.map((charge, position) => ({
        planId: row!.id,
        position,
        metricId: charge.metric ? byCode.get(charge.metric)!.id : null,
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
