// The figures behind the admin overview's charts, each from the `now` it is given and per currency
// (amounts in different currencies are never added together). The database sums; the arithmetic
// that needs care (month-end MRR, rates) is done exactly with decimal.js.
//
// - MRR trend: month-end MRR of the last 12 months from the subscriptions' history (lib/revenue/month-end-mrr.ts).
// - Invoiced and collected per month: the totals (tax included) of the invoices issued in the month that
//   are not void (open, paid or uncollectible: an uncollectible invoice was still billed, as the margins
//   report counts them), against the payments received in the month (succeeded, or succeeded and later
//   refunded, less what was refunded).
// - Receivables aging: what open invoices still owe, by whole days past their due date: not yet due,
//   0–30 (due, up to 30 days past), 31–60, 61–90 and over 90. An invoice without a due date is due on issue.
//   The buckets of a currency add up to the overview's outstanding figure.
// - Payment success rate: payments that succeeded (refunded later or not) out of the attempts that
//   have an outcome (succeeded, failed, refunded) made in the last 30 and 90 days; pending ones wait.
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString, type Currency } from '@/lib/billing/money';
import type { PlanInterval } from '@/lib/billing/periods';
import { selectRows, type Queryable } from '@/lib/db/client';
import { DAY_MS } from '@/lib/time/utc-day';
import { mergePeriods, monthEndMrr, trendMonths, type MrrSeries, type PeriodOnPlan, type SubscriptionHistory, type TrendMonth } from './month-end-mrr';

export const TREND_MONTHS = 12;

const at = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;

/**
 * An instant as milliseconds since the epoch (whole, as Date keeps them): the driver hands timestamps
 * over as text, and parsing 50,000 of them into Dates took the MRR trend tens of milliseconds at
 * 10,000 subscriptions (npm run bench:dashboard); a number is read as it is.
 */
const epochMs = (expression: string) => sql.raw(`floor(extract(epoch from ${expression}) * 1000)::float8`);
/** what epochMs reads back: a number, or its text where a driver gives float8 as text */
type Instant = number | string;
const toDate = (instant: Instant) => new Date(Number(instant));

export type MrrTrend = { months: TrendMonth[]; series: MrrSeries[] };

/** Month-end MRR per currency over the last `count` months, the current one to date. */
export async function getMrrTrend(db: Queryable, now: Date, defaultCurrency: Currency, count = TREND_MONTHS): Promise<MrrTrend> {
  const months = trendMonths(now, count);
  const windowStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1), 1));

  // a subscription that stopped as canceled without an end recorded ended when it was canceled
  const subscriptionsRead = selectRows<{ id: string; startDate: Instant; trialEnd: Instant | null; endedAt: Instant | null; planId: string }>(
    db,
    sql`select id, ${epochMs('start_date')} as "startDate", ${epochMs('trial_end')} as "trialEnd",
          ${epochMs(`coalesce(ended_at, case when status = 'canceled' then coalesce(canceled_at, updated_at) end)`)} as "endedAt", plan_id as "planId"
        from subscriptions
        where status <> 'incomplete' and start_date <= ${at(now)}
          and coalesce(ended_at, case when status = 'canceled' then coalesce(canceled_at, updated_at) end, 'infinity') > ${at(windowStart)}`,
  );
  // The billing periods of the window, one row per subscription, plan version and trial or not: a hash
  // aggregate, no sort (a gaps-and-islands window over every period took most of a second at 10,000
  // subscriptions, npm run bench:dashboard). One row is the whole story for most subscriptions; those
  // with more (a plan change, a trial that ended) have their periods read one by one and merged in order.
  const periodWindow = sql`period_end > ${at(windowStart)} and period_start <= ${at(now)} and status <> 'skipped'`;
  const groupsRead = selectRows<{ subscriptionId: string; planId: string; trial: boolean; from: Instant; to: Instant }>(
    db,
    sql`select subscription_id as "subscriptionId", plan_id as "planId", is_trial as trial, ${epochMs('min(period_start)')} as "from", ${epochMs('max(period_end)')} as "to"
        from billing_periods where ${periodWindow}
        group by subscription_id, plan_id, is_trial`,
  );
  const plansRead = selectRows<{ id: string; code: string; currency: string; interval: PlanInterval; intervalCount: number; flatPerPeriod: string }>(
    db,
    sql`select p.id, p.code, p.currency, p.interval, p.interval_count as "intervalCount",
          coalesce((select sum(c.amount) from plan_charges c where c.plan_id = p.id and c.model = 'flat'), 0)::text as "flatPerPeriod"
        from plans p`,
  );
  const [subscriptionRows, groups, planRows] = await Promise.all([subscriptionsRead, groupsRead, plansRead]);
  const groupCount = new Map<string, number>();
  for (const g of groups) groupCount.set(g.subscriptionId, (groupCount.get(g.subscriptionId) ?? 0) + 1);
  const changed = [...groupCount].filter(([, n]) => n > 1).map(([id]) => id);
  const periodRows = changed.length === 0 ? [] : await selectRows<{ subscriptionId: string; planId: string; trial: boolean; from: Instant; to: Instant }>(
    db,
    sql`select subscription_id as "subscriptionId", plan_id as "planId", is_trial as trial, ${epochMs('period_start')} as "from", ${epochMs('period_end')} as "to"
        from billing_periods where ${periodWindow} and subscription_id = any(${`{${changed.join(',')}}`}::uuid[])`,
  );
  const segmentRows = [...groups.filter((g) => groupCount.get(g.subscriptionId) === 1), ...periodRows];

  const periodsBySubscription = new Map<string, PeriodOnPlan[]>();
  for (const row of segmentRows) {
    const list = periodsBySubscription.get(row.subscriptionId) ?? [];
    list.push({ planId: row.planId, trial: row.trial, from: toDate(row.from), to: toDate(row.to) });
    periodsBySubscription.set(row.subscriptionId, list);
  }
  const histories: SubscriptionHistory[] = subscriptionRows.map((row) => ({
    startDate: toDate(row.startDate),
    trialEnd: row.trialEnd === null ? null : toDate(row.trialEnd),
    endedAt: row.endedAt === null ? null : toDate(row.endedAt),
    planId: row.planId,
    segments: mergePeriods(periodsBySubscription.get(row.id) ?? []),
  }));
  return { months, series: monthEndMrr(histories, planRows, months, defaultCurrency) };
}

