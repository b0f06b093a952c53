// Ingestion: validate a batch against the database, then write every new event and the daily rollups it
// changes in one statement, exactly once per (customer, event id). The usage lock (usage-period-lock.ts)
// keeps a batch out of a period that a billing run is closing. This is the product's hottest path
// (npm run bench:ingest), which is why the batch travels to PostgreSQL as one JSON parameter and
// timestamps stay strings.
import type { Database, RawTransaction } from '@/lib/db/client';
import { BillingError, type ErrorDetail } from '@/lib/errors/billing-error';
import { dimensionKey } from './dimension-key';
import { MAX_FUTURE_SKEW_MS, type UsageEventInput } from './usage-event-schema';
import { usageWriteLocksSql } from './usage-period-lock';

export type IngestResult = { accepted: number; duplicates: number };

type MetricRow = { id: string; code: string; aggregation: string; property: string | null; dimensions: string[] };

/** One event as the insert statement reads it: 1,000 of them travel in one JSON parameter. */
type EventRow = {
  customerId: string;
  metricId: string;
  eventId: string;
  quantity: string;
  /** ISO 8601 */
  occurredAt: string;
  properties: Record<string, unknown>;
  dimension: string;
  /** the value a unique_count metric counts */
  uniqueValue: string | null;
};

/**
 * The batch as the insert statement's JSON parameter, kept small because sending it is a good part of
 * the server's work: customers and metrics as positions in two uuid arrays, short keys, and empty
 * fields left out (the statement fills them in).
 */
function encodeBatch(rows: EventRow[]): { json: string; customerIds: string[]; metricIds: string[] } {
  const customerIndex = new Map<string, number>();
  const metricIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, id: string) => {
    let index = map.get(id);
    if (index === undefined) map.set(id, (index = map.size + 1)); // PostgreSQL arrays start at 1
    return index;
  };
  const encoded = rows.map((r) => {
    const e: Record<string, unknown> = { c: indexOf(customerIndex, r.customerId), m: indexOf(metricIndex, r.metricId), e: r.eventId, q: r.quantity, t: r.occurredAt };
    for (const _ in r.properties) {
      e.p = r.properties;
      break;
    }
    if (r.dimension !== '') e.d = r.dimension;
    if (r.uniqueValue !== null) e.u = r.uniqueValue;
    return e;
  });
  return { json: JSON.stringify(encoded), customerIds: [...customerIndex.keys()], metricIds: [...metricIndex.keys()] };
}

// One statement finds the batch's customers and metrics and takes the customers' usage locks: a round
// trip per lookup was a tenth of a duplicate batch's time (npm run bench:ingest).
const LOOK_UP_AND_LOCK = `
with found as (
  select id, external_id from customers where id = any($1::uuid[]) or external_id = any($2::text[])
),
locked as (${usageWriteLocksSql('found')})
select (select coalesce(json_agg(json_build_object('id', id, 'external_id', external_id)), '[]'::json) from found) as customers,
       (select count(*) from locked)::int as stripes,
       (select coalesce(json_agg(json_build_object('id', m.id, 'code', m.code, 'aggregation', m.aggregation, 'property', m.property, 'dimensions', m.dimensions)), '[]'::json)
          from billable_metrics m where m.code = any($3::text[]) and m.archived_at is null) as metrics`;

async function lookUpAndLock(tx: RawTransaction, events: UsageEventInput[]) {
  const ids = new Set<string>();
  const externalIds = new Set<string>();
  const codes = new Set<string>();
  for (const e of events) {
    if (e.customer_id) ids.add(e.customer_id);
    else if (e.external_customer_id) externalIds.add(e.external_customer_id);
    codes.add(e.metric);
  }
  const [found] = await tx.query<{ customers: { id: string; external_id: string | null }[]; metrics: MetricRow[] }>(LOOK_UP_AND_LOCK, [[...ids], [...externalIds], [...codes]]);
  const rows = found!.customers;
  // A statement after the lock reads with a fresh snapshot, so it sees a close that committed while
  // this batch waited for the lock.
  const locked = await tx.query<{ customer_id: string; locked_until: Date }>(
    `select customer_id, max(period_end) as locked_until from billing_periods
      where customer_id = any($1::uuid[]) and status in ('closing', 'invoiced')
      group by customer_id`,
    [rows.map((r) => r.id)],
  );
  const customers = {
    byId: new Map(rows.map((r) => [r.id, r.id])),
    byExternalId: new Map(rows.flatMap((r) => (r.external_id ? [[r.external_id, r.id] as const] : []))),
    lockedUntilMs: new Map(locked.map((r) => [r.customer_id, new Date(r.locked_until).getTime()])),
  };
  return { customers, metrics: new Map(found!.metrics.map((m) => [m.code, m])) };
}

