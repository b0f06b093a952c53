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

const EMPTY_EDGE = (at: Date) => ({ from: at, to: at });

async function loadPartials(db: Queryable, customerId: string, metricIds: string[], from: Date, to: Date) {
  const { days, edges } = splitRange(from, to);
  const [edgeA = EMPTY_EDGE(from), edgeB = EMPTY_EDGE(from)] = edges;
  const rows = await selectRows<PartialRow>(
    db,
    sql`
    with parts as (
      select metric_id, dimension, quantity_sum, event_count, quantity_max, latest_quantity, latest_at
        from usage_rollups
       where customer_id = ${customerId} and ${days !== null}
         and day >= ${days?.from ?? '1970-01-01'}::date and day < ${days?.to ?? '1970-01-01'}::date
      union all
      select metric_id, dimension, sum(quantity), count(*), max(quantity),
             (array_agg(quantity order by occurred_at desc, id desc))[1], max(occurred_at)
        from usage_events
       where customer_id = ${customerId} and metric_id = any(${`{${metricIds.join(',')}}`}::uuid[]) and voided_at is null
         and ((occurred_at >= ${edgeA.from.toISOString()}::timestamptz and occurred_at < ${edgeA.to.toISOString()}::timestamptz)
           or (occurred_at >= ${edgeB.from.toISOString()}::timestamptz and occurred_at < ${edgeB.to.toISOString()}::timestamptz))
       group by metric_id, dimension
    )
    select metric_id, dimension, sum(quantity_sum) as quantity_sum, sum(event_count) as event_count,
           max(quantity_max) as quantity_max,
           (array_agg(latest_quantity order by latest_at desc nulls last))[1] as latest_quantity, max(latest_at) as latest_at
      from parts
     group by metric_id, dimension`,
  );
  const byMetric = new Map<string, UsagePartial[]>();
  for (const row of rows) {
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
  }
  return { byMetric, days, edgeA, edgeB };
}

async function countUniqueValues(
  db: Queryable,
  customerId: string,
  metric: MetricInfo,
  dimensions: string[],
  range: Awaited<ReturnType<typeof loadPartials>>,
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
 * Usage of `customerId` in [from, to): every metric's total under its code ('api_calls'), and every
 * request with filters under its usage key ('licenses{tier=professional}'), as decimal strings.
 */
export async function measureUsage(
  db: Queryable,
  { customerId, from, to, requests = [], metrics }: { customerId: string; from: Date; to: Date; requests?: UsageRequest[]; metrics?: MetricInfo[] },
): Promise<Record<string, string>> {
  const allMetrics = metrics ?? (await loadMetrics(db));
  const range = await loadPartials(db, customerId, allMetrics.map((m) => m.id), from, to);
  const wanted = new Map<string, UsageRequest>();
  for (const metric of allMetrics) wanted.set(metric.code, { metric: metric.code });
  for (const request of requests) wanted.set(usageKey(request.metric, request.filters), request);

  const usage: Record<string, string> = {};
  for (const [key, request] of wanted) {
    const metric = allMetrics.find((m) => m.code === request.metric);
    if (!metric) continue;
    const partials = range.byMetric.get(metric.id) ?? [];
    if (metric.aggregation === 'unique_count') {
      const dims = partials.filter((p) => dimensionMatches(p.dimension, request.filters)).map((p) => p.dimension);
      usage[key] = await countUniqueValues(db, customerId, metric, dims, range);
    } else {
      usage[key] = combinePartials(metric.aggregation, partials, request.filters);
    }
  }
  return usage;
}
