// Subscriptions as the admin API shows them: the plan they are on, what it charges every period in
// flat fees (`amount`, usage comes on top) and where the current period stands.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { moneyString } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { planCharges, plans, subscriptions } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { loadPeriodHoldingNow } from './period-holding-now';
import type { ListSubscriptionsQuery } from './subscription-schemas';

export type SubscriptionView = {
  id: string;
  customer_id: string;
  plan_code: string;
  plan_version: number;
  status: (typeof subscriptions.$inferSelect)['status'];
  /** the plan version's flat fees per period */
  amount: string;
  currency: string;
  interval: (typeof plans.$inferSelect)['interval'];
  interval_count: number;
  start_date: string;
  trial_end: string | null;
  current_period_start: string;
  current_period_end: string;
  cancel_at_period_end: boolean;
  canceled_at: string | null;
  ended_at: string | null;
  created: string;
};

async function subscriptionViews(db: Queryable, where: SQL | undefined, limit?: number): Promise<SubscriptionView[]> {
  const query = db
    .select({
      s: subscriptions,
      planCode: plans.code,
      planVersion: plans.version,
      currency: plans.currency,
      interval: plans.interval,
      intervalCount: plans.intervalCount,
      flat: sql<string>`coalesce((select sum(${planCharges.amount}) from ${planCharges} where ${planCharges.planId} = ${plans.id} and ${planCharges.model} = 'flat'), 0)::text`,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(where)
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map(({ s, ...p }) => ({
    id: s.id,
    customer_id: s.customerId,
    plan_code: p.planCode,
    plan_version: p.planVersion,
    status: s.status,
    amount: moneyString(p.flat, p.currency),
    currency: p.currency,
    interval: p.interval,
    interval_count: p.intervalCount,
    start_date: s.startDate.toISOString(),
    trial_end: s.trialEnd?.toISOString() ?? null,
    current_period_start: s.currentPeriodStart.toISOString(),
    current_period_end: s.currentPeriodEnd.toISOString(),
    cancel_at_period_end: s.cancelAtPeriodEnd,
    canceled_at: s.canceledAt?.toISOString() ?? null,
    ended_at: s.endedAt?.toISOString() ?? null,
    created: s.createdAt.toISOString(),
  }));
}

export async function getSubscriptionView(db: Queryable, id: string): Promise<SubscriptionView> {
  const [view] = await subscriptionViews(db, eq(subscriptions.id, id));
  if (!view) throw notFound('Subscription');
  return view;
}

/** Newest first, paged with starting_after (API.md conventions). */
export async function listSubscriptions(db: Queryable, query: ListSubscriptionsQuery, { defaultLimit = 100 }: { defaultLimit?: number } = {}) {
  const limit = query.limit ?? defaultLimit;
  const conditions: (SQL | undefined)[] = [];
  if (query.status) conditions.push(eq(subscriptions.status, query.status));
  if (query.customer_id) conditions.push(eq(subscriptions.customerId, query.customer_id));
  if (query.plan_code) conditions.push(inArray(subscriptions.planId, db.select({ id: plans.id }).from(plans).where(eq(plans.code, query.plan_code))));
  if (query.starting_after) {
    conditions.push(sql`(${subscriptions.createdAt}, ${subscriptions.id}) < (select x.created_at, x.id from subscriptions x where x.id = ${query.starting_after})`);
  }
  const rows = await subscriptionViews(db, and(...conditions), limit + 1);
  return { data: rows.slice(0, limit), has_more: rows.length > limit };
}

/**
 * GET /api/billing/subscription: the customer's live subscription (else their latest) in the Ops
 * Center's shape, `tier` being the plan code; null when they have none. Reads under the caller's RLS.
 */
export async function getCustomerSubscription(db: Queryable, customerId: string, now: Date) {
  const [view] = await subscriptionViews(
    db,
    and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, ['trialing', 'active', 'past_due', 'incomplete', 'canceled'])),
  );
  if (!view) return null;
  // the period the customer is in now, even before a late billing run has rolled the subscription over
  const period = await loadPeriodHoldingNow(db, view.id, now);
  return {
    id: view.id,
    tier: view.plan_code,
    status: view.status,
    current_period_start: period!.start.toISOString(),
    current_period_end: period!.end.toISOString(),
    cancel_at_period_end: view.cancel_at_period_end,
    amount: view.amount,
    interval: view.interval,
    interval_count: view.interval_count,
    currency: view.currency,
    trial_end: view.trial_end,
  };
}
