import 'server-only';
import {
  getInvoicedAndCollected,
  getMrrTrend,
  getPaymentSuccessRates,
  getReceivablesAging,
  type MonthlyCashflow,
  type MrrTrend,
  type PaymentSuccessRate,
  type ReceivablesAging,
} from '@/lib/revenue/overview-charts';
import { toExact } from '@/lib/billing/exact-decimal';
import { utcMonth, type TrendMonth } from '@/lib/revenue/month-end-mrr';
import type { AdminWorkspace } from './require-admin';

export type OverviewCharts = {
  mrrTrend: MrrTrend;
  cashflow: { months: TrendMonth[]; series: MonthlyCashflow[] };
  aging: ReceivablesAging[];
  successRates: PaymentSuccessRate[];
};

/**
 * The month-end MRR trend is the overview's costliest read (every subscription's periods over twelve
 * months: most of the page's time at 10,000 customers, npm run bench:dashboard), and its past months
 * rarely change. So a workspace's trend is reused for up to a minute, but only while it still agrees
 * with the live MRR card: the page compares the month to date with the card's MRR
 * (`trendAgreesWithMrr`) and reads the trend afresh when anything differs, so a subscription created,
 * changed or cancelled shows at once. What the minute can hide is a change to past months alone (an
 * import with a start date in the past), until it passes. Kept in this server's memory, per
 * installation, workspace and twelve-month window.
 */
export const MRR_TREND_REUSE_MS = 60_000;
const MAX_REUSED_TRENDS = 500;
type ReusedTrends = Map<string, { computedAt: number; trend: MrrTrend }>;
// per installation (its database), then per workspace and window
const reusedTrendsOf = new WeakMap<object, ReusedTrends>();

const trendKey = (workspaceId: string, now: Date, currency: string) => `${workspaceId}|${utcMonth(now)}|${currency}`;

async function readMrrTrend({ database, config, workspace }: AdminWorkspace, now: Date, { reuse }: { reuse: boolean }): Promise<MrrTrend> {
  let reusedTrends = reusedTrendsOf.get(database.installation);
  if (!reusedTrends) reusedTrendsOf.set(database.installation, (reusedTrends = new Map()));
  const key = trendKey(workspace.id, now, config.defaultCurrency);
  const kept = reusedTrends.get(key);
  const age = kept ? now.getTime() - kept.computedAt : Infinity;
  if (reuse && kept && age >= 0 && age < MRR_TREND_REUSE_MS) return kept.trend;
  const trend = await getMrrTrend(database.db, now, config.defaultCurrency);
  if (reusedTrends.size >= MAX_REUSED_TRENDS) reusedTrends.delete(reusedTrends.keys().next().value!);
  reusedTrends.set(key, { computedAt: now.getTime(), trend });
  return trend;
}

/** Whether the trend's month to date is the live MRR in every currency (a currency missing counts as 0). */
export function trendAgreesWithMrr(trend: MrrTrend, mrrByCurrency: Record<string, string>): boolean {
  const toDate = new Map(trend.series.map((s) => [s.currency, s.points.at(-1)?.mrr ?? '0']));
  const currencies = new Set([...toDate.keys(), ...Object.keys(mrrByCurrency)]);
  return [...currencies].every((c) => toExact(toDate.get(c) ?? '0', 'mrr').eq(toExact(mrrByCurrency[c] ?? '0', 'mrr')));
}

/**
 * The admin overview's trend charts, every figure as of `now` (the page's request time), the MRR trend
 * agreeing with `mrrByCurrency` (the MRR card's figures, read in the same request).
 */
export async function getOverviewCharts(scope: AdminWorkspace, now: Date, mrrByCurrency: Promise<Record<string, string>>): Promise<OverviewCharts> {
  const { db } = scope.database;
  const [reused, cashflow, aging, successRates, liveMrr] = await Promise.all([
    readMrrTrend(scope, now, { reuse: true }),
    getInvoicedAndCollected(db, now),
    getReceivablesAging(db, now),
    getPaymentSuccessRates(db, now),
    mrrByCurrency,
  ]);
  const mrrTrend = trendAgreesWithMrr(reused, liveMrr) ? reused : await readMrrTrend(scope, now, { reuse: false });
  return { mrrTrend, cashflow, aging, successRates };
}