/** Resolves names to ids and applies every rule that needs the database; collects all failures. */
function resolveEvents(
  events: UsageEventInput[],
  customers: Awaited<ReturnType<typeof lookUpAndLock>>['customers'],
  metrics: Map<string, MetricRow>,
  now: Date,
  batch: boolean,
): { rows: EventRow[]; errors: ErrorDetail[] } {
  const rows: EventRow[] = [];
  const errors: ErrorDetail[] = [];
  const nowIso = now.toISOString();
  const latestAllowedMs = now.getTime() + MAX_FUTURE_SKEW_MS;
  events.forEach((event, index) => {
    const fail = (field: string, message: string) => errors.push(batch ? { index, field, message } : { field, message });
    const customerId = event.customer_id ? customers.byId.get(event.customer_id) : customers.byExternalId.get(event.external_customer_id!);
    if (!customerId) fail(event.customer_id ? 'customer_id' : 'external_customer_id', 'no customer has this id');
    const metric = metrics.get(event.metric);
    if (!metric) fail('metric', `no billable metric has the code ${JSON.stringify(event.metric)}`);

    const occurredAt = event.timestamp ?? nowIso;
    const occurredAtMs = Date.parse(occurredAt);
    if (occurredAtMs > latestAllowedMs) fail('timestamp', 'is more than 5 minutes in the future');
    const lockedUntilMs = customerId ? customers.lockedUntilMs.get(customerId) : undefined;
    if (lockedUntilMs !== undefined && occurredAtMs < lockedUntilMs) {
      fail('timestamp', `falls in a period that is already invoiced (up to ${new Date(lockedUntilMs).toISOString()}); correct it with a credit note`);
    }
    const properties = event.properties ?? {};
    let uniqueValue: string | null = null;
    if (metric?.aggregation === 'unique_count') {
      const value = properties[metric.property!];
      if (value === undefined || value === null || value === '') {
        fail(`properties.${metric.property}`, `is required: ${metric.code} counts its distinct values`);
      } else {
        uniqueValue = String(value);
      }
    }
    if (!customerId || !metric) return;
    rows.push({
      customerId,
      metricId: metric.id,
      eventId: event.id,
      quantity: event.quantity ?? '1',
      occurredAt,
      properties,
      dimension: metric.dimensions.length ? dimensionKey(metric.dimensions, properties) : '',
      uniqueValue,
    });
  });
  return { rows, errors };
}

/**
 * Batches in flight at the same time write different rollup shards, so they do not queue on the same
 * hot rows (every batch of a busy operator touches the same customers' rows for today). Round-robin
 * within this process; readers merge the shards.
 */
export const ROLLUP_SHARDS = 16;
let shardCounter = 0;
function nextRollupShard(): number {
  shardCounter = (shardCounter + 1) % ROLLUP_SHARDS;
  return shardCounter;
}

