// The admin's revenue numbers (API.md's /api/admin/billing/stats, the setup health check and the
// admin overview): subscriptions by state, MRR/ARR from flat fees, money still owed.
import Decimal from 'decimal.js';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { monthlyRecurringAmount } from '@/lib/billing/mrr';
import { moneyString } from '@/lib/billing/money';
import type { PlanInterval } from '@/lib/billing/periods';
import type { Queryable } from '@/lib/db/client';
import { customers, invoices, planCharges, plans, subscriptions } from '@/lib/db/schema';

export type RevenueSummary = {
  total_customers: number;
  active_subscriptions: number;
  trial_subscriptions: number;
  past_due_subscriptions: number;
  /** in `currency` (the configured default); other currencies are in mrr_by_currency */
  mrr: string;
  arr: string;
  currency: string;
  mrr_by_currency: Record<string, string>;
  tier_breakdown: Record<string, { count: number; revenue: string; currency: string }>;
  outstanding: Record<string, string>;
};

// Trials are not revenue yet; past_due subscriptions still are (Stripe counts them until canceled).
const REVENUE_STATUSES = ['active', 'past_due'] as const;

export async function getRevenueSummary(db: Queryable, defaultCurrency: string): Promise<RevenueSummary> {
  const [customerCount] = await db.select({ n: sql<number>`count(*)::int` }).from(customers);
  const statusCounts = await db
    .select({ status: subscriptions.status, n: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(isNull(subscriptions.endedAt))
    .groupBy(subscriptions.status);
  const count = (status: string) => statusCounts.find((s) => s.status === status)?.n ?? 0;

  const flatFees = await db
    .select({
      planCode: plans.code,
      currency: plans.currency,
      interval: plans.interval,
      intervalCount: plans.intervalCount,
      flatPerPeriod: sql<string>`coalesce((select sum(${planCharges.amount}) from ${planCharges} where ${planCharges.planId} = ${plans.id} and ${planCharges.model} = 'flat'), 0)::text`,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(and(inArray(subscriptions.status, [...REVENUE_STATUSES]), isNull(subscriptions.endedAt)));

  const byCurrency = new Map<string, Decimal>();
  const byPlan = new Map<string, { count: number; revenue: Decimal; currency: string }>();
  for (const row of flatFees) {
    const monthly = monthlyRecurringAmount(row.flatPerPeriod, row.interval as PlanInterval, row.intervalCount);
    byCurrency.set(row.currency, (byCurrency.get(row.currency) ?? new Decimal(0)).plus(monthly));
    const plan = byPlan.get(row.planCode) ?? { count: 0, revenue: new Decimal(0), currency: row.currency };
    byPlan.set(row.planCode, { ...plan, count: plan.count + 1, revenue: plan.revenue.plus(monthly) });
  }

  const owed = await db
    .select({ currency: invoices.currency, due: sql<string>`sum(${invoices.amountDue})::text` })
    .from(invoices)
    .where(eq(invoices.status, 'open'))
    .groupBy(invoices.currency);

  const mrr = byCurrency.get(defaultCurrency) ?? new Decimal(0);
  return {
    total_customers: customerCount?.n ?? 0,
    active_subscriptions: count('active'),
    trial_subscriptions: count('trialing'),
    past_due_subscriptions: count('past_due'),
    mrr: moneyString(mrr, defaultCurrency),
    arr: moneyString(mrr.times(12), defaultCurrency),
    currency: defaultCurrency,
    mrr_by_currency: Object.fromEntries([...byCurrency].map(([c, v]) => [c, moneyString(v, c)])),
    tier_breakdown: Object.fromEntries(
      [...byPlan].map(([code, p]) => [code, { count: p.count, revenue: moneyString(p.revenue, p.currency), currency: p.currency }]),
    ),
    outstanding: Object.fromEntries(owed.map((o) => [o.currency, moneyString(o.due, o.currency)])),
  };
}
