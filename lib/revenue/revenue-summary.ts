// The admin's revenue numbers (API.md's /api/admin/billing/stats, the setup health check and the
// admin overview): subscriptions by state, MRR/ARR from flat fees, money still owed.
//
// Rounding, so that every figure shown adds up to the others exactly: each plan's MRR is the sum of its
// subscriptions' unrounded monthly amounts, rounded once to the currency's minor unit (half up); a
// currency's MRR is the sum of its plans' rounded MRR; ARR is exactly 12 × that MRR. Currencies are
// never added together.
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
  /** 12 × each currency's MRR */
  arr_by_currency: Record<string, string>;
  /** every live subscription per plan (`trialing` of them in a trial, earning nothing yet) and the plan's MRR */
  tier_breakdown: Record<string, { count: number; trialing: number; revenue: string; currency: string }>;
  outstanding: Record<string, string>;
};

// Trials are not revenue yet; past_due subscriptions still are (Stripe counts them until canceled).
// The plan table lists trials too, with no revenue, so its counts are every live subscription.
const PLAN_TABLE_STATUSES = ['active', 'past_due', 'trialing'] as const;

export async function getRevenueSummary(db: Queryable, defaultCurrency: string): Promise<RevenueSummary> {
  // independent reads, each on its own pooled connection
  const customerCount = db.select({ n: sql<number>`count(*)::int` }).from(customers);
  const statusCounts = db
    .select({ status: subscriptions.status, n: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(isNull(subscriptions.endedAt))
    .groupBy(subscriptions.status);
  // each plan version's flat fees summed once and joined, the live subscriptions counted per plan
  // version and status (a sub-query per subscription took a tenth of a second at 10,000 of them)
  const flatFees = db
    .select({ planId: planCharges.planId, amount: sql<string>`sum(${planCharges.amount})`.as('amount') })
    .from(planCharges)
    .where(eq(planCharges.model, 'flat'))
    .groupBy(planCharges.planId)
    .as('flat_fees');
  const subscriptionFees = db
    .select({
      planCode: plans.code,
      status: subscriptions.status,
      currency: plans.currency,
      interval: plans.interval,
      intervalCount: plans.intervalCount,
      flatPerPeriod: sql<string>`coalesce(${flatFees.amount}, 0)::text`,
      subscriptions: sql<number>`count(*)::int`,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .leftJoin(flatFees, eq(flatFees.planId, plans.id))
    .where(and(inArray(subscriptions.status, [...PLAN_TABLE_STATUSES]), isNull(subscriptions.endedAt)))
    .groupBy(plans.id, plans.code, subscriptions.status, plans.currency, plans.interval, plans.intervalCount, flatFees.amount);
  const owed = db
    .select({ currency: invoices.currency, due: sql<string>`sum(${invoices.amountDue})::text` })
    .from(invoices)
    .where(eq(invoices.status, 'open'))
    .groupBy(invoices.currency);
  const [[customerTotal], statusRows, feeRows, owedRows] = await Promise.all([customerCount, statusCounts, subscriptionFees, owed]);
  const count = (status: string) => statusRows.find((s) => s.status === status)?.n ?? 0;

  // per plan: every live subscription counted (trials too, apart), revenue from the paying ones only;
  // the subscriptions of one plan version and status pay the same, so their sum is one product
  const byPlan = new Map<string, { count: number; trialing: number; revenue: Decimal; currency: string }>();
  for (const row of feeRows) {
    const plan = byPlan.get(row.planCode) ?? { count: 0, trialing: 0, revenue: new Decimal(0), currency: row.currency };
    plan.count += row.subscriptions;
    if (row.status === 'trialing') plan.trialing += row.subscriptions;
    else plan.revenue = plan.revenue.plus(monthlyRecurringAmount(row.flatPerPeriod, row.interval as PlanInterval, row.intervalCount).times(row.subscriptions));
    byPlan.set(row.planCode, plan);
  }
  const planMrr = new Map([...byPlan].map(([code, p]) => [code, moneyString(p.revenue, p.currency)]));
  const byCurrency = new Map<string, Decimal>();
  for (const [code, p] of byPlan) byCurrency.set(p.currency, (byCurrency.get(p.currency) ?? new Decimal(0)).plus(planMrr.get(code)!));

  const mrr = byCurrency.get(defaultCurrency) ?? new Decimal(0);
  return {
    total_customers: customerTotal?.n ?? 0,
    active_subscriptions: count('active'),
    trial_subscriptions: count('trialing'),
    past_due_subscriptions: count('past_due'),
    mrr: moneyString(mrr, defaultCurrency),
    arr: moneyString(mrr.times(12), defaultCurrency),
    currency: defaultCurrency,
    mrr_by_currency: Object.fromEntries([...byCurrency].map(([c, v]) => [c, moneyString(v, c)])),
    arr_by_currency: Object.fromEntries([...byCurrency].map(([c, v]) => [c, moneyString(v.times(12), c)])),
    tier_breakdown: Object.fromEntries(
      [...byPlan].map(([code, p]) => [code, { count: p.count, trialing: p.trialing, revenue: planMrr.get(code)!, currency: p.currency }]),
    ),
    outstanding: Object.fromEntries(owedRows.map((o) => [o.currency, moneyString(o.due, o.currency)])),
  };
}
