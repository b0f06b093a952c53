import { eq, sql } from 'drizzle-orm';
import { customers, invoices, payments } from '@/lib/db/schema';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { findStripePayment, preferredPaymentMethod } from '@/lib/payments/find-stripe-payment';
import { paymentFailedEntry } from '@/lib/payments/payment-failed-entry';
import { fromUnixSeconds } from '../stripe-fields';
import { convergeInvoice } from './converge-invoice';
import type { WebhookHandler } from './webhook-handler';

/**
 * A charge of the invoice failed at Stripe (a declined card, a returned SEPA debit): the attempt is
 * recorded once, with the method it was tried with, and Stripe's next attempt noted. Nothing is
 * recorded when the invoice is no longer open (paid or voided since; the re-read tells).
 */
export const invoicePaymentFailed: WebhookHandler<'invoice.payment_failed'> = async (tx, event, context) => {
  const converged = await convergeInvoice(tx, event.data.object, context);
  if (!converged || converged.invoice.status !== 'open') return;
  const { current, invoice } = converged;
  const attempt = Math.max(1, current.attempt_count);
  const payment = context.stripe ? await findStripePayment(context.stripe, current.id) : null;
  const [customer] = await tx.select({ paymentMethod: customers.paymentMethod }).from(customers).where(eq(customers.id, invoice.customerId));
  const failure = payment?.failure ?? { code: current.last_finalization_error?.code ?? 'payment_failed', message: current.last_finalization_error?.message ?? 'The payment was declined' };
  const recorded = await tx
    .insert(payments)
    .values({
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      attemptNumber: attempt,
      amount: invoice.amountDue,
      currency: invoice.currency,
      method: payment?.method ?? preferredPaymentMethod(customer!),
      status: 'failed',
      failureCode: failure.code,
      failureMessage: failure.message,
    })
    .onConflictDoNothing() // the same attempt delivered twice is one row, and told once
    .returning({ id: payments.id });
  const next = fromUnixSeconds(current.next_payment_attempt) ?? invoice.nextPaymentAttemptAt;
  if (recorded.length) {
    await writeAuditEntries(tx, { type: 'stripe', id: current.id }, [paymentFailedEntry(invoice, { attempt, code: failure.code, message: failure.message, nextAttemptAt: next })]);
  }
  await tx
    .update(invoices)
    .set({ paymentAttemptCount: sql`greatest(${invoices.paymentAttemptCount}, ${attempt})`, nextPaymentAttemptAt: next, updatedAt: context.now })
    .where(eq(invoices.id, invoice.id));
};
