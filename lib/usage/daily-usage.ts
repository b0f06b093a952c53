// The dashboard's usage chart: one point per UTC day and metric, read from the daily rollups only.
import { sql } from 'drizzle-orm';
import { decimalString } from '@/lib/billing/money';
import { selectRows, type Queryable } from '@/lib/db/client';
import { utcDaysBetween } from '@/lib/time/utc-day';
import { loadMetrics } from './measure-usage';
import type { Aggregation } from './usage-aggregation';

export type DailySeries = {
  metric: string;
  name: string;
  unit: string;
  aggregation: Aggregation;
  points: { day: string; quantity: string }[];
};

export const MAX_SERIES_DAYS = 366;

/**
 * A day's quantity follows the metric's aggregation, as the period total does: sum and count add up,
 * max is the day's peak, latest is the day's last reading per dimension added across dimensions, and
 * unique_count counts the day's distinct values. Days without usage are 0, so the chart has no gaps.
 */
export async function dailyUsageSeries(
  db: Queryable,
  { customerId, from, to, metric }: { customerId: string; from: string; to: string; metric?: string },
): Promise<DailySeries[]> {
  const metrics = (await loadMetrics(db)).filter((m) => metric === undefined || m.code === metric);
  const rows = await selectRows<{ metric_id: string; day: string; sum: string; count: string | number; max: string | null; latest: string | null }>(
    db,
    // shards first merge per dimension (the latest reading is the one with the latest time), then the
    // dimensions add up
    sql`select metric_id, day::text as day, sum(sum) as sum, sum(count) as count, max(max) as max, sum(latest) as latest
          from (select metric_id, day, dimension, sum(quantity_sum) as sum, sum(event_count) as count, max(quantity_max) as max,
                       (array_agg(latest_quantity order by latest_at desc nulls last))[1] as latest
                  from usage_rollups
                 where customer_id = ${customerId} and day >= ${from}::date and day <= ${to}::date
                 group by metric_id, day, dimension) per_dimension
         group by metric_id, day`,
  );
  const uniques = await selectRows<{ metric_id: string; day: string; n: string | number }>(
    db,
    sql`select metric_id, day::text as day, count(distinct value) as n
          from usage_unique_values
         where customer_id = ${customerId} and day >= ${from}::date and day <= ${to}::date
         group by metric_id, day`,
  );
  const value = new Map<string, string>();
  for (const row of rows) {
    const m = metrics.find((x) => x.id === row.metric_id);
    if (!m || m.aggregation === 'unique_count') continue;
    const v = { sum: row.sum, count: String(row.count), max: row.max ?? '0', latest: row.latest ?? '0' }[m.aggregation];
    value.set(`${row.metric_id}|${row.day}`, decimalString(v));
  }
  for (const row of uniques) value.set(`${row.metric_id}|${row.day}`, String(row.n));

  const days = utcDaysBetween(from, to);
  return metrics.map((m) => ({
    metric: m.code,
    name: m.name,
    unit: m.unit,
    aggregation: m.aggregation,
    points: days.map((day) => ({ day, quantity: value.get(`${m.id}|${day}`) ?? '0' })),
  }));
}
