// A customer's usage over a half-open range, per metric and per charge filter, read from the daily
// rollups (whole days) and raw events (partial days at the edges) — never a scan of a whole period's
// events. Both the dashboard and invoicing measure usage through here, so they always agree.
import { sql } from 'drizzle-orm';
import { usageKey } from '@/lib/billing/rating';
import { selectRows, type Queryable } from '@/lib/db/client';
import { dimensionMatches } from './dimension-key';
import { combinePartials, splitRange, type Aggregation, type UsagePartial } from './usage-aggregation';

export type MetricInfo = { id: string; code: string; name: string; unit: string; aggregation: Aggregation; property: string | null };
/** A quantity to measure: a metric, optionally narrowed to events whose dimensions match filters. */
export type UsageRequest = { metric: string; filters?: Record<string, string> };

export async function loadMetrics(db: Queryable): Promise<MetricInfo[]> {
  return selectRows<MetricInfo>(db, sql`select id, code, name, unit, aggregation, property from billable_metrics order by code`);
}

type PartialRow = {
  metric_id: string;
  dimension: string;
  quantity_sum: string;
  event_count: string | number;
  quantity_max: string | null;
  latest_quantity: string | null;
  latest_at: Date | string | null;
};

type Range = { days: { from: string; to: string } | null; edgeA: { from: Date; to: Date }; edgeB: { from: Date; to: Date } };

/** Whole days for the rollups, and the two partial days (possibly empty) for raw events. */
function rangeOf(from: Date, to: Date): Range {
  const { days, edges } = splitRange(from, to);
  const empty = { from, to: from };
  return { days, edgeA: edges[0] ?? empty, edgeB: edges[1] ?? empty };
}

/** A customer and a half-open range to measure, named by `key` in the answer. */
export type UsageWindow = { key: string; customerId: string; from: Date; to: Date; requests?: UsageRequest[] };

/**
 * Partial aggregates per window, metric and dimension, for any number of windows in one query: rollup
 * rows for the whole days, raw events only for windows with partial days at their edges.
 */
async function loadPartials(db: Queryable, windows: { key: string; customerId: string; range: Range }[], metricIds: string[]) {
  const rows = windows.map(({ key, customerId, range }) => ({
    k: key,
    c: customerId,
    df: range.days?.from ?? '1970-01-01',
    dt: range.days?.to ?? '1970-01-01',
    e1f: range.edgeA.from.toISOString(),
    e1t: range.edgeA.to.toISOString(),
    e2f: range.edgeB.from.toISOString(),
    e2t: range.edgeB.to.toISOString(),
  }));
  const metricArray = `{${metricIds.join(',')}}`;
  // The rollup read is also bounded by all the windows' customers and days together, so PostgreSQL can
  // take a batch's rows in one bitmap scan, each heap page once and in page order, instead of an index
  // scan per window fetching row after row: rollups are written day by day, so a customer's month lies
  // on some 31 pages shared with other customers, and at tens of thousands of customers those pages no
  // longer fit in the buffer cache (npm run bench:billing).
  const withDays = rows.filter((r) => r.df < r.dt);
  const customerArray = `{${[...new Set(withDays.map((r) => r.c))].join(',')}}`;
  const firstDay = withDays.reduce((day, r) => (r.df < day ? r.df : day), withDays[0]?.df ?? '1970-01-01');
  const endDay = withDays.reduce((day, r) => (r.dt > day ? r.dt : day), withDays[0]?.dt ?? '1970-01-01');
  const result = await selectRows<PartialRow & { k: string }>(
    db,
    sql`
    with w as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json)
        as w(k text, c uuid, df date, dt date, e1f timestamptz, e1t timestamptz, e2f timestamptz, e2t timestamptz)
    ),
    parts as (
      select w.k, r.metric_id, r.dimension, r.quantity_sum, r.event_count, r.quantity_max, r.latest_quantity, r.latest_at
        from w join usage_rollups r
          on r.customer_id = w.c and r.day >= w.df and r.day < w.dt
       where r.customer_id = any(${customerArray}::uuid[]) and r.metric_id = any(${metricArray}::uuid[])
         and r.day >= ${firstDay}::date and r.day < ${endDay}::date
      union all
      select w.k, e.metric_id, e.dimension, sum(e.quantity), count(*), max(e.quantity),
             (array_agg(e.quantity order by e.occurred_at desc, e.id desc))[1], max(e.occurred_at)
        from (select * from w where e1f < e1t or e2f < e2t) w
        join usage_events e
          on e.customer_id = w.c and e.metric_id = any(${metricArray}::uuid[]) and e.voided_at is null
         and ((e.occurred_at >= w.e1f and e.occurred_at < w.e1t) or (e.occurred_at >= w.e2f and e.occurred_at < w.e2t))
       group by w.k, e.metric_id, e.dimension
    )
    select k, metric_id, dimension, sum(quantity_sum) as quantity_sum, sum(event_count) as event_count,
           max(quantity_max) as quantity_max,
           (array_agg(latest_quantity order by latest_at desc nulls last))[1] as latest_quantity, max(latest_at) as latest_at
      from parts
     group by k, metric_id, dimension`,
  );
  const byWindow = new Map<string, Map<string, UsagePartial[]>>();
  for (const row of result) {
    const byMetric = byWindow.get(row.k) ?? new Map<string, UsagePartial[]>();
    const list = byMetric.get(row.metric_id) ?? [];
    list.push({
      dimension: row.dimension,
      quantitySum: row.quantity_sum,
      eventCount: Number(row.event_count),
      quantityMax: row.quantity_max,
      latestQuantity: row.latest_quantity,
      latestAt: row.latest_at === null ? null : new Date(row.latest_at),
    });
    byMetric.set(row.metric_id, list);
    byWindow.set(row.k, byMetric);
  }
  return byWindow;
}

