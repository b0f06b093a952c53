// Writing to the outbox, always inside the transaction that made the business event happen: the
// message exists if and only if the event does, and its dedupe key keeps a repeated event (a Stripe
// retry, a rerun) from writing a second one. Sending is lib/notifications/deliver-notifications.ts.
import { sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';
import { insertRows } from '@/lib/db/insert-rows';
import { notificationOutbox } from '@/lib/db/schema';
import type { QueuedNotification } from './notification-types';

/** The event types some enabled endpoint of the current workspace subscribes to ('*' for all). */
async function subscribedEventTypes(tx: Queryable): Promise<Set<string>> {
  const rows = await selectRows<{ type: string }>(tx, sql`select distinct unnest(events) as type from webhook_endpoints where enabled`);
  return new Set(rows.map((r) => r.type));
}

/**
 * Queues the messages in the caller's transaction. A webhook event is written only when an enabled
 * endpoint wants it: as at Stripe, an endpoint receives the events that happen after it exists, and a
 * workspace without endpoints (most, and every billing benchmark) writes no event rows at all.
 */
export async function queueNotifications(tx: Queryable, messages: QueuedNotification[]): Promise<void> {
  if (messages.length === 0) return;
  let wanted: Set<string> | null = null;
  if (messages.some((m) => m.channel === 'webhook')) wanted = await subscribedEventTypes(tx);
  const rows = messages
    .filter((m) => m.channel === 'email' || wanted!.has('*') || wanted!.has(m.template))
    .map((m) => ({
      channel: m.channel,
      template: m.template,
      dedupeKey: m.dedupeKey,
      customerId: m.customerId ?? null,
      invoiceId: m.invoiceId ?? null,
      creditNoteId: m.creditNoteId ?? null,
      payload: m.payload ?? {},
      toEmails: m.channel === 'email' ? (m.toEmails ?? []) : [],
      sendAfter: m.channel === 'email' ? (m.sendAfter ?? null) : null,
    }));
  await insertRows(tx, notificationOutbox, rows, { onConflictDoNothing: true });
}
