// What the outbox carries (lib/db/schema.ts, notification_outbox): the email types of the contract's
// table and the outgoing webhook event types, each row one or the other.

/** Email templates, one per type (lib/notifications/email-templates). */
export const EMAIL_TYPES = [
  'invoice_issued',
  'payment_succeeded',
  'payment_failed',
  'payment_method_required',
  'invoice_overdue',
  'account_suspended',
  'account_reactivated',
  'credit_note_issued',
  'upcoming_invoice',
  'usage_alert',
  'budget_alert',
  'admin_alert',
] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];

/** Outgoing webhook event types (Standard Webhooks; lib/webhooks). */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.voided',
  'invoice.overdue',
  'credit_note.created',
  'customer.created',
  'customer.updated',
  'customer.suspended',
  'customer.reactivated',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'alert.triggered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The object a webhook event carries in data.object, as the API shows it. */
export type WebhookObjectKind = 'invoice' | 'credit_note' | 'customer' | 'subscription' | 'alert';

export function objectKindOf(type: WebhookEventType): WebhookObjectKind {
  return type.slice(0, type.indexOf('.')) as WebhookObjectKind;
}

/** One message for the outbox; written with queueNotifications in the transaction that caused it. */
export type QueuedNotification =
  | {
      channel: 'email';
      template: EmailType;
      /** once per business event: a second row with the same key in the workspace is dropped */
      dedupeKey: string;
      customerId?: string | null;
      invoiceId?: string | null;
      creditNoteId?: string | null;
      /** the event's facts the template needs beyond the rows it names (a failure message, a reason) */
      payload?: Record<string, unknown>;
      /** fixed recipients (admin alerts); empty: the customer's billing emails when it is rendered */
      toEmails?: string[];
      /** not before (a retry schedule, a digest); default now */
      sendAfter?: Date;
    }
  | {
      channel: 'webhook';
      template: WebhookEventType;
      dedupeKey: string;
      customerId?: string | null;
      invoiceId?: string | null;
      creditNoteId?: string | null;
      /** `object_id`: the id of the object in data.object (an alert's id; the others are the ids above) */
      payload: { object_id: string } & Record<string, unknown>;
    };
