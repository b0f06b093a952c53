import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { customers, invoices, payments } from '@/lib/db/schema';
import { invoiceDisplayStatus } from '@/lib/dashboard/invoice-display-status';
import type { InvoiceDisplayStatus } from '@/lib/dashboard/types';
import { listCreditNotes, toCreditNoteView } from '@/lib/invoicing/credit-notes';
import { loadInvoiceView, type InvoiceView } from '@/lib/invoicing/invoice-view';
import type { AdminWorkspace } from './require-admin';

export type AdminInvoiceDetail = {
  invoice: InvoiceView;
  displayStatus: InvoiceDisplayStatus;
  customer: { id: string; name: string; email: string };
  payments: (typeof payments.$inferSelect)[];
  creditNotes: ReturnType<typeof toCreditNoteView>[];
  stripeInvoiceId: string | null;
  overdueAt: Date | null;
};

/**
 * /admin/invoices/[id]: one invoice of the workspace, drafts included, with its lines, payments and
 * credit notes. Null when it is not an invoice here (RLS keeps another workspace's out of sight).
 */
export async function getAdminInvoice({ database }: AdminWorkspace, id: string, now: Date): Promise<AdminInvoiceDetail | null> {
  const { db } = database;
  const invoice = await loadInvoiceView(db, id);
  if (!invoice) return null;
  const [[row], [customer], paymentRows, notes] = await Promise.all([
    db.select({ status: invoices.status, overdueAt: invoices.overdueAt, dueDate: invoices.dueDate, stripeInvoiceId: invoices.stripeInvoiceId }).from(invoices).where(eq(invoices.id, id)),
    db.select({ id: customers.id, name: customers.name, email: customers.email }).from(customers).where(eq(customers.id, invoice.customer_id)),
    db.select().from(payments).where(eq(payments.invoiceId, id)).orderBy(asc(payments.createdAt), asc(payments.attemptNumber)),
    listCreditNotes(db, id),
  ]);
  return {
    invoice,
    displayStatus: invoiceDisplayStatus(row!, now),
    customer: customer!,
    payments: paymentRows,
    creditNotes: notes,
    stripeInvoiceId: row!.stripeInvoiceId,
    overdueAt: row!.overdueAt,
  };
}
