// Plans as the admin API shows them (API.md's catalog): each version with its charges in the same
// shape a POST or PATCH takes, so what is read can be edited and sent back.
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { PriceTier } from '@/lib/billing/charges';
import { decimalString } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, planCharges, plans } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';

export type ChargeView = {
  metric: string | null;
  model: (typeof planCharges.$inferSelect)['model'];
  amount?: string;
  unit_price?: string;
  package_size?: string;
  included_units?: string;
  tiers?: PriceTier[];
  filters?: Record<string, string>;
  description: string;
};

export type PlanView = {
  id: string;
  code: string;
  version: number;
  is_current: boolean;
  name: string;
  description: string | null;
  currency: string;
  interval: (typeof plans.$inferSelect)['interval'];
  interval_count: number;
  trial_days: number;
  billing_alignment: (typeof plans.$inferSelect)['billingAlignment'];
  pay_in_advance: boolean;
  charges: ChargeView[];
  created: string;
};

type ChargeRow = typeof planCharges.$inferSelect & { metricCode: string | null; metricName: string | null };

function toChargeView(c: ChargeRow): ChargeView {
  // numeric(24,6) reads back as '99.000000'; prices are shown as written ('99', '0.0005')
  const view: ChargeView = { metric: c.metricCode, model: c.model, description: c.description ?? c.metricName ?? 'Subscription fee' };
  if (c.amount !== null) view.amount = decimalString(c.amount);
  if (c.unitPrice !== null) view.unit_price = decimalString(c.unitPrice);
  if (c.packageSize !== null) view.package_size = decimalString(c.packageSize);
  if (c.model !== 'flat' && !/^0(\.0*)?$/.test(c.includedUnits)) view.included_units = decimalString(c.includedUnits);
  if (c.tiers) {
    view.tiers = c.tiers.map((t) => ({
      up_to: t.up_to === null ? null : decimalString(t.up_to),
      unit_price: decimalString(t.unit_price),
      ...(t.flat_amount === undefined || t.flat_amount === null ? {} : { flat_amount: decimalString(t.flat_amount) }),
    }));
  }
  if (Object.keys(c.filters).length) view.filters = c.filters;
  return view;
}

async function planViews(db: Queryable, where: SQL | undefined): Promise<PlanView[]> {
  const rows = await db.select().from(plans).where(where).orderBy(asc(plans.code), desc(plans.version));
  if (rows.length === 0) return [];
  const charges = await db
    .select({ charge: planCharges, metricCode: billableMetrics.code, metricName: billableMetrics.name })
    .from(planCharges)
    .leftJoin(billableMetrics, eq(billableMetrics.id, planCharges.metricId))
    .where(
      inArray(
        planCharges.planId,
        rows.map((p) => p.id),
      ),
    )
    .orderBy(asc(planCharges.position));
  const byPlan = new Map<string, ChargeView[]>();
  for (const { charge, metricCode, metricName } of charges) {
    const list = byPlan.get(charge.planId) ?? [];
    list.push(toChargeView({ ...charge, metricCode, metricName }));
    byPlan.set(charge.planId, list);
  }
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    version: p.version,
    is_current: p.isCurrent,
    name: p.name,
    description: p.description,
    currency: p.currency,
    interval: p.interval,
    interval_count: p.intervalCount,
    trial_days: p.trialDays,
    billing_alignment: p.billingAlignment,
    pay_in_advance: p.payInAdvance,
    charges: byPlan.get(p.id) ?? [],
    created: p.createdAt.toISOString(),
  }));
}

/** Every plan's current version, by code; with `includeVersions` the older versions too (newest first). */
export function listPlans(db: Queryable, { includeVersions = false }: { includeVersions?: boolean } = {}): Promise<PlanView[]> {
  return planViews(db, includeVersions ? undefined : eq(plans.isCurrent, true));
}

/** One plan's current version, or with `includeVersions` every version of it (newest first); 404 when unknown. */
export async function getPlanViews(db: Queryable, code: string, { includeVersions = false }: { includeVersions?: boolean } = {}): Promise<PlanView[]> {
  const views = await planViews(db, includeVersions ? eq(plans.code, code) : and(eq(plans.code, code), eq(plans.isCurrent, true)));
  if (views.length === 0) throw notFound('Plan');
  return views;
}

export async function getPlanViewById(db: Queryable, id: string): Promise<PlanView> {
  const [view] = await planViews(db, eq(plans.id, id));
  if (!view) throw notFound('Plan');
  return view;
}
