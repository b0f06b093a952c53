// Ingestion: validate a batch against the database, then write every new event and the daily rollups it
// changes in one statement, exactly once per (customer, event id).
//
// Concurrency, and why a batch cannot slip into a period being invoiced: the batch takes FOR SHARE
// locks on its customers' rows before it reads which periods are invoiced. A billing run closing a
// period first takes FOR UPDATE on the customer row (lockCustomerForPeriodClose), so it waits for
// batches already past their check to commit (their events are then in the snapshot), and batches that
// come later wait for the close and then see the period as closing. Shared locks do not conflict with
// each other, so concurrent batches for one customer do not queue behind each other.
import type { Database, RawTransaction } from '@/lib/db/client';
import { BillingError, type ErrorDetail } from '@/lib/http/billing-error';
import { dimensionKey } from './dimension-key';
import { MAX_FUTURE_SKEW_MS, type UsageEventInput } from './usage-event-schema';

export type IngestResult = { accepted: number; duplicates: number };

type CustomerRow = { id: string; external_id: string | null };
type MetricRow = { id: string; code: string; aggregation: string; property: string | null; dimensions: string[] };

type EventRow = {
  customerId: string;
  metricId: string;
  eventId: string;
  quantity: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  dimension: string;
  uniqueValue: string | null;
};

async function lockCustomers(tx: RawTransaction, events: UsageEventInput[]) {
  const ids = [...new Set(events.flatMap((e) => (e.customer_id ? [e.customer_id] : [])))];
  const externalIds = [...new Set(events.flatMap((e) => (e.external_customer_id ? [e.external_customer_id] : [])))];
  // ORDER BY id: every batch locks in the same order, so two batches never wait on each other in a cycle
  const rows = await tx.query<CustomerRow>(
    `select id, external_id from customers
      where id = any($1::uuid[]) or external_id = any($2::text[])
      order by id for share`,
    [ids, externalIds],
  );
  const byId = new Map(rows.map((r) => [r.id, r.id]));
  const byExternalId = new Map(rows.flatMap((r) => (r.external_id ? [[r.external_id, r.id] as const] : [])));
  // A separate statement after the lock: it reads with a fresh snapshot, so it sees a close that
  // committed while this batch waited for the lock.
  const customerIds = rows.map((r) => r.id);
  const locked = await tx.query<{ customer_id: string; locked_until: Date }>(
    `select customer_id, max(period_end) as locked_until from billing_periods
      where customer_id = any($1::uuid[]) and status in ('closing', 'invoiced')
      group by customer_id`,
    [customerIds],
  );
  const lockedUntil = new Map(locked.map((r) => [r.customer_id, new Date(r.locked_until)]));
  return { byId, byExternalId, lockedUntil };
}

async function loadMetrics(tx: RawTransaction, events: UsageEventInput[]) {
  const codes = [...new Set(events.map((e) => e.metric))];
  const rows = await tx.query<MetricRow>(
    `select id, code, aggregation, property, dimensions from billable_metrics where code = any($1::text[]) and archived_at is null`,
    [codes],
  );
  return new Map(rows.map((m) => [m.code, m]));
}

/** Resolves names to ids and applies every rule that needs the database; collects all failures. */
function resolveEvents(
  events: UsageEventInput[],
  customers: Awaited<ReturnType<typeof lockCustomers>>,
  metrics: Map<string, MetricRow>,
  now: Date,
  batch: boolean,
): { rows: EventRow[]; errors: ErrorDetail[] } {
  const rows: EventRow[] = [];
  const errors: ErrorDetail[] = [];
  const latestAllowed = now.getTime() + MAX_FUTURE_SKEW_MS;
  events.forEach((event, index) => {
    const fail = (field: string, message: string) => errors.push(batch ? { index, field, message } : { field, message });
    const customerId = event.customer_id ? customers.byId.get(event.customer_id) : customers.byExternalId.get(event.external_customer_id!);
    if (!customerId) {
      fail(event.customer_id ? 'customer_id' : 'external_customer_id', 'no customer has this id');
    }
    const metric = metrics.get(event.metric);
    if (!metric) fail('metric', `no billable metric has the code ${JSON.stringify(event.metric)}`);

    const occurredAt = event.timestamp ?? now;
    if (occurredAt.getTime() > latestAllowed) {
      fail('timestamp', 'is more than 5 minutes in the future');
    }
    const lockedUntil = customerId ? customers.lockedUntil.get(customerId) : undefined;
    if (lockedUntil && occurredAt < lockedUntil) {
      fail('timestamp', `falls in a period that is already invoiced (up to ${lockedUntil.toISOString()}); correct it with a credit note`);
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
      dimension: dimensionKey(metric.dimensions, properties),
      uniqueValue,
    });
  });
  return { rows, errors };
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
  return unique.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
}

