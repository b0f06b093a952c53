// The end of "Add a payment method": the customer is back from Stripe Checkout with
// ?setup_session=cs_…, or Stripe tells the webhook the session completed (the customer may have
// closed the tab). Either way the session and its SetupIntent are read back from Stripe — never
// trusted from the URL — and the method is recorded once (record-payment-method.ts).
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import type { Db, Queryable } from '@/lib/db/client';
import { customers, paymentMethods } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { isMissingAtStripe } from '@/lib/stripe/webhook-events/webhook-handler';
import { stripeIdOf } from '@/lib/stripe/stripe-fields';
import { recordPaymentMethod, type RecordOutcome } from './record-payment-method';
import { stripeNotConfigured } from '@/lib/stripe/stripe-client';

const sessionIdSchema = z.string().trim().regex(/^cs_[A-Za-z0-9_]{1,250}$/, 'must be a Checkout Session id (cs_…)');

/**
 * Records the succeeded SetupIntent's payment method for our customer `customerId`, when the intent
 * is theirs at Stripe. Null when there is nothing to record (the intent has not succeeded, or its
 * method is someone else's).
 */
export async function recordSetupIntent(tx: Queryable, stripe: Stripe | null, customer: { id: string; stripeCustomerId: string | null }, intent: Stripe.SetupIntent, { actor }: { actor: Actor }) {
  if (intent.status !== 'succeeded' || !customer.stripeCustomerId || stripeIdOf(intent.customer) !== customer.stripeCustomerId) return null;
  const method = intent.payment_method;
  if (!method || typeof method === 'string') return null;
  // the method of a succeeded intent is attached to its customer, unless it was removed since
  if (method.customer && stripeIdOf(method.customer) !== customer.stripeCustomerId) return null;
  return recordPaymentMethod(tx, stripe, customer.id, method, { actor });
}

export type SetupSessionOutcome =
  | { status: 'saved'; method: { id: string; type: string; brand: string | null; last4: string | null }; outcome: RecordOutcome }
  /** not finished at Stripe (the customer came back some other way): nothing recorded */
  | { status: 'open' };

/**
 * The customer's return from Checkout: their own session (another customer's, or one that does not
 * exist, is a 404), in setup mode, complete → the method is recorded. A reload records nothing twice.
 */
export async function recordSetupSession(db: Db, stripe: Stripe | null, customerId: string, sessionId: unknown, { actor }: { actor: Actor }): Promise<SetupSessionOutcome> {
  const parsed = sessionIdSchema.safeParse(sessionId);
  if (!parsed.success) {
    throw new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field: 'setup_session', message: parsed.error.issues[0]!.message }] });
  }
  if (!stripe) throw stripeNotConfigured();
  const [customer] = await db.select({ id: customers.id, stripeCustomerId: customers.stripeCustomerId }).from(customers).where(eq(customers.id, customerId));
  if (!customer?.stripeCustomerId) throw notFound('Checkout session');
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(parsed.data, { expand: ['setup_intent.payment_method'] });
  } catch (error) {
    if (isMissingAtStripe(error)) throw notFound('Checkout session');
    throw error;
  }
  if (stripeIdOf(session.customer) !== customer.stripeCustomerId || session.mode !== 'setup') throw notFound('Checkout session');
  const intent = session.setup_intent;
  if (session.status !== 'complete' || !intent || typeof intent === 'string') return { status: 'open' };
  const outcome = await db.transaction((tx) => recordSetupIntent(tx, stripe, customer, intent, { actor }));
  if (!outcome) return { status: 'open' };
  const [row] = await db
    .select({ id: paymentMethods.stripePaymentMethodId, type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4 })
    .from(paymentMethods)
    .where(eq(paymentMethods.stripePaymentMethodId, stripeIdOf(intent.payment_method)!));
  return { status: 'saved', method: row!, outcome };
}
