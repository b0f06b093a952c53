// One plan for the admin catalog's plan page: every version with its charges, the units of the metrics
// they price (for the charges in words), and its live subscriptions with the customer and the version
// each is on. A plan the workspace does not have is null (the page answers 404).
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, customers, plans, subscriptions } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { LIVE_SUBSCRIPTION_STATUSES } from '@/lib/subscriptions/create-subscription';
import { liveSubscriptionCounts } from './get-catalog-overview';
import { getPlanViews, type PlanView } from './plan-view';

export type PlanSubscription = { id: string; customerId: string; customerName: string; status: (typeof subscriptions.$inferSelect)['status']; version: number; startDate: Date; currentPeriodEnd: Date };

export type PlanDetail = {
  current: PlanView;
  /** newest first */
  versions: PlanView[];
  /** metric code → unit, for every metric a version prices */
  units: Map<string, string>;
  /** the live subscriptions, newest first, at most `limit` */
  subscriptions: PlanSubscription[];
  liveSubscriptions: number;
};

export async function getPlanDetail(db: Queryable, code: string, { limit = 50 }: { limit?: number } = {}): Promise<PlanDetail | null> {
  let versions: PlanView[];
  try {
    versions = await getPlanViews(db, code, { includeVersions: true });
  } catch (error) {
    if (error instanceof BillingError && error.status === 404) return null;
    throw error;
  }
  const metricCodes = [...new Set(versions.flatMap((v) => v.charges.map((c) => c.metric)).filter((m): m is string => m !== null))];
  const live = and(eq(plans.code, code), inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]), isNull(subscriptions.endedAt));
  const [metricRows, rows, counts] = await Promise.all([
    metricCodes.length ? db.select({ code: billableMetrics.code, unit: billableMetrics.unit }).from(billableMetrics).where(inArray(billableMetrics.code, metricCodes)) : Promise.resolve([]),
    db
      .select({ id: subscriptions.id, customerId: customers.id, customerName: customers.name, status: subscriptions.status, version: plans.version, startDate: subscriptions.startDate, currentPeriodEnd: subscriptions.currentPeriodEnd })
      .from(subscriptions)
      .innerJoin(plans, eq(plans.id, subscriptions.planId))
      .innerJoin(customers, eq(customers.id, subscriptions.customerId))
      .where(live)
      .orderBy(desc(subscriptions.createdAt), asc(subscriptions.id))
      .limit(limit),
    liveSubscriptionCounts(db, [code]),
  ]);
  return {
    current: versions.find((v) => v.is_current) ?? versions[0]!,
    versions,
    units: new Map(metricRows.map((m) => [m.code, m.unit])),
    subscriptions: rows,
    liveSubscriptions: counts.get(code) ?? 0,
  };
}
