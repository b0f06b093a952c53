// "Add a payment method": a Stripe Checkout Session in setup mode for the customer's Stripe customer
// (made first if they have none yet). Stripe's hosted page collects the card or SEPA mandate, so no
// card number ever reaches us; Stripe sends the customer back to the payment methods page with the
// session id, where record-setup-session.ts records what was saved.
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { ensureStripeCustomer } from '@/lib/stripe/mirror-invoice';
import { stripeNotConfigured } from '@/lib/stripe/stripe-client';

export const PAYMENT_METHODS_PATH = '/billing/payment-methods';

/** `appOrigin` is where the customer comes back to (the app's own origin, e.g. https://billing.example.com). */
export async function addPaymentMethod(db: Db, stripe: Stripe | null, customerId: string, { appOrigin }: { appOrigin: string }) {
  if (!stripe) throw stripeNotConfigured();
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw notFound('Customer');
  const stripeCustomerId = await ensureStripeCustomer(db, stripe, customer);
  const page = new URL(PAYMENT_METHODS_PATH, appOrigin).toString();
  // Each press of "Add" is a new session (a session is single-use and expires), so there is no key
  // of ours to derive; the SDK keeps its own idempotency key across its network retries.
  const session = await stripe.checkout.sessions.create({
    mode: 'setup',
    // Stripe offers the payment methods enabled in its Dashboard for this currency (cards; SEPA Direct Debit for euros)
    currency: customer.currency,
    customer: stripeCustomerId,
    // Stripe fills in {CHECKOUT_SESSION_ID}; the braces must reach it unencoded
    success_url: `${page}?setup_session={CHECKOUT_SESSION_ID}`,
    cancel_url: page,
    metadata: { customer_id: customer.id },
    setup_intent_data: { metadata: { customer_id: customer.id } },
  });
  if (!session.url) throw new Error(`Stripe answered checkout session ${session.id} without a url`);
  return { session_id: session.id, url: session.url };
}
