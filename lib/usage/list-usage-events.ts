// The admin's view of raw events, newest first, to find the one a correction is about.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { decimalString } from '@/lib/billing/money';
import { selectRows, type Queryable } from '@/lib/db/client';

export const listUsageEventsQuery = z.object({
  customer_id: z.uuid({ message: 'must be a customer id (uuid)' }),
  metric: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a metric code').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  /** the `id` of the last event of the previous page */
  starting_after: z.string().regex(/^\d{1,19}$/, 'must be an event id from a previous page').optional(),
});

type Row = {
  id: string;
  event_id: string;
  metric: string;
  quantity: string;
  occurred_at: Date;
  received_at: Date;
  properties: Record<string, unknown>;
  voided_at: Date | null;
  void_reason: string | null;
};

export async function listUsageEvents(db: Queryable, query: z.output<typeof listUsageEventsQuery>) {
  const rows = await selectRows<Row>(
    db,
    sql`select e.id::text as id, e.event_id, m.code as metric, e.quantity, e.occurred_at, e.received_at, e.properties, e.voided_at, e.void_reason
          from usage_events e join billable_metrics m on m.id = e.metric_id
         where e.customer_id = ${query.customer_id}
           ${query.metric ? sql`and m.code = ${query.metric}` : sql``}
           ${query.starting_after ? sql`and e.id < ${query.starting_after}::bigint` : sql``}
         order by e.id desc
         limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      event_id: r.event_id,
      metric: r.metric,
      quantity: decimalString(r.quantity),
      timestamp: new Date(r.occurred_at).toISOString(),
      received: new Date(r.received_at).toISOString(),
      properties: r.properties,
      voided: r.voided_at !== null,
      void_reason: r.void_reason,
    })),
    has_more: rows.length > query.limit,
  };
}
