// The payment behind a Stripe invoice: its PaymentIntent, the latest charge, and how the customer paid
// (a card, or a SEPA Direct Debit), so a payment row says what really happened.
import type Stripe from 'stripe';
import type { customers, payments } from '@/lib/db/schema';
import { stripeIdOf } from '@/lib/stripe/stripe-fields';

/** How a Stripe payment was made, in payments.method's terms. */
export type StripePaymentMethod = Extract<(typeof payments.$inferSelect)['method'], 'card' | 'sepa_debit'>;

export type StripePayment = {
  paymentIntentId: string | null;
  chargeId: string | null;
  /** null when nothing was charged yet */
  method: StripePaymentMethod | null;
  /** the latest charge's failure, when it failed */
  failure: { code: string; message: string } | null;
};

/**
 * Stripe's payment method type as ours. The app offers cards and SEPA Direct Debit; `link` and the
 * wallets pay with a card, so everything but a SEPA debit is a card payment.
 */
export function paymentMethodOf(stripeType: string | null | undefined): StripePaymentMethod | null {
  if (!stripeType) return null;
  return stripeType === 'sepa_debit' ? 'sepa_debit' : 'card';
}

/** What a customer pays with when Stripe cannot say (no client to ask, no charge yet): their setting. */
export function preferredPaymentMethod(customer: Pick<typeof customers.$inferSelect, 'paymentMethod'>): StripePaymentMethod {
  return customer.paymentMethod === 'direct_debit' ? 'sepa_debit' : 'card';
}

/**
 * Asks Stripe. Since API version 2025-03-31 an invoice no longer names its PaymentIntent or charge:
 * they are found through its payments (the one that paid, else the newest) and the intent's latest charge.
 */
export async function findStripePayment(stripe: Stripe, stripeInvoiceId: string): Promise<StripePayment> {
  const invoice = await stripe.invoices.retrieve(stripeInvoiceId, { expand: ['payments'] });
  const candidates = invoice.payments?.data ?? [];
  const payment = candidates.find((p) => p.status === 'paid') ?? candidates[0];
  const paymentIntentId = stripeIdOf(payment?.payment.payment_intent);
  if (!paymentIntentId) return { paymentIntentId: null, chargeId: stripeIdOf(payment?.payment.charge), method: null, failure: null };
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge', 'payment_method'] });
  const charge = intent.latest_charge && typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const method = intent.payment_method && typeof intent.payment_method === 'object' ? intent.payment_method : null;
  return {
    paymentIntentId,
    chargeId: stripeIdOf(intent.latest_charge),
    method: paymentMethodOf(charge?.payment_method_details?.type ?? method?.type),
    failure: charge?.status === 'failed' ? { code: charge.failure_code ?? 'payment_failed', message: charge.failure_message ?? 'The payment failed' } : null,
  };
}

/** The same from the invoice as delivered, without asking Stripe: ids only when the payload carries its payments. */
export function stripePaymentInPayload(invoice: Pick<Stripe.Invoice, 'payments'>): StripePayment {
  const payment = invoice.payments?.data?.[0]?.payment;
  return { paymentIntentId: stripeIdOf(payment?.payment_intent), chargeId: stripeIdOf(payment?.charge), method: null, failure: null };
}
