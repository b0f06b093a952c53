// What each customer's open billing period costs so far, for a whole batch of customers in a handful
// of queries: the subtotal (before tax) of the invoice the period would produce if it closed now,
// which is the estimate /billing/usage shows (lib/usage/usage-summary.ts, estimate.subtotal): usage
// to date plus the recurring fees that invoice carries (none for a trial; fees billed in advance or by
// Stripe were on another invoice). It is built from the same pieces as that estimate (the period
// holding `now`, the plan's charges, measureUsageBatch, periodInvoiceLines), so the two never
// disagree; open-period-spend.integration.test.ts holds them side by side.
import { sql } from 'drizzle-orm';
import { ExactDecimal, toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { periodInvoiceLines } from '@/lib/billing/period-lines';
import { calendarPeriodContaining } from '@/lib/billing/periods';
import type { RatedChargeInput } from '@/lib/billing/rating';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import { selectRows, type Queryable } from '@/lib/db/client';
import { periodHoldingNow, STORED_PERIOD_JOIN, STORED_SUBSCRIPTION_COLUMNS, type PeriodNow, type StoredSubscription } from '@/lib/subscriptions/period-holding-now';
import { loadMetrics, measureUsageBatch, type UsageWindow } from '@/lib/usage/measure-usage';

export type OpenPeriodSpend = {
  customerId: string;
  currency: string;
  periodStart: Date;
  periodEnd: Date;
  /** the open period's estimated invoice subtotal, before tax, rounded to the currency */
  spend: string;
};

type CustomerPeriodRow = Partial<StoredSubscription> & {
  customer_id: string;
  customer_currency: string;
  subscription_id: string | null;
  plan_id: string | null;
  plan_currency: string | null;
};

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/**
 * The customers' open-period spend, keyed by customer id (unknown ids are left out). Queries: one for
 * the customers and their live subscriptions, one per distinct plan for its charges, one for the
 * metrics, and one for all periods' usage (plus one per customer with usage of a unique_count metric
 * their plan charges for, as invoicing measures it).
 */
export async function openPeriodSpends(db: Queryable, customerIds: string[], now: Date): Promise<Map<string, OpenPeriodSpend>> {
  const answer = new Map<string, OpenPeriodSpend>();
  if (customerIds.length === 0) return answer;
  // the live subscription is the latest one in a live status, as getUsageSummary picks it
  const rows = await selectRows<CustomerPeriodRow>(
    db,
    sql`select c.id as customer_id, c.currency as customer_currency, live.*
          from customers c
          left join lateral (
            select s.id as subscription_id, p.id as plan_id, p.currency as plan_currency, ${sql.raw(STORED_SUBSCRIPTION_COLUMNS)}
              from subscriptions s join plans p on p.id = s.plan_id ${sql.raw(STORED_PERIOD_JOIN)}
             where s.customer_id = c.id and s.status in ('trialing', 'active', 'past_due')
             order by s.created_at desc limit 1
          ) live on true
         where c.id = any(${uuidArray(customerIds)}::uuid[])`,
  );

  const subscribed = rows.filter((r) => r.subscription_id !== null);
  const chargesByPlan = new Map<string, RatedChargeInput[]>();
  for (const planId of new Set(subscribed.map((r) => r.plan_id!))) chargesByPlan.set(planId, await loadPlanCharges(db, planId));
  // only the metrics some plan of the batch charges for: a unique_count metric nobody is charged for
  // would cost a query per customer with such usage (measureUsageBatch) and change no amount
  const charged = new Set([...chargesByPlan.values()].flat().flatMap((c) => (c.metric_code === null ? [] : [c.metric_code])));
  const metrics = charged.size ? (await loadMetrics(db)).filter((m) => charged.has(m.code)) : [];

  const periods = new Map<string, PeriodNow>();
  const windows: UsageWindow[] = [];
  for (const row of rows) {
    if (row.subscription_id === null) {
      // without a subscription nothing is billed: the period is the calendar month and it costs nothing
      const month = calendarPeriodContaining('month', now);
      answer.set(row.customer_id, { customerId: row.customer_id, currency: row.customer_currency, periodStart: month.start, periodEnd: month.end, spend: moneyString(0, row.customer_currency) });
      continue;
    }
    const period = periodHoldingNow(row as StoredSubscription, now);
    periods.set(row.customer_id, period);
    const metered = chargesByPlan.get(row.plan_id!)!.filter((c) => c.metric_code !== null);
    windows.push({ key: row.customer_id, customerId: row.customer_id, from: period.start, to: period.end, requests: metered.map((c) => ({ metric: c.metric_code!, filters: c.filters })) });
  }
  const usage = windows.length && metrics.length ? await measureUsageBatch(db, windows, metrics) : new Map<string, Record<string, string>>();

  for (const row of subscribed) {
    const period = periods.get(row.customer_id)!;
    const currency = row.plan_currency!;
    const lines = period.trial
      ? []
      : periodInvoiceLines({ charges: chargesByPlan.get(row.plan_id!)!, usage: usage.get(row.customer_id) ?? {}, currency, period, cycle: period.cycle, timing: 'arrears', flatFees: period.flatFees });
    const subtotal = lines.reduce((sum, line) => sum.plus(toExact(line.amount, 'line amount')), new ExactDecimal(0));
    answer.set(row.customer_id, { customerId: row.customer_id, currency, periodStart: period.start, periodEnd: period.end, spend: moneyString(subtotal, currency) });
  }
  return answer;
}
