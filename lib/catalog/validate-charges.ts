// The checks a plan's charges pass beyond their shape (zod, catalog-schemas.ts): each charge against its
// pricing model (lib/billing/charges.ts: tiers ascending, the last one open-ended, the fields a model
// needs) and against the catalog (the metric exists, a filter names one of its dimensions). Plan creation,
// every later version and the pricing simulator run the same checks, so a proposed price the simulator
// accepts is one a PATCH of the plan would accept.
import { inArray } from 'drizzle-orm';
import { validateChargeSpec } from '@/lib/billing/charges';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics } from '@/lib/db/schema';
import type { ErrorDetail } from '@/lib/errors/billing-error';
import type { chargeInputSchema } from './catalog-schemas';
import type { z } from 'zod';

export type ValidCharge = z.output<typeof chargeInputSchema>;

/** What the checks found: the problems by field (`charges.0.metric`), and the metric ids by code. */
export type ChargeCheck = { problems: ErrorDetail[]; metricIds: Map<string, string> };

/** Checks charges that passed chargeInputSchema; `field` is where they sit in the request body. */
export async function checkCharges(db: Queryable, charges: ValidCharge[], field = 'charges'): Promise<ChargeCheck> {
  const codes = [...new Set(charges.map((c) => c.metric).filter((c): c is string => c !== null))];
  const metrics = codes.length
    ? await db.select({ id: billableMetrics.id, code: billableMetrics.code, dimensions: billableMetrics.dimensions }).from(billableMetrics).where(inArray(billableMetrics.code, codes))
    : [];
  const byCode = new Map(metrics.map((m) => [m.code, m]));

  const problems: ErrorDetail[] = [];
  charges.forEach((charge, index) => {
    const at = `${field}.${index}`;
    for (const message of validateChargeSpec(charge)) problems.push({ field: at, message });
    if (charge.model === 'flat' && charge.metric !== null) problems.push({ field: `${at}.metric`, message: 'a flat charge takes no metric' });
    if (charge.model !== 'flat' && charge.metric === null) problems.push({ field: `${at}.metric`, message: 'this model needs a metric' });
    const metric = charge.metric ? byCode.get(charge.metric) : undefined;
    if (charge.metric && !metric) problems.push({ field: `${at}.metric`, message: `unknown metric ${charge.metric}` });
    for (const key of Object.keys(charge.filters ?? {})) {
      if (metric && !metric.dimensions.includes(key)) {
        problems.push({ field: `${at}.filters.${key}`, message: `metric ${metric.code} has no dimension ${key}` });
      }
    }
  });
  return { problems, metricIds: new Map(metrics.map((m) => [m.code, m.id])) };
}
