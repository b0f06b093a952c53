import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { listAlerts } from '@/lib/alerts/list-alerts';
import type { AlertJson } from '@/lib/alerts/to-alert-json';
import { creditNotes, customers, invoices, notificationOutbox, paymentMethods, payments } from '@/lib/db/schema';
import { toInvoiceSummary } from '@/lib/dashboard/to-invoice-summary';
import type { InvoiceSummary } from '@/lib/dashboard/types';
import { listSubscriptions, type SubscriptionView } from '@/lib/subscriptions/subscription-view';
import type { AdminWorkspace } from './require-admin';

/** How many of each kind of record the page lists; the API pages through the rest. */
export const CUSTOMER_PAGE_LIMIT = 25;

export type AdminCustomerDetail = {
  customer: typeof customers.$inferSelect;
  subscriptions: SubscriptionView[];
  invoices: InvoiceSummary[];
  moreInvoices: boolean;
  payments: (typeof payments.$inferSelect & { invoiceNumber: string | null })[];
  creditNotes: (typeof creditNotes.$inferSelect & { invoiceNumber: string | null })[];
  paymentMethods: (typeof paymentMethods.$inferSelect)[];
  emails: { id: string; template: string; subject: string | null; status: string; deliveryStatus: string | null; createdAt: Date; sentAt: Date | null }[];
  alerts: AlertJson[];
  /** open and overdue invoices' amount due, per currency */
  balance: { currency: string; amount: string }[];
};

/**
 * /admin/customers/[id]: one customer of the admin's workspace with everything billing holds about
 * them, newest first, a page of each. Null when the id is not a customer here: RLS scopes every read
 * to the workspace, so another workspace's customer is not found, as in the API.
 */
export async function getAdminCustomer({ database }: AdminWorkspace, id: string, now: Date): Promise<AdminCustomerDetail | null> {
  const { db } = database;
  const [customer] = await db.select().from(customers).where(eq(customers.id, id));
  if (!customer) return null;

  const [subs, invoiceRows, paymentRows, noteRows, methodRows, emailRows, alertPage, balance] = await Promise.all([
    listSubscriptions(db, { customer_id: id, limit: CUSTOMER_PAGE_LIMIT }),
    db
      .select()
      .from(invoices)
      .where(eq(invoices.customerId, id))
      .orderBy(sql`coalesce(${invoices.issuedAt}, ${invoices.createdAt}) desc`, desc(invoices.createdAt))
      .limit(CUSTOMER_PAGE_LIMIT + 1),
    db
      .select({ payment: payments, invoiceNumber: invoices.number })
      .from(payments)
      .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
      .where(eq(payments.customerId, id))
      .orderBy(desc(payments.createdAt))
      .limit(CUSTOMER_PAGE_LIMIT),
    db
      .select({ note: creditNotes, invoiceNumber: invoices.number })
      .from(creditNotes)
      .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
      .where(eq(creditNotes.customerId, id))
      .orderBy(desc(creditNotes.createdAt))
      .limit(CUSTOMER_PAGE_LIMIT),
    db
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.customerId, id), isNull(paymentMethods.detachedAt)))
      .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt)),
    db
      .select({
        id: notificationOutbox.id,
        template: notificationOutbox.template,
        subject: notificationOutbox.subject,
        status: notificationOutbox.status,
        deliveryStatus: notificationOutbox.deliveryStatus,
        createdAt: notificationOutbox.createdAt,
        sentAt: notificationOutbox.sentAt,
      })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.customerId, id), eq(notificationOutbox.channel, 'email')))
      .orderBy(desc(notificationOutbox.createdAt))
      .limit(CUSTOMER_PAGE_LIMIT),
    listAlerts(db, { customer_id: id, limit: CUSTOMER_PAGE_LIMIT }),
    db
      .select({ currency: invoices.currency, amount: sql<string>`sum(${invoices.amountDue})::text` })
      .from(invoices)
      .where(and(eq(invoices.customerId, id), eq(invoices.status, 'open')))
      .groupBy(invoices.currency)
      .orderBy(invoices.currency),
  ]);

  return {
    customer,
    subscriptions: subs.data,
    invoices: invoiceRows.slice(0, CUSTOMER_PAGE_LIMIT).map((row) => toInvoiceSummary(row, now)),
    moreInvoices: invoiceRows.length > CUSTOMER_PAGE_LIMIT,
    payments: paymentRows.map((r) => ({ ...r.payment, invoiceNumber: r.invoiceNumber })),
    creditNotes: noteRows.map((r) => ({ ...r.note, invoiceNumber: r.invoiceNumber })),
    paymentMethods: methodRows,
    emails: emailRows,
    alerts: alertPage.data,
    balance,
  };
}
