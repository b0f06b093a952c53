// The business events the outside world hears about are the ones the audit log records. So the
// audit writer (lib/audit/write-audit-entries.ts) queues their notifications in the same statement
// batch: no code path can change an invoice, a customer or a subscription, audit it, and forget to
// tell the customer or the operator's webhook. This table says which audit action becomes which
// email and which webhook event; the dedupe key says how often each may happen.
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@/lib/audit/write-audit-entries';
import type { EmailType, QueuedNotification, WebhookEventType } from './notification-types';

type Rule = {
  email?: EmailType;
  webhook?: WebhookEventType;
  /** whether the email applies to this entry (an invoice finalized with nothing due sends none) */
  emailWhen?: (details: Record<string, unknown>) => boolean;
  /**
   * What makes the event unique: 'entity' for what happens once to an object (finalized, paid,
   * voided, created), a detail's name for one per attempt, 'occurrence' for what may happen again
   * (an update, a suspension after a reactivation).
   */
  once: 'entity' | 'occurrence' | { detail: string };
};

const RULES: Record<string, Rule> = {
  'invoice.finalized': {
    email: 'invoice_issued',
    webhook: 'invoice.finalized',
    once: 'entity',
    emailWhen: (d) => d.status === 'open',
  },
  'invoice.paid': {
    email: 'payment_succeeded',
    webhook: 'invoice.paid',
    once: 'entity',
  },
  'invoice.marked_paid': {
    email: 'payment_succeeded',
    webhook: 'invoice.paid',
    once: 'entity',
  },
  'invoice.voided': { webhook: 'invoice.voided', once: 'entity' },
  'invoice.overdue': {
    email: 'invoice_overdue',
    webhook: 'invoice.overdue',
    once: 'entity',
  },
  'invoice.payment_failed': {
    email: 'payment_failed',
    webhook: 'invoice.payment_failed',
    once: { detail: 'attempt' },
  },
  'credit_note.created': {
    email: 'credit_note_issued',
    webhook: 'credit_note.created',
    once: 'entity',
  },
  'customer.created': { webhook: 'customer.created', once: 'entity' },
  'customer.updated': { webhook: 'customer.updated', once: 'occurrence' },
  'customer.suspended': {
    email: 'account_suspended',
    webhook: 'customer.suspended',
    once: 'occurrence',
  },
  'customer.reactivated': {
    email: 'account_reactivated',
    webhook: 'customer.reactivated',
    once: 'occurrence',
  },
  'customer.payment_method_requested': {
    email: 'payment_method_required',
    once: { detail: 'invoice_id' },
  },
  'subscription.created': { webhook: 'subscription.created', once: 'entity' },
  'subscription.plan_changed': {
    webhook: 'subscription.updated',
    once: 'occurrence',
  },
  'subscription.cancel_scheduled': {
    webhook: 'subscription.updated',
    once: 'occurrence',
  },
  'subscription.resumed': {
    webhook: 'subscription.updated',
    once: 'occurrence',
  },
  'subscription.ended': { webhook: 'subscription.canceled', once: 'entity' },
};

/** The outbox rows an audit entry stands for; none for actions nobody outside is told about. */
export function notificationsForAudit(entries: AuditEntry[]): QueuedNotification[] {
  const messages: QueuedNotification[] = [];
  for (const entry of entries) {
    const rule = RULES[entry.action];
    // the demo seed writes its history after the fact (`at`): it is not news to anybody
    if (!rule || !entry.entityId || entry.at) continue;
    const details = entry.details ?? {};
    const discriminator =
      rule.once === 'entity'
        ? entry.entityId
        : rule.once === 'occurrence'
          ? `${entry.entityId}:${randomUUID()}`
          : `${entry.entityId}:${String(details[rule.once.detail])}`;
    const ids = {
      customerId: entry.customerId ?? null,
      invoiceId: entry.entityType === 'invoice' ? entry.entityId : typeof details.invoice_id === 'string' ? details.invoice_id : null,
      creditNoteId: entry.entityType === 'credit_note' ? entry.entityId : null,
    };
    if (rule.email && (!rule.emailWhen || rule.emailWhen(details))) {
      messages.push({
        channel: 'email',
        template: rule.email,
        dedupeKey: `${rule.email}:${discriminator}`,
        ...ids,
        payload: details,
      });
    }
    if (rule.webhook) {
      messages.push({
        channel: 'webhook',
        template: rule.webhook,
        dedupeKey: `${rule.webhook}:${discriminator}`,
        ...ids,
        payload: { ...details, object_id: entry.entityId },
      });
    }
  }
  return messages;
}