/** The same id twice in one batch is a duplicate too; the first occurrence wins, as in a retry. */
function firstOccurrences(rows: EventRow[]): EventRow[] {
  const seen = new Set<string>();
  const unique: EventRow[] = [];
  for (const row of rows) {
    const key = `${row.customerId}\u0000${row.eventId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(row);
  }
  // One order for every batch, so two concurrent retries of overlapping batches take the unique-index
  // locks in the same order and cannot deadlock.
  return unique.sort((a, b) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0,
  );
}

// One round trip writes the events and everything derived from them. The workspace travels as a
// parameter rather than each row calling the column default (the scope's setting, read per row); RLS
// still refuses any other workspace's id. ON CONFLICT DO NOTHING makes a retried event a no-op, and
// only the rows the insert returns feed the rollups, so a duplicate never adds to a total. The rollup
// upsert runs in key order (deadlock-free against concurrent batches) into this batch's shard.
const INSERT_EVENTS_AND_ROLLUPS = `
with input as (
  select (($3::uuid[])[i.c]) as c, (($4::uuid[])[i.m]) as m, i.e, i.q, i.t, coalesce(i.p, '{}') as p, coalesce(i.d, '') as d, i.u
    from json_to_recordset($1::json) as i(c int, m int, e text, q numeric, t timestamptz, p jsonb, d text, u text)
),
inserted as (
  insert into usage_events (workspace_id, customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension, received_at)
  select $6::uuid, c, m, e, q, t, p, d, $2 from input
  on conflict (customer_id, event_id) do nothing
  returning customer_id, metric_id, event_id, quantity, occurred_at, dimension
),
rolled as (
  insert into usage_rollups as r (workspace_id, customer_id, metric_id, day, dimension, shard, quantity_sum, event_count, quantity_max, latest_quantity, latest_at, updated_at)
  select $6::uuid, customer_id, metric_id, (occurred_at at time zone 'UTC')::date, dimension, $5::smallint, sum(quantity), count(*), max(quantity),
         (array_agg(quantity order by occurred_at desc, event_id desc))[1], max(occurred_at), $2
    from inserted
   group by 2, 3, 4, 5
   order by 2, 3, 4, 5
  on conflict (customer_id, metric_id, day, dimension, shard) do update set
    quantity_sum = r.quantity_sum + excluded.quantity_sum,
    event_count = r.event_count + excluded.event_count,
    quantity_max = greatest(r.quantity_max, excluded.quantity_max),
    latest_quantity = case when r.latest_at is null or excluded.latest_at >= r.latest_at then excluded.latest_quantity else r.latest_quantity end,
    latest_at = greatest(r.latest_at, excluded.latest_at),
    updated_at = excluded.updated_at
  returning 1
),
uniques as (
  insert into usage_unique_values (workspace_id, customer_id, metric_id, day, dimension, value)
  select distinct $6::uuid, i.c, i.m, (i.t at time zone 'UTC')::date, i.d, i.u
    from input i join inserted n on n.customer_id = i.c and n.event_id = i.e
   where i.u is not null
   order by 2, 3, 4, 5, 6
  on conflict do nothing
  returning 1
)
select count(*)::int as accepted from inserted`;

/**
 * Validates and stores a batch. Any invalid event → 422 with every failure and nothing written.
 * Returns how many events were new and how many had been received before (or repeated in the batch).
 */
export async function ingestUsageEvents(
  database: Database,
  events: UsageEventInput[],
  {
    now,
    batch = true,
    onStored,
  }: {
    now: Date;
    batch?: boolean;
    /** told, after the commit and only when some event was new, which customers and metrics the batch touched (alert evaluation) */
    onStored?: (touched: { customerIds: string[]; metricIds: string[] }) => void;
  },
): Promise<IngestResult> {
  let touched: { customerIds: string[]; metricIds: string[] } | null = null;
  const result = await database.rawTransaction(async (tx) => {
    const { customers, metrics } = await lookUpAndLock(tx, events);
    const { rows, errors } = resolveEvents(events, customers, metrics, now, batch);
    if (errors.length > 0) {
      throw new BillingError({
        code: 'validation_failed',
        status: 422,
        message: batch ? 'Some events are not valid; none of the batch was recorded' : 'The event is not valid',
        details: errors,
      });
    }
    const batchParam = encodeBatch(firstOccurrences(rows));
    const [result] = await tx.query<{ accepted: number }>(INSERT_EVENTS_AND_ROLLUPS, [
      batchParam.json,
      now.toISOString(),
      batchParam.customerIds,
      batchParam.metricIds,
      nextRollupShard(),
      database.workspaceId,
    ]);
    const accepted = result?.accepted ?? 0;
    if (accepted > 0) touched = { customerIds: batchParam.customerIds, metricIds: batchParam.metricIds };
    return { accepted, duplicates: events.length - accepted };
  });
  if (touched && onStored) onStored(touched);
  return result;
}