export type MonthlyCashflow = { currency: Currency; points: { month: string; invoiced: string; collected: string }[] };

/** Per currency and month of the last `count` (the current one to `now`): invoiced and collected. */
export async function getInvoicedAndCollected(db: Queryable, now: Date, count = TREND_MONTHS): Promise<{ months: TrendMonth[]; series: MonthlyCashflow[] }> {
  const months = trendMonths(now, count);
  const windowStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1), 1));
  // grouped by the truncated instant and formatted once per group: to_char on every row cost half the
  // query at 50,000 invoices (npm run bench:dashboard)
  const monthStart = (column: string) => sql.raw(`date_trunc('month', ${column} at time zone 'UTC')`);
  const invoicedRead = selectRows<{ currency: string; month: string; amount: string }>(
    db,
    sql`select currency, to_char(${monthStart('issued_at')}, 'YYYY-MM') as month, sum(total)::text as amount
        from invoices
        where status in ('open', 'paid', 'uncollectible') and issued_at >= ${at(windowStart)} and issued_at <= ${at(now)}
        group by currency, ${monthStart('issued_at')}`,
  );
  const collectedRead = selectRows<{ currency: string; month: string; amount: string }>(
    db,
    sql`select currency, to_char(${monthStart('created_at')}, 'YYYY-MM') as month, sum(amount - amount_refunded)::text as amount
        from payments
        where status in ('succeeded', 'refunded') and created_at >= ${at(windowStart)} and created_at <= ${at(now)}
        group by currency, ${monthStart('created_at')}`,
  );
  const [invoiced, collected] = await Promise.all([invoicedRead, collectedRead]);
  const currencies = [...new Set([...invoiced, ...collected].map((r) => r.currency))].sort();
  const find = (rows: typeof invoiced, currency: string, m: string) => rows.find((r) => r.currency === currency && r.month === m)?.amount ?? '0';
  return {
    months,
    series: currencies.map((currency) => ({
      currency,
      points: months.map(({ month: m }) => ({ month: m, invoiced: moneyString(find(invoiced, currency, m), currency), collected: moneyString(find(collected, currency, m), currency) })),
    })),
  };
}

