import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import { customers, invoices, creditNotes } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { getEmailOrThrow } from '@/lib/notifications/get-email-or-throw';
import { listEmails, type ListEmailsQuery } from '@/lib/notifications/list-emails';
import type { EmailDetailJson, EmailJson } from '@/lib/notifications/to-email-json';
import type { AdminWorkspace } from './require-admin';

/** How many customers the filter's menu offers (by name); a customer chosen by link is added to it. */
const CUSTOMER_OPTIONS = 500;

export type AdminEmailList = {
  emails: EmailJson[];
  hasMore: boolean;
  /** names of the customers the page's emails are for */
  customerNames: Map<string, string>;
  customerOptions: { id: string; name: string }[];
};

/** /admin/emails: a page of the workspace's emails (the API's list) with what the page shows beside it. */
export async function listAdminEmails({ database }: AdminWorkspace, query: ListEmailsQuery, limit: number): Promise<AdminEmailList> {
  const { db } = database;
  const [page, options] = await Promise.all([
    listEmails(db, { ...query, limit }),
    db.select({ id: customers.id, name: customers.name }).from(customers).orderBy(asc(customers.name), asc(customers.id)).limit(CUSTOMER_OPTIONS),
  ]);
  const wanted = new Set(page.data.map((e) => e.customer_id).filter((id): id is string => id !== null));
  if (query.customer_id) wanted.add(query.customer_id);
  const known = new Map(options.map((c) => [c.id, c.name]));
  const missing = [...wanted].filter((id) => !known.has(id));
  if (missing.length > 0) {
    for (const c of await db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, missing))) known.set(c.id, c.name);
  }
  const customerOptions = [...options];
  if (query.customer_id && !options.some((c) => c.id === query.customer_id) && known.has(query.customer_id)) {
    customerOptions.push({ id: query.customer_id, name: known.get(query.customer_id)! });
  }
  return { emails: page.data, hasMore: page.has_more, customerNames: known, customerOptions };
}

export type AdminEmail = EmailDetailJson & { customerName: string | null; invoiceNumber: string | null; creditNoteNumber: string | null };

/** /admin/emails/[id]: the email (the API's detail) and the names of what it is about; null when the workspace has none. */
export async function getAdminEmail({ database }: AdminWorkspace, id: string): Promise<AdminEmail | null> {
  const { db } = database;
  let email: EmailDetailJson;
  try {
    email = await getEmailOrThrow(db, id);
  } catch (error) {
    if (error instanceof BillingError && error.status === 404) return null;
    throw error;
  }
  const [customer] = email.customer_id ? await db.select({ name: customers.name }).from(customers).where(eq(customers.id, email.customer_id)) : [];
  const [invoice] = email.invoice_id ? await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, email.invoice_id)) : [];
  const [creditNote] = email.credit_note_id ? await db.select({ number: creditNotes.number }).from(creditNotes).where(eq(creditNotes.id, email.credit_note_id)) : [];
  return { ...email, customerName: customer?.name ?? null, invoiceNumber: invoice?.number ?? null, creditNoteNumber: creditNote?.number ?? null };
}
