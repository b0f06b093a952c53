import 'server-only';
// The invoice page's Pay action for the signed-in customer. With Stripe, and a customer who pays by
// card or debit, it goes through POST /api/billing/process-payment's own function: the invoice is
// mirrored to Stripe and either charged on the saved card (auto-pay) or the answer is Stripe's hosted
// invoice page, where the customer pays and from where they come back to `returnUrl`. Without Stripe,
// or for a customer who pays by bank transfer, there is nothing to start: the page shows the
// workspace's bank details.
import type Stripe from 'stripe';
import type { Session } from '@/lib/auth/claims';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Db } from '@/lib/db/client';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { processPayment } from '@/lib/payments/process-payment';
import { getCustomerInvoiceDetail } from './get-customer-invoice-detail';

export type StartPaymentResult =
  | { kind: 'redirect'; url: string }
  | { kind: 'paid' }
  | { kind: 'bank_transfer' }
  | { kind: 'failed'; message: string; url: string | null };

/**
 * Stripe's hosted invoice page with the way back. Stripe's real page has no such parameter (the
 * customer returns with the browser or the merchant link in their email); the local fake Stripe
 * shows it as "Return to merchant" (test/fake-stripe/README.md). Harmless either way.
 */
export function withReturnUrl(paymentUrl: string, returnUrl: string | null): string {
  if (!returnUrl) return paymentUrl;
  const url = new URL(paymentUrl);
  url.searchParams.set('return_url', returnUrl);
  return url.toString();
}

export async function startInvoicePayment(
  db: Db,
  session: Session,
  invoiceId: string,
  { stripe, config, now, returnUrl }: { stripe: Stripe | null; config: BillingConfig; now: Date; returnUrl: string | null },
): Promise<StartPaymentResult> {
  // the customer's own invoice, read under RLS; the payment itself runs on the privileged connection
  const detail = await getCustomerInvoiceDetail(db, session, invoiceId, now);
  if (!detail) throw notFound('Invoice');
  const { invoice, customer } = detail;
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw new BillingError({ code: 'invalid_transition', status: 409, message: `This invoice is ${invoice.status}: there is nothing to pay` });
  }
  if (!stripe || customer.paymentMethod === 'bank_transfer') return { kind: 'bank_transfer' };

  const result = await processPayment(db, stripe, invoice.id, { now, config, actor: { type: 'user', id: session.userId } });
  switch (result.status) {
    case 'paid':
      return { kind: 'paid' };
    case 'requires_payment':
      if (!result.payment_url) throw new BillingError({ code: 'payment_unavailable', status: 502, message: 'Stripe gave no payment page for this invoice; try again in a moment' });
      return { kind: 'redirect', url: withReturnUrl(result.payment_url, returnUrl) };
    case 'failed':
      return { kind: 'failed', message: result.failure_message, url: result.payment_url ? withReturnUrl(result.payment_url, returnUrl) : null };
    case 'bank_transfer':
      return { kind: 'bank_transfer' };
  }
}