export const AGING_BUCKETS = [
  { key: 'not_due', label: 'Not yet due' },
  { key: 'days_0_30', label: '0–30 days' },
  { key: 'days_31_60', label: '31–60 days' },
  { key: 'days_61_90', label: '61–90 days' },
  { key: 'days_over_90', label: '90+ days' },
] as const;
export type AgingBucketKey = (typeof AGING_BUCKETS)[number]['key'];

export type ReceivablesAging = { currency: Currency; total: string; buckets: { key: AgingBucketKey; label: string; amount: string; invoices: number }[] };

/** Whole days past due, `floor((now − due) / 24 h)`, as a bucket: negative is not yet due, 30 is still 0–30. */
export function agingBucket(daysPastDue: number): AgingBucketKey {
  if (daysPastDue < 0) return 'not_due';
  if (daysPastDue <= 30) return 'days_0_30';
  if (daysPastDue <= 60) return 'days_31_60';
  if (daysPastDue <= 90) return 'days_61_90';
  return 'days_over_90';
}

/** What open invoices owe at `now`, per currency, by how long they are past due. */
export async function getReceivablesAging(db: Queryable, now: Date): Promise<ReceivablesAging[]> {
  const rows = await selectRows<{ currency: string; days: number | string; amount: string; invoices: number | string }>(
    db,
    sql`select currency, floor(extract(epoch from (${at(now)} - coalesce(due_date, issued_at, created_at))) * 1000 / ${DAY_MS})::int as days,
          sum(amount_due)::text as amount, count(*)::int as invoices
        from invoices
        where status = 'open'
        group by 1, 2`,
  );
  const byCurrency = new Map<string, Map<AgingBucketKey, { amount: Decimal; invoices: number }>>();
  for (const row of rows) {
    const buckets = byCurrency.get(row.currency) ?? new Map();
    const key = agingBucket(Number(row.days));
    const bucket = buckets.get(key) ?? { amount: new ExactDecimal(0), invoices: 0 };
    buckets.set(key, { amount: bucket.amount.plus(row.amount), invoices: bucket.invoices + Number(row.invoices) });
    byCurrency.set(row.currency, buckets);
  }
  return [...byCurrency].sort(([a], [b]) => a.localeCompare(b)).map(([currency, buckets]) => {
    const total = [...buckets.values()].reduce((sum, b) => sum.plus(b.amount), new ExactDecimal(0));
    return {
      currency,
      total: moneyString(total, currency),
      buckets: AGING_BUCKETS.map(({ key, label }) => ({ key, label, amount: moneyString(buckets.get(key)?.amount ?? 0, currency), invoices: buckets.get(key)?.invoices ?? 0 })),
    };
  });
}

export const SUCCESS_RATE_WINDOWS = [30, 90] as const;

/** `rate`: succeeded / attempted as a percentage with two decimals (half up); null when nothing was attempted. */
export type PaymentSuccessRate = { days: number; attempted: number; succeeded: number; rate: string | null };

/** succeeded / attempted × 100, two decimals, half up. */
export function successRate(succeeded: number, attempted: number): string | null {
  return attempted === 0 ? null : new ExactDecimal(succeeded).div(attempted).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** The payment success rate over the last 30 and 90 days: attempts made in (now − days, now]. */
export async function getPaymentSuccessRates(db: Queryable, now: Date): Promise<PaymentSuccessRate[]> {
  const longest = Math.max(...SUCCESS_RATE_WINDOWS);
  const windows = SUCCESS_RATE_WINDOWS.map((days) => sql`
    count(*) filter (where created_at > ${at(new Date(now.getTime() - days * DAY_MS))})::int as "attempted${sql.raw(String(days))}",
    count(*) filter (where created_at > ${at(new Date(now.getTime() - days * DAY_MS))} and status in ('succeeded', 'refunded'))::int as "succeeded${sql.raw(String(days))}"`);
  const [row] = await selectRows<Record<string, number | string>>(
    db,
    sql`select ${sql.join(windows, sql`, `)}
        from payments
        where status in ('succeeded', 'failed', 'refunded') and created_at > ${at(new Date(now.getTime() - longest * DAY_MS))} and created_at <= ${at(now)}`,
  );
  return SUCCESS_RATE_WINDOWS.map((days) => {
    const attempted = Number(row?.[`attempted${days}`] ?? 0);
    const succeeded = Number(row?.[`succeeded${days}`] ?? 0);
    return { days, attempted, succeeded, rate: successRate(succeeded, attempted) };
  });
}
