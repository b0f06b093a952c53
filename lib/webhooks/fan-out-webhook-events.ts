// The first half of sending webhooks: each queued event (a notification_outbox row of channel
// 'webhook', written by the audit writer in the transaction of the business event) becomes one
// delivery per enabled endpoint that subscribes to its type (or to '*'). The event's body is built
// here, once, and kept in the row (payload.event, as the exact text sent), so every delivery and every
// retry sends the same bytes and the same signature input. Rows are claimed with SKIP LOCKED and a
// delivery is unique per (event, endpoint), so concurrent runs never fan out an event twice.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { selectRows, type Db } from '@/lib/db/client';
import { notificationOutbox } from '@/lib/db/schema';
import { loadWebhookObjects } from './load-webhook-objects';
import { webhookEventId } from './to-webhook-endpoint-json';

/** The key of the outbox row's payload that holds the event's body, as sent. */
export const EVENT_BODY_KEY = 'event';

export type FanOutResult = {
  /** events fanned out (now 'sent', with their deliveries written) */
  events: number;
  /** deliveries written */
  deliveries: number;
  /** events whose object could not be found: 'failed', nothing sent */
  failed: number;
  /** events still queued */
  remaining: number;
};

const QUEUED = and(eq(notificationOutbox.channel, 'webhook'), eq(notificationOutbox.status, 'queued'));

export async function fanOutWebhookEvents(db: Db, { now, limit = 100 }: { now: Date; limit?: number }): Promise<FanOutResult> {
  const result = await db.transaction(async (tx) => {
    const claimed = await tx
      .select({ id: notificationOutbox.id, type: notificationOutbox.template, payload: notificationOutbox.payload, createdAt: notificationOutbox.createdAt })
      .from(notificationOutbox)
      .where(QUEUED)
      .orderBy(asc(notificationOutbox.createdAt), asc(notificationOutbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (claimed.length === 0) return { events: 0, deliveries: 0, failed: 0 };

    const { objects, missing } = await loadWebhookObjects(tx, claimed);
    const bodies = claimed.flatMap((event) =>
      objects.has(event.id)
        ? [{ id: event.id, body: JSON.stringify({ id: webhookEventId(event.id), type: event.type, created: event.createdAt.toISOString(), data: { object: objects.get(event.id) } }) }]
        : [],
    );
    const failures = claimed.flatMap((event) => (missing.has(event.id) ? [{ id: event.id, error: missing.get(event.id)! }] : []));

    let deliveries = 0;
    if (bodies.length > 0) {
      await tx.execute(sql`
        update notification_outbox o
           set status = 'sent', sent_at = ${now.toISOString()}::timestamptz, attempts = o.attempts + 1, last_error = null,
               payload = o.payload || jsonb_build_object(${EVENT_BODY_KEY}::text, b.body), updated_at = now()
          from json_to_recordset(${JSON.stringify(bodies)}::json) as b(id uuid, body text)
         where o.id = b.id`);
      // as at Stripe, an endpoint hears of the events that happened after it was made (both times are the database's)
      const inserted = await selectRows<{ id: string }>(
        tx,
        sql`
        insert into webhook_deliveries (message_id, endpoint_id, event_type, next_attempt_at, created_at)
        select o.id, e.id, o.template, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
          from notification_outbox o
          join webhook_endpoints e on e.enabled and (o.template = any(e.events) or '*' = any(e.events)) and e.created_at <= o.created_at
         where o.id in (select (value->>'id')::uuid from json_array_elements(${JSON.stringify(bodies)}::json))
        on conflict (message_id, endpoint_id) do nothing
        returning id`,
      );
      deliveries = inserted.length;
    }
    if (failures.length > 0) {
      console.error(`[webhooks] ${failures.length} event(s) could not be built: ${failures.map((f) => f.error).join('; ')}`);
      await tx.execute(sql`
        update notification_outbox o
           set status = 'failed', attempts = o.attempts + 1, last_error = f.error, updated_at = now()
          from json_to_recordset(${JSON.stringify(failures)}::json) as f(id uuid, error text)
         where o.id = f.id`);
    }
    return { events: bodies.length, deliveries, failed: failures.length };
  });
  const [left] = await db.select({ n: count() }).from(notificationOutbox).where(QUEUED);
  return { ...result, remaining: left?.n ?? 0 };
}
