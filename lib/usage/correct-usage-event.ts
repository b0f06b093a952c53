// Usage corrections by an admin: void an event, or set its quantity, with a reason that lands in the
// audit log. The event's daily rollup is recomputed from its events, so every reader sees the change at
// once. An event in a period that is already invoiced (or being invoiced) is refused: an issued invoice
// never changes silently, it is corrected with a credit note.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { decimalString } from '@/lib/billing/money';
import { selectRows, type Db, type Queryable } from '@/lib/db/client';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { utcDay } from '@/lib/time/utc-day';
import { lockCustomerForUsageWrite } from './usage-period-lock';

export const usageCorrectionSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('void'),
    customer_id: z.uuid(),
    event_id: z.string().min(1).max(200),
    reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  }),
  z.strictObject({
    action: z.literal('adjust'),
    customer_id: z.uuid(),
    event_id: z.string().min(1).max(200),
    quantity: z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, 'must be a decimal string ≥ 0 with at most 6 decimals'),
    reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  }),
]);
export type UsageCorrection = z.output<typeof usageCorrectionSchema>;

type EventRow = {
  id: string;
  customer_id: string;
  metric_id: string;
  event_id: string;
  quantity: string;
  occurred_at: Date;
  dimension: string;
  voided_at: Date | null;
  aggregation: string;
  property: string | null;
};

/** Rebuilds one rollup row (and its distinct values) from the events that remain. */
async function recomputeRollup(tx: Queryable, event: EventRow, now: Date) {
  const day = utcDay(new Date(event.occurred_at));
  const key = sql`customer_id = ${event.customer_id} and metric_id = ${event.metric_id} and dimension = ${event.dimension}`;
  // Lock the row's shards first; the recount below is a later statement, so it sees every batch that
  // committed while this waited, and batches after it add their own delta on top of the recount.
  await selectRows(tx, sql`select 1 from usage_rollups where ${key} and day = ${day}::date for update`);
  const dayRange = sql`occurred_at >= ${day}::date::timestamp at time zone 'UTC' and occurred_at < (${day}::date + 1)::timestamp at time zone 'UTC'`;
  const [agg] = await selectRows<{ n: string | number; sum: string | null; max: string | null; latest: string | null; latest_at: Date | null }>(
    tx,
    sql`select count(*) as n, sum(quantity) as sum, max(quantity) as max,
               (array_agg(quantity order by occurred_at desc, event_id desc))[1] as latest, max(occurred_at) as latest_at
          from usage_events where ${key} and voided_at is null and ${dayRange}`,
  );
  // the recount replaces every shard of the row with one
  await tx.execute(sql`delete from usage_rollups where ${key} and day = ${day}::date`);
  if (agg && Number(agg.n) > 0) {
    await tx.execute(sql`insert into usage_rollups (customer_id, metric_id, day, dimension, shard, quantity_sum, event_count, quantity_max, latest_quantity, latest_at, updated_at)
                         values (${event.customer_id}, ${event.metric_id}, ${day}::date, ${event.dimension}, 0, ${agg.sum}, ${Number(agg.n)}, ${agg.max},
                                 ${agg.latest}, ${agg.latest_at}, ${now.toISOString()})
                         on conflict (customer_id, metric_id, day, dimension, shard) do update set
                           quantity_sum = usage_rollups.quantity_sum + excluded.quantity_sum,
                           event_count = usage_rollups.event_count + excluded.event_count,
                           quantity_max = greatest(usage_rollups.quantity_max, excluded.quantity_max),
                           latest_quantity = case when excluded.latest_at >= usage_rollups.latest_at then excluded.latest_quantity else usage_rollups.latest_quantity end,
                           latest_at = greatest(usage_rollups.latest_at, excluded.latest_at)`);
  }
  if (event.aggregation === 'unique_count' && event.property) {
    await tx.execute(sql`delete from usage_unique_values where ${key} and day = ${day}::date`);
    await tx.execute(sql`insert into usage_unique_values (customer_id, metric_id, day, dimension, value)
                         select distinct customer_id, metric_id, ${day}::date, dimension, properties ->> ${event.property}
                           from usage_events
                          where ${key} and voided_at is null and ${dayRange} and properties ->> ${event.property} is not null`);
  }
}

export async function correctUsageEvent(db: Db, correction: UsageCorrection, { actor, now }: { actor: Actor; now: Date }) {
  return db.transaction(async (tx) => {
    const [customer] = await selectRows<{ id: string }>(tx, sql`select id from customers where id = ${correction.customer_id}`);
    if (!customer) throw notFound('Customer');
    // the lock ingestion takes, so a period cannot start closing between the check and the change
    await lockCustomerForUsageWrite(tx, customer.id);
    const [event] = await selectRows<EventRow>(
      tx,
      sql`select e.id::text as id, e.customer_id, e.metric_id, e.event_id, e.quantity, e.occurred_at, e.dimension, e.voided_at,
                 m.aggregation, m.property
            from usage_events e join billable_metrics m on m.id = e.metric_id
           where e.customer_id = ${correction.customer_id} and e.event_id = ${correction.event_id}
           for update of e`,
    );
    if (!event) throw notFound('Usage event');
    if (event.voided_at) throw new BillingError({ code: 'event_voided', status: 409, message: 'The event is already void' });
    const [locked] = await selectRows<{ locked_until: Date | null }>(
      tx,
      sql`select max(period_end) as locked_until from billing_periods where customer_id = ${event.customer_id} and status in ('closing', 'invoiced')`,
    );
    if (locked?.locked_until && new Date(event.occurred_at) < new Date(locked.locked_until)) {
      throw new BillingError({
        code: 'period_invoiced',
        status: 409,
        message: 'The event is in a period that is already invoiced; issue a credit note instead',
      });
    }

    if (correction.action === 'void') {
      await tx.execute(sql`update usage_events set voided_at = ${now.toISOString()}, void_reason = ${correction.reason} where id = ${event.id}`);
    } else {
      await tx.execute(sql`update usage_events set quantity = ${correction.quantity} where id = ${event.id}`);
    }
    await recomputeRollup(tx, event, now);
    await writeAuditEntries(tx, actor, [
      {
        action: correction.action === 'void' ? 'usage_event.voided' : 'usage_event.adjusted',
        entityType: 'usage_event',
        entityId: event.event_id,
        customerId: event.customer_id,
        details: {
          reason: correction.reason,
          occurred_at: new Date(event.occurred_at).toISOString(),
          quantity_before: decimalString(event.quantity),
          ...(correction.action === 'adjust' ? { quantity_after: decimalString(correction.quantity) } : {}),
          before: { quantity: decimalString(event.quantity), voided: false },
          after: correction.action === 'adjust' ? { quantity: decimalString(correction.quantity), voided: false } : { quantity: decimalString(event.quantity), voided: true },
        },
      },
    ]);
    return {
      customer_id: event.customer_id,
      event_id: event.event_id,
      action: correction.action,
      quantity: correction.action === 'adjust' ? decimalString(correction.quantity) : decimalString(event.quantity),
      voided: correction.action === 'void',
    };
  });
}