async function countUniqueValues(
  db: Queryable,
  customerId: string,
  metric: MetricInfo,
  dimensions: string[],
  range: Range,
): Promise<string> {
  if (dimensions.length === 0) return '0';
  const { days, edgeA, edgeB } = range;
  const [row] = await selectRows<{ n: string | number }>(
    db,
    sql`
    select count(distinct value) as n from (
      select dimension, value from usage_unique_values
       where customer_id = ${customerId} and metric_id = ${metric.id} and ${days !== null}
         and day >= ${days?.from ?? '1970-01-01'}::date and day < ${days?.to ?? '1970-01-01'}::date
      union all
      select dimension, properties ->> ${metric.property} from usage_events
       where customer_id = ${customerId} and metric_id = ${metric.id} and voided_at is null
         and ((occurred_at >= ${edgeA.from.toISOString()}::timestamptz and occurred_at < ${edgeA.to.toISOString()}::timestamptz)
           or (occurred_at >= ${edgeB.from.toISOString()}::timestamptz and occurred_at < ${edgeB.to.toISOString()}::timestamptz))
    ) v
    where value is not null and dimension = any(${`{${dimensions.map((d) => JSON.stringify(d)).join(',')}}`}::text[])`,
  );
  return String(row?.n ?? 0);
}

/**
 * Usage of each window: every metric's total under its code ('api_calls'), and every request with
 * filters under its usage key ('licenses{tier=professional}'), as decimal strings. One query for all
 * windows (billing measures a whole batch of periods at once), plus one per unique_count quantity.
 */
export async function measureUsageBatch(db: Queryable, windows: UsageWindow[], metrics?: MetricInfo[]): Promise<Map<string, Record<string, string>>> {
  const allMetrics = metrics ?? (await loadMetrics(db));
  const ranged = windows.map((w) => ({ ...w, range: rangeOf(w.from, w.to) }));
  const partials = ranged.length ? await loadPartials(db, ranged, allMetrics.map((m) => m.id)) : new Map<string, Map<string, UsagePartial[]>>();
  const answer = new Map<string, Record<string, string>>();
  for (const window of ranged) {
    const wanted = new Map<string, UsageRequest>();
    for (const metric of allMetrics) wanted.set(metric.code, { metric: metric.code });
    for (const request of window.requests ?? []) wanted.set(usageKey(request.metric, request.filters), request);
    const byMetric = partials.get(window.key);
    const usage: Record<string, string> = {};
    for (const [key, request] of wanted) {
      const metric = allMetrics.find((m) => m.code === request.metric);
      if (!metric) continue;
      const list = byMetric?.get(metric.id) ?? [];
      if (metric.aggregation === 'unique_count') {
        const dims = list.filter((p) => dimensionMatches(p.dimension, request.filters)).map((p) => p.dimension);
        usage[key] = await countUniqueValues(db, window.customerId, metric, dims, window.range);
      } else {
        usage[key] = combinePartials(metric.aggregation, list, request.filters);
      }
    }
    answer.set(window.key, usage);
  }
  return answer;
}

/** Usage of `customerId` in [from, to); see measureUsageBatch. */
export async function measureUsage(
  db: Queryable,
  { customerId, from, to, requests = [], metrics }: { customerId: string; from: Date; to: Date; requests?: UsageRequest[]; metrics?: MetricInfo[] },
): Promise<Record<string, string>> {
  const answer = await measureUsageBatch(db, [{ key: 'window', customerId, from, to, requests }], metrics);
  return answer.get('window')!;
}
