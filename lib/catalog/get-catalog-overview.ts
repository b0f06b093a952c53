// The admin catalog page's read: every billable metric, every plan with all its versions, and how many
// live subscriptions each plan has (on any of its versions: a subscription moves to the current one at
// its next renewal). Three queries whatever the catalog's size; RLS keeps them in the caller's workspace.
import { and, asc, count, inArray, isNull, eq } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, plans, subscriptions } from '@/lib/db/schema';
import { LIVE_SUBSCRIPTION_STATUSES } from '@/lib/subscriptions/create-subscription';
import { toMetricView } from './catalog-schemas';
import { listPlans, type PlanView } from './plan-view';

export type MetricView = ReturnType<typeof toMetricView>;

/** One plan: its current version, every version newest first, and its live subscriptions. */
export type CatalogPlan = { current: PlanView; versions: PlanView[]; liveSubscriptions: number };

export type CatalogOverview = { metrics: MetricView[]; plans: CatalogPlan[] };

/** Live subscriptions per plan code: trialing, active or past due, and not ended. */
export async function liveSubscriptionCounts(db: Queryable, codes?: string[]): Promise<Map<string, number>> {
  const live = and(inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]), isNull(subscriptions.endedAt));
  const rows = await db
    .select({ code: plans.code, live: count() })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(codes ? and(live, inArray(plans.code, codes)) : live)
    .groupBy(plans.code);
  return new Map(rows.map((r) => [r.code, Number(r.live)]));
}

/** Versions listed newest first, grouped by code, in code order (listPlans sorts them so). */
export function groupVersions(views: PlanView[], live: ReadonlyMap<string, number>): CatalogPlan[] {
  const byCode = new Map<string, PlanView[]>();
  for (const view of views) byCode.set(view.code, [...(byCode.get(view.code) ?? []), view]);
  return [...byCode.values()].map((versions) => ({
    current: versions.find((v) => v.is_current) ?? versions[0]!,
    versions,
    liveSubscriptions: live.get(versions[0]!.code) ?? 0,
  }));
}

export async function getCatalogOverview(db: Queryable): Promise<CatalogOverview> {
  const [metricRows, views, live] = await Promise.all([db.select().from(billableMetrics).orderBy(asc(billableMetrics.code)), listPlans(db, { includeVersions: true }), liveSubscriptionCounts(db)]);
  return { metrics: metricRows.map(toMetricView), plans: groupVersions(views, live) };
}
