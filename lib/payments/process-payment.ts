// POST /api/billing/process-payment: collect an open invoice now.
//
// Without Stripe the answer is the bank transfer instructions (IBAN, BIC, the invoice number as the
// reference); an admin records the payment when it arrives. With Stripe the invoice is mirrored, then
// charged off-session on the customer's default payment method when auto-pay is on; otherwise the
// answer is Stripe's hosted payment page. Every charge attempt is a row in payments, with the method
// Stripe charged (card or SEPA debit). An invoice Stripe issued itself is Stripe's to collect: the answer
// is its hosted page.
import { eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { BillingConfig } from '@/lib/config/billing-config';
import { nextRetryAt } from '@/lib/dunning/dunning-policy';
import { reactivateIfSettled } from '@/lib/dunning/reactivate';
import { moneyString } from '@/lib/billing/money';
import { selectRows, type Db } from '@/lib/db/client';
import { customers, invoices, payments } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { mirrorInvoiceToStripe } from '@/lib/stripe/mirror-invoice';
import { findStripePayment, paymentMethodOf, preferredPaymentMethod } from './find-stripe-payment';
import { paymentFailedEntry } from './payment-failed-entry';
import { recordStripePayment } from './record-stripe-payment';

export type PaymentResult =
  | { invoice_id: string; status: 'paid'; amount: string; currency: string }
  | { invoice_id: string; status: 'failed'; failure_code: string; failure_message: string; payment_url: string | null }
  | { invoice_id: string; status: 'requires_payment'; payment_url: string | null }
  | { invoice_id: string; status: 'bank_transfer'; bank_transfer: { iban: string | null; bic: string | null; reference: string; amount: string; currency: string } };

export async function processPayment(
  db: Db,
  stripe: Stripe | null,
  invoiceId: string,
  { now, config, actor = { type: 'system', id: null } }: { now: Date; config: BillingConfig; actor?: Actor },
): Promise<PaymentResult> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) throw notFound('Invoice');
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw new BillingError({ code: 'invalid_transition', status: 409, message: `An invoice that is ${invoice.status} cannot be paid` });
  }
  const amount = moneyString(invoice.amountDue, invoice.currency);
  // Stripe issued it and collects it on its own schedule: never a copy or a charge of ours, only its page
  if (invoice.source === 'stripe') return { invoice_id: invoice.id, status: 'requires_payment', payment_url: invoice.hostedInvoiceUrl };
  if (!stripe) {
    return { invoice_id: invoice.id, status: 'bank_transfer', bank_transfer: { iban: config.bank.iban, bic: config.bank.bic, reference: invoice.number ?? invoice.id, amount, currency: invoice.currency } };
  }

  const mirrored = await mirrorInvoiceToStripe(db, stripe, invoice.id);
  const [customer] = await db.select().from(customers).where(eq(customers.id, invoice.customerId));
  if (!customer!.autoPay) {
    await db.update(invoices).set({ nextPaymentAttemptAt: null }).where(eq(invoices.id, invoice.id));
    return { invoice_id: invoice.id, status: 'requires_payment', payment_url: mirrored.hostedInvoiceUrl };
  }

  const [attempts] = await selectRows<{ n: string | number }>(db, sql`select count(*) as n from payments where invoice_id = ${invoice.id}`);
  const attempt = Number(attempts?.n ?? 0) + 1;
  try {
    // keyed per attempt: a retried request replays this attempt's answer instead of charging twice
    const paid = await stripe.invoices.pay(mirrored.stripeInvoiceId, { off_session: true }, { idempotencyKey: `pay-${invoice.id}-${attempt}` });
    if (paid.status !== 'paid') {
      // a SEPA debit takes days to settle: invoice.paid (the webhook) records it when it does
      await db.update(invoices).set({ paymentAttemptCount: attempt, nextPaymentAttemptAt: null, updatedAt: now }).where(eq(invoices.id, invoice.id));
      return { invoice_id: invoice.id, status: 'requires_payment', payment_url: mirrored.hostedInvoiceUrl };
    }
    const payment = await findStripePayment(stripe, mirrored.stripeInvoiceId);
    await db.transaction(async (tx) => {
      await recordStripePayment(tx, paid, { now, payment });
      await reactivateIfSettled(tx, [invoice.customerId], { now, config, actor });
    });
    return { invoice_id: invoice.id, status: 'paid', amount, currency: invoice.currency };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeCardError) && !(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    const failureCode = error.decline_code ?? error.code ?? 'payment_failed';
    const failureMessage = error.message;
    const method = paymentMethodOf(error.payment_method?.type ?? error.payment_method_type) ?? preferredPaymentMethod(customer!);
    await db.transaction(async (tx) => {
      const recorded = await tx
        .insert(payments)
        // the method Stripe tried to charge, else the customer's setting
        .values({ invoiceId: invoice.id, customerId: invoice.customerId, attemptNumber: attempt, amount, currency: invoice.currency, method, status: 'failed', failureCode, failureMessage })
        .onConflictDoNothing()
        .returning({ id: payments.id });
      // the dunning run retries on the configured schedule (1, 3 and 7 days by default), then stops
      const nextAttemptAt = nextRetryAt(config.dunning, attempt, now);
      await tx.update(invoices).set({ paymentAttemptCount: attempt, nextPaymentAttemptAt: nextAttemptAt, updatedAt: now }).where(eq(invoices.id, invoice.id));
      // told once per attempt: the same attempt recorded again (a retried request) is no news
      if (recorded.length) await writeAuditEntries(tx, actor, [paymentFailedEntry(invoice, { attempt, code: failureCode, message: failureMessage, nextAttemptAt })]);
    });
    return { invoice_id: invoice.id, status: 'failed', failure_code: failureCode, failure_message: error.message, payment_url: mirrored.hostedInvoiceUrl };
  }
}
