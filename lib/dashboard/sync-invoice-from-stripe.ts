import 'server-only';
// When the customer comes back from Stripe's hosted page, the invoice page asks Stripe for the state
// of its copy instead of waiting for the webhook, which may be late (Stripe retries for days). It
// goes through the webhook's own convergence (converge-invoice.ts): the same locked row, the same
// payment row keyed by Stripe's ids, so a webhook arriving before, during or after this records
// the payment once.
import type Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Db } from '@/lib/db/client';
import { invoices } from '@/lib/db/schema';
import { convergeInvoice } from '@/lib/stripe/webhook-events/converge-invoice';

/**
 * Brings our invoice `invoiceId` (privileged connection: call it only for an invoice the caller may
 * see) to the state of its Stripe copy. Returns true when it changed our status. Does nothing for an
 * invoice that is not being collected or has no Stripe copy.
 */
export async function syncInvoiceFromStripe(db: Db, stripe: Stripe, invoiceId: string, { now, config }: { now: Date; config: BillingConfig }): Promise<boolean> {
  const [invoice] = await db.select({ status: invoices.status, stripeInvoiceId: invoices.stripeInvoiceId }).from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice?.stripeInvoiceId || (invoice.status !== 'open' && invoice.status !== 'uncollectible')) return false;
  const current = await stripe.invoices.retrieve(invoice.stripeInvoiceId);
  // nothing to bring over while Stripe's copy is still waiting for the money
  if (current.status !== 'paid' && current.status !== 'void') return false;
  const converged = await db.transaction((tx) => convergeInvoice(tx, current, { stripe, now, config }));
  return Boolean(converged && converged.invoice.status !== invoice.status);
}
