import 'server-only';
import { sql } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { asUser } from '@/lib/db/as-user';
import { selectRows } from '@/lib/db/client';
import { addUtcDays, parseUtcDay, utcDay } from '@/lib/time/utc-day';
import { CHART_DAY_OPTIONS, type ChartDays } from '@/lib/usage/chart-geometry';
import { dailyUsageSeries, type DailySeries } from '@/lib/usage/daily-usage';
import { loadMetrics, type MetricInfo } from '@/lib/usage/measure-usage';
import { getUsageSummary, type UsageEstimate, type UsageSummary } from '@/lib/usage/usage-summary';
import { customerScope } from './customer-scope';


export type CustomerUsage = {
  customer: { id: string; name: string };
  /** the open period's usage per metered charge, today's and this month's totals, and the estimate */
  summary: UsageSummary & { estimate: UsageEstimate };
  /** every billable metric, by code: names and units for the totals and the chart picker */
  metrics: MetricInfo[];
  /** one series per metric with one point per UTC day, `from` and `to` both included */
  daily: { from: string; to: string; days: ChartDays; series: DailySeries[] };
};

/**
 * The signed-in customer's usage page: what the open period has used so far against each metered
 * charge, the invoice it would produce, and the last `days` UTC days (today included, 30 or 90) day by day. Runs as the user under RLS,
 * like the overview; the estimate taxes at the customer's workspace's default rate. Null when no
 * customer is linked to this user.
 */
export async function getCustomerUsage(session: Session, { now, days = CHART_DAY_OPTIONS[0] }: { now: Date; days?: ChartDays }): Promise<CustomerUsage | null> {
  const { database, config } = await customerScope(session);
  const defaultTaxRate = config.defaultTaxRate;
  return asUser(database.db, session.claims, async (tx) => {
    const [customer] = await selectRows<{ id: string; name: string }>(
      tx,
      sql`select id, name from customers where user_id = ${session.userId} order by created_at limit 1`,
    );
    if (!customer) return null;

    const summary = await getUsageSummary(tx, { customerId: customer.id, now, includeEstimate: true, defaultTaxRate });
    if (!summary.estimate) throw new Error('getUsageSummary returned no estimate although one was asked for');
    const metrics = await loadMetrics(tx);
    const to = utcDay(now);
    const from = utcDay(addUtcDays(parseUtcDay(to), -(days - 1)));
    const series = await dailyUsageSeries(tx, { customerId: customer.id, from, to });

    return { customer, summary: { ...summary, estimate: summary.estimate }, metrics, daily: { from, to, days, series } };
  });
}
