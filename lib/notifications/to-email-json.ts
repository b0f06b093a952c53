// An email of the outbox as the admin API shows it (GET /api/admin/billing/emails and …/[id]).
import type { notificationOutbox, OUTBOX_STATUSES } from '@/lib/db/schema';
import type { EmailType } from './notification-types';

type OutboxRow = typeof notificationOutbox.$inferSelect;
/** What a list shows: the row without its bodies and payload (a page of a hundred stays small). */
export type EmailListRow = Omit<OutboxRow, 'html' | 'text' | 'payload'>;
type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * The statuses the API shows. `sending` is a sender's short lease on a queued message (it is queued
 * again if the sender dies), so it shows as `queued`.
 */
export const EMAIL_STATUSES = ['queued', 'sent', 'failed', 'not_configured'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export function emailStatusOf(status: OutboxStatus): EmailStatus {
  return status === 'sending' ? 'queued' : status;
}

/** The stored statuses an API status stands for (the filter ?status=queued finds `sending` rows too). */
export function outboxStatusesOf(status: EmailStatus): OutboxStatus[] {
  return status === 'queued' ? ['queued', 'sending'] : [status];
}

export type EmailAttachmentJson = { filename: string; content_type: string };

export function toEmailJson(row: EmailListRow) {
  return {
    id: row.id,
    type: row.template as EmailType,
    to: row.toEmails,
    subject: row.subject,
    status: emailStatusOf(row.status),
    attempts: row.attempts,
    provider_id: row.providerMessageId,
    customer_id: row.customerId,
    invoice_id: row.invoiceId,
    credit_note_id: row.creditNoteId,
    created: row.createdAt.toISOString(),
    sent_at: row.sentAt?.toISOString() ?? null,
    last_error: row.lastError,
    delivery_status: row.deliveryStatus,
    delivery_updated_at: row.deliveryUpdatedAt?.toISOString() ?? null,
  };
}

export type EmailJson = ReturnType<typeof toEmailJson>;

export function toEmailDetailJson(row: OutboxRow, attachments: EmailAttachmentJson[]) {
  return { ...toEmailJson(row), html: row.html, text: row.text, attachments };
}

export type EmailDetailJson = ReturnType<typeof toEmailDetailJson>;