// One round trip writes the events and everything derived from them. ON CONFLICT DO NOTHING makes a
// retried event a no-op, and only the rows the insert returns feed the rollups, so a duplicate never
// adds to a total. The rollup upsert runs in key order (deadlock-free against concurrent batches).
const INSERT_EVENTS_AND_ROLLUPS = `
with input as (
  select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::timestamptz[], $6::jsonb[], $7::text[], $8::text[])
    as i(customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension, unique_value)
),
inserted as (
  insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension, received_at)
  select customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension, $9 from input
  on conflict (customer_id, event_id) do nothing
  returning customer_id, event_id
),
fresh as (
  select i.*, (i.occurred_at at time zone 'UTC')::date as day from input i join inserted using (customer_id, event_id)
),
rolled as (
  insert into usage_rollups as r (customer_id, metric_id, day, dimension, quantity_sum, event_count, quantity_max, latest_quantity, latest_at, updated_at)
  select customer_id, metric_id, day, dimension, sum(quantity), count(*), max(quantity),
         (array_agg(quantity order by occurred_at desc, event_id desc))[1], max(occurred_at), $9
    from fresh
   group by customer_id, metric_id, day, dimension
   order by customer_id, metric_id, day, dimension
  on conflict (customer_id, metric_id, day, dimension) do update set
    quantity_sum = r.quantity_sum + excluded.quantity_sum,
    event_count = r.event_count + excluded.event_count,
    quantity_max = greatest(r.quantity_max, excluded.quantity_max),
    latest_quantity = case when r.latest_at is null or excluded.latest_at >= r.latest_at then excluded.latest_quantity else r.latest_quantity end,
    latest_at = greatest(r.latest_at, excluded.latest_at),
    updated_at = excluded.updated_at
  returning 1
),
uniques as (
  insert into usage_unique_values (customer_id, metric_id, day, dimension, value)
  select distinct customer_id, metric_id, day, dimension, unique_value from fresh
   where unique_value is not null
   order by 1, 2, 3, 4, 5
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
  { now, batch = true }: { now: Date; batch?: boolean },
): Promise<IngestResult> {
  return database.rawTransaction(async (tx) => {
    const customers = await lockCustomers(tx, events);
    const metrics = await loadMetrics(tx, events);
    const { rows, errors } = resolveEvents(events, customers, metrics, now, batch);
    if (errors.length > 0) {
      throw new BillingError({
        code: 'validation_failed',
        status: 422,
        message: batch ? 'Some events are not valid; none of the batch was recorded' : 'The event is not valid',
        details: errors,
      });
    }
    const unique = firstOccurrences(rows);
    const [result] = await tx.query<{ accepted: number }>(INSERT_EVENTS_AND_ROLLUPS, [
      unique.map((r) => r.customerId),
      unique.map((r) => r.metricId),
      unique.map((r) => r.eventId),
      unique.map((r) => r.quantity),
      unique.map((r) => r.occurredAt.toISOString()),
      unique.map((r) => JSON.stringify(r.properties)),
      unique.map((r) => r.dimension),
      unique.map((r) => r.uniqueValue),
      now.toISOString(),
    ]);
    const accepted = result?.accepted ?? 0;
    return { accepted, duplicates: events.length - accepted };
  });
}
