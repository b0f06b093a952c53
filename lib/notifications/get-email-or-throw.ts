// GET /api/admin/billing/emails/[id]: one email with its bodies and the name of what it attaches.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { creditNotes, invoices, notificationOutbox } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { toEmailDetailJson, type EmailAttachmentJson, type EmailDetailJson } from './to-email-json';

const idSchema = z.uuid();

/**
 * What the email carries, by the contract's rule: an issued invoice's email attaches its PDF as
 * `<number>.pdf`, a credit note's email the credit note's. Nothing is stored for it: the PDF is rendered
 * from the document each time it is sent.
 */
export function emailAttachments(template: string, documents: { invoiceNumber: string | null; creditNoteNumber: string | null }): EmailAttachmentJson[] {
  if (template === 'invoice_issued' && documents.invoiceNumber) return [{ filename: `${documents.invoiceNumber}.pdf`, content_type: 'application/pdf' }];
  if (template === 'credit_note_issued' && documents.creditNoteNumber) return [{ filename: `${documents.creditNoteNumber}.pdf`, content_type: 'application/pdf' }];
  return [];
}

/** The email with this id in the caller's workspace; another workspace's, a webhook event's or a malformed id is a 404. */
export async function getEmailOrThrow(db: Queryable, id: string): Promise<EmailDetailJson> {
  if (!idSchema.safeParse(id).success) throw notFound('Email');
  const [row] = await db
    .select({ email: notificationOutbox, invoiceNumber: invoices.number, creditNoteNumber: creditNotes.number })
    .from(notificationOutbox)
    .leftJoin(invoices, eq(invoices.id, notificationOutbox.invoiceId))
    .leftJoin(creditNotes, eq(creditNotes.id, notificationOutbox.creditNoteId))
    .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.channel, 'email')));
  if (!row) throw notFound('Email');
  return toEmailDetailJson(row.email, emailAttachments(row.email.template, row));
}
