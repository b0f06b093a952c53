import 'server-only';
import { addUtcDays, lastUtcDayOfPeriod, parseUtcDay, utcDay } from '@/lib/time/utc-day';
import { dailyUsageSeries, MAX_SERIES_DAYS, type DailySeries } from '@/lib/usage/daily-usage';
import { listUsageEvents } from '@/lib/usage/list-usage-events';
import { loadMetrics, type MetricInfo } from '@/lib/usage/measure-usage';
import { getUsageSummary, type UsageEstimate, type UsageSummary } from '@/lib/usage/usage-summary';
import type { AdminWorkspace } from './require-admin';

/** How many of the customer's latest events the page lists to correct; the API pages through the rest. */
export const RECENT_EVENTS_LIMIT = 10;

export type AdminCustomerUsage = {
  /** the open period's usage per metered charge, today's and this month's totals, and the estimate */
  summary: UsageSummary & { estimate: UsageEstimate };
  metrics: MetricInfo[];
  /** one point per UTC day of the current period, its first and last day included */
  daily: { from: string; to: string; series: DailySeries[] };
  /** the latest raw events, newest first: what a correction names */
  events: Awaited<ReturnType<typeof listUsageEvents>>['data'];
  moreEvents: boolean;
};

/**
 * The usage part of /admin/customers/[id]: the customer's current billing period as the customer's own
 * usage page computes it (the same summary and estimate, at the workspace's default tax rate), charted
 * day by day over the whole period (days still to come are zero), and the latest events. Read in the
 * admin's workspace: RLS keeps another workspace's customer out (getUsageSummary answers not found).
 */
export async function getAdminCustomerUsage({ database, config }: Pick<AdminWorkspace, 'database' | 'config'>, customerId: string, now: Date): Promise<AdminCustomerUsage> {
  const { db } = database;
  const summary = await getUsageSummary(db, { customerId, now, includeEstimate: true, defaultTaxRate: config.defaultTaxRate });
  if (!summary.estimate) throw new Error('getUsageSummary returned no estimate although one was asked for');
  const from = utcDay(summary.period.start);
  // a period longer than the series allows (none is: a year is 366 days at most) is charted to its limit
  const last = lastUtcDayOfPeriod(summary.period.end);
  const limit = utcDay(addUtcDays(parseUtcDay(from), MAX_SERIES_DAYS - 1));
  const to = last < limit ? last : limit;
  const [metrics, series, events] = await Promise.all([
    loadMetrics(db),
    dailyUsageSeries(db, { customerId, from, to }),
    listUsageEvents(db, { customer_id: customerId, limit: RECENT_EVENTS_LIMIT }),
  ]);
  return { summary: { ...summary, estimate: summary.estimate }, metrics, daily: { from, to, series }, events: events.data, moreEvents: events.has_more };
}
