// GET /api/admin/billing/emails: the workspace's emails, newest first, paged with starting_after
// (API.md conventions); webhook events share the outbox and are never listed here.
import { and, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { notificationOutbox } from '@/lib/db/schema';
import { EMAIL_TYPES } from './notification-types';
import { EMAIL_STATUSES, outboxStatusesOf, toEmailJson, type EmailJson } from './to-email-json';

/** A filter left empty (an HTML form's "All") is no filter. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const listEmailsQuery = z.object({
  customer_id: optional(z.uuid({ message: 'must be a customer id (uuid)' })),
  type: optional(z.enum(EMAIL_TYPES, { message: `must be one of ${EMAIL_TYPES.join(', ')}` })),
  status: optional(z.enum(EMAIL_STATUSES, { message: `must be one of ${EMAIL_STATUSES.join(', ')}` })),
  limit: optional(z.coerce.number().int().min(1).max(100)),
  starting_after: optional(z.uuid({ message: 'must be an email id from the previous page' })),
});
export type ListEmailsQuery = z.output<typeof listEmailsQuery>;

// every column but the bodies and the payload, which only the detail shows
const { html: _html, text: _text, payload: _payload, ...listColumns } = getTableColumns(notificationOutbox);

export async function listEmails(db: Queryable, query: ListEmailsQuery, { defaultLimit = 100 }: { defaultLimit?: number } = {}): Promise<{ data: EmailJson[]; has_more: boolean }> {
  const limit = query.limit ?? defaultLimit;
  const conditions: SQL[] = [eq(notificationOutbox.channel, 'email')];
  if (query.customer_id) conditions.push(eq(notificationOutbox.customerId, query.customer_id));
  if (query.type) conditions.push(eq(notificationOutbox.template, query.type));
  if (query.status) conditions.push(inArray(notificationOutbox.status, outboxStatusesOf(query.status)));
  if (query.starting_after) {
    conditions.push(
      sql`(${notificationOutbox.createdAt}, ${notificationOutbox.id}) < (select o.created_at, o.id from notification_outbox o where o.id = ${query.starting_after})`,
    );
  }
  const rows = await db
    .select(listColumns)
    .from(notificationOutbox)
    .where(and(...conditions))
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map(toEmailJson), has_more: rows.length > limit };
}
