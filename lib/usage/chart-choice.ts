// Which metrics a usage chart offers and which allowance it draws, for the customer's usage page and
// the admin's customer page alike (both chart one customer's daily usage with app/billing/usage's chart).
import { toExact } from '@/lib/billing/exact-decimal';
import type { DailySeries } from './daily-usage';
import type { MetricInfo } from './measure-usage';
import type { UsageSummary } from './usage-summary';

/** What the choice reads: the open period's charges, every metric, and the days charted. */
export type ChartUsage = { summary: Pick<UsageSummary, 'metrics'>; metrics: Pick<MetricInfo, 'code'>[]; daily: { series: DailySeries[] } };

const isZero = (value: string) => toExact(value, 'quantity').isZero();

/**
 * The metrics the chart offers: those the plan charges for, in the plan's order, then any other metric
 * with usage in the window. The default is the plan's first metric with usage this period, else the
 * plan's first metric, else the first metric with any usage, else the first metric there is.
 */
export function chartMetrics({ summary, metrics, daily }: ChartUsage): { options: string[]; fallback: string | null } {
  const planCodes = [...new Set(summary.metrics.map((c) => c.code))];
  const withUsage = daily.series.filter((s) => s.points.some((p) => !isZero(p.quantity))).map((s) => s.metric);
  const options = [...new Set([...planCodes, ...withUsage])];
  const fallback =
    summary.metrics.find((c) => !isZero(c.quantity))?.code ?? planCodes[0] ?? withUsage[0] ?? metrics[0]?.code ?? null;
  return { options: options.length > 0 ? options : metrics.map((m) => m.code), fallback };
}

/**
 * The allowance the chart can draw for a metric: the plan's one charge on the whole metric that
 * includes units. A charge on part of it (licenses of one tier) is measured on that part only, so a
 * line against the whole metric's bars would mislead; then none is drawn.
 */
export function chartAllowance({ summary }: Pick<ChartUsage, 'summary'>, metric: string | null, periodDays: number): { included: string; periodDays: number } | null {
  const charges = summary.metrics.filter((c) => c.code === metric);
  const [only] = charges;
  if (charges.length !== 1 || !only || only.key !== only.code || isZero(only.included)) return null;
  return { included: only.included, periodDays };
}
