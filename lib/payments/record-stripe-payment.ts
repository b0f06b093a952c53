// Records a Stripe invoice that is paid as paid here, once: the webhook and a direct charge
// (process-payment) both end here, whichever comes first, for invoices we mirrored and for those
// Stripe issued itself. Stripe's state decides: an invoice that is not paid there is not paid here.
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { fromMinorUnits, moneyString } from '@/lib/billing/money';
import { selectRows, type Queryable } from '@/lib/db/client';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { customers, invoices, payments } from '@/lib/db/schema';
import { findOurInvoice } from '@/lib/stripe/find-our-invoice';
import { fromUnixSeconds } from '@/lib/stripe/stripe-fields';
import { preferredPaymentMethod, type StripePayment } from './find-stripe-payment';

/** Returns the customer whose invoice became paid (to reactivate), or null when nothing changed. */
export async function recordStripePayment(tx: Queryable, current: Stripe.Invoice, { now, payment }: { now: Date; payment: StripePayment }): Promise<string | null> {
  if (current.status !== 'paid') return null; // an older "paid" than a later void or refund: Stripe's state decides
  const invoice = await findOurInvoice(tx, current);
  if (!invoice || invoice.status === 'paid' || invoice.status === 'void') return null;
  const paid = moneyString(fromMinorUnits(current.amount_paid, invoice.currency), invoice.currency);
  const paidAt = fromUnixSeconds(current.status_transitions.paid_at) ?? now;
  const [customer] = await tx.select({ paymentMethod: customers.paymentMethod }).from(customers).where(eq(customers.id, invoice.customerId));
  const method = payment.method ?? preferredPaymentMethod(customer!);
  const [attempts] = await selectRows<{ n: string | number }>(tx, sql`select count(*) as n from payments where invoice_id = ${invoice.id}`);
  await tx
    .insert(payments)
    .values({
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      attemptNumber: Number(attempts?.n ?? 0) + 1,
      amount: paid,
      currency: invoice.currency,
      method,
      status: 'succeeded',
      stripePaymentIntentId: payment.paymentIntentId,
      stripeChargeId: payment.chargeId,
    })
    .onConflictDoNothing();
  await tx
    .update(invoices)
    .set({ status: 'paid', amountPaid: invoice.total, amountDue: '0', paidAt, nextPaymentAttemptAt: null, updatedAt: now })
    .where(eq(invoices.id, invoice.id));
  await writeAuditEntries(tx, { type: 'stripe', id: current.id }, [{ action: 'invoice.paid', entityType: 'invoice', entityId: invoice.id, customerId: invoice.customerId, details: { amount: paid, method, before: { status: invoice.status, amount_due: moneyString(invoice.amountDue, invoice.currency) }, after: { status: 'paid', amount_due: moneyString(0, invoice.currency) } } }]);
  return invoice.customerId;
}
