// What a webhook event carries in data.object: the resource as the API shows it (an invoice as
// GET /api/billing/invoices/[id] does, a customer, a subscription, a credit note), read when the
// event is fanned out. An alert has no API of its own: its event carries the object it was queued with.
import { inArray } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { creditNotes, customers } from '@/lib/db/schema';
import { toCustomerView } from '@/lib/customers/customer-schemas';
import { BillingError } from '@/lib/errors/billing-error';
import { toCreditNoteView } from '@/lib/invoicing/credit-notes';
import { loadInvoiceViews } from '@/lib/invoicing/invoice-view';
import { objectKindOf, WEBHOOK_EVENT_TYPES, type WebhookEventType, type WebhookObjectKind } from '@/lib/notifications/notification-types';
import { getSubscriptionView } from '@/lib/subscriptions/subscription-view';

export type QueuedEvent = { id: string; type: string; payload: Record<string, unknown> };

const isEventType = (type: string): type is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);

const objectIdOf = (event: QueuedEvent) => (typeof event.payload.object_id === 'string' ? event.payload.object_id : null);

/**
 * Each event's object by its outbox id; an event whose object cannot be found (or whose type is
 * unknown) is left out, with the reason in `missing`.
 */
export async function loadWebhookObjects(db: Queryable, events: QueuedEvent[]): Promise<{ objects: Map<string, unknown>; missing: Map<string, string> }> {
  const objects = new Map<string, unknown>();
  const missing = new Map<string, string>();
  const byKind = new Map<WebhookObjectKind, { event: QueuedEvent; objectId: string }[]>();
  for (const event of events) {
    const objectId = objectIdOf(event);
    if (!isEventType(event.type)) missing.set(event.id, `unknown event type ${event.type}`);
    else if (objectKindOf(event.type) === 'alert') {
      if (event.payload.object && typeof event.payload.object === 'object') objects.set(event.id, event.payload.object);
      else missing.set(event.id, 'the alert event was queued without its object');
    } else if (!objectId) missing.set(event.id, 'the event was queued without an object_id');
    else {
      const kind = objectKindOf(event.type);
      byKind.set(kind, [...(byKind.get(kind) ?? []), { event, objectId }]);
    }
  }

  const found = new Map<string, unknown>();
  const ids = (kind: WebhookObjectKind) => [...new Set((byKind.get(kind) ?? []).map((e) => e.objectId))];
  if (ids('invoice').length) for (const view of await loadInvoiceViews(db, ids('invoice'))) found.set(`invoice:${view.id}`, view);
  if (ids('customer').length) {
    for (const row of await db.select().from(customers).where(inArray(customers.id, ids('customer')))) found.set(`customer:${row.id}`, toCustomerView(row));
  }
  if (ids('credit_note').length) {
    for (const row of await db.select().from(creditNotes).where(inArray(creditNotes.id, ids('credit_note')))) found.set(`credit_note:${row.id}`, toCreditNoteView(row));
  }
  for (const id of ids('subscription')) {
    try {
      found.set(`subscription:${id}`, await getSubscriptionView(db, id));
    } catch (error) {
      // a subscription that is not there is reported below; anything else is the database's problem
      if (!(error instanceof BillingError && error.status === 404)) throw error;
    }
  }

  for (const [kind, entries] of byKind) {
    for (const { event, objectId } of entries) {
      const object = found.get(`${kind}:${objectId}`);
      if (object === undefined) missing.set(event.id, `the ${kind.replace('_', ' ')} ${objectId} was not found`);
      else objects.set(event.id, object);
    }
  }
  return { objects, missing };
}
