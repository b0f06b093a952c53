import 'server-only';
// Everything /billing/invoices/[id] shows about one invoice of the signed-in customer: the invoice
// with its lines, its credit notes, its payments and how the customer pays. Read in one RLS
// transaction as the customer (lib/invoicing/visible-invoice.ts's rule: their own, never a draft),
// so another customer's invoice id finds nothing and the page answers 404.
import { asc, eq } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { moneyString } from '@/lib/billing/money';
import { asUser } from '@/lib/db/as-user';
import type { Db } from '@/lib/db/client';
import { customers, invoices, payments } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { listCreditNotes, toCreditNoteView } from '@/lib/invoicing/credit-notes';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import { loadVisibleInvoice } from '@/lib/invoicing/visible-invoice';
import { invoiceDisplayStatus } from './invoice-display-status';
import type { InvoiceDisplayStatus } from './types';

export type InvoicePaymentRow = {
  id: string;
  at: Date;
  method: (typeof payments.$inferSelect)['method'];
  status: (typeof payments.$inferSelect)['status'];
  amount: string;
  amountRefunded: string;
  currency: string;
  reference: string | null;
  failureMessage: string | null;
  stripeChargeId: string | null;
};

export type CustomerInvoiceDetail = {
  invoice: InvoiceView;
  displayStatus: InvoiceDisplayStatus;
  creditNotes: ReturnType<typeof toCreditNoteView>[];
  /** every attempt, oldest first: succeeded, failed, processing, refunded */
  payments: InvoicePaymentRow[];
  customer: { id: string; name: string; paymentMethod: (typeof customers.$inferSelect)['paymentMethod'] };
  /** what an open invoice may be paid with here: Stripe's page, or only by bank transfer */
  stripeInvoiceId: string | null;
};

/** The invoice `invoiceId` as the signed-in customer may see it, or null (not theirs, a draft, not an id). */
export async function getCustomerInvoiceDetail(db: Db, session: Session, invoiceId: string, now: Date): Promise<CustomerInvoiceDetail | null> {
  return asUser(db, session.claims, async (tx) => {
    let invoice: InvoiceView;
    try {
      invoice = await loadVisibleInvoice({ kind: 'customer', asCustomer: (work) => work(tx) }, invoiceId);
    } catch (error) {
      if (error instanceof BillingError && error.status === 404) return null;
      throw error;
    }
    const [customer] = await tx
      .select({ id: customers.id, name: customers.name, paymentMethod: customers.paymentMethod, userId: customers.userId })
      .from(customers)
      .where(eq(customers.id, invoice.customer_id));
    // RLS shows only the signed-in user's own customer record; a second check costs nothing
    if (!customer || customer.userId !== session.userId) return null;
    const paymentRows = await tx.select().from(payments).where(eq(payments.invoiceId, invoice.id)).orderBy(asc(payments.createdAt), asc(payments.attemptNumber));
    // what the API view leaves out: the overdue mark (for the badge) and Stripe's copy
    const [row] = await tx.select({ status: invoices.status, overdueAt: invoices.overdueAt, dueDate: invoices.dueDate, stripeInvoiceId: invoices.stripeInvoiceId }).from(invoices).where(eq(invoices.id, invoice.id));
    return {
      invoice,
      displayStatus: invoiceDisplayStatus(row!, now),
      creditNotes: await listCreditNotes(tx, invoice.id),
      payments: paymentRows.map((p) => ({
        id: p.id,
        at: p.createdAt,
        method: p.method,
        status: p.status,
        amount: moneyString(p.amount, p.currency),
        amountRefunded: moneyString(p.amountRefunded, p.currency),
        currency: p.currency,
        reference: p.reference,
        failureMessage: p.failureMessage,
        stripeChargeId: p.stripeChargeId,
      })),
      customer: { id: customer.id, name: customer.name, paymentMethod: customer.paymentMethod },
      stripeInvoiceId: row!.stripeInvoiceId,
    };
  });
}
