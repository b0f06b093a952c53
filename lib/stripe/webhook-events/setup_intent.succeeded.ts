import { eq } from 'drizzle-orm';
import { customers } from '@/lib/db/schema';
import { recordSetupIntent } from '@/lib/payments/record-setup-session';
import { stripeIdOf } from '../stripe-fields';
import type { WebhookHandler } from './webhook-handler';

/**
 * A SetupIntent of one of our customers succeeded (Checkout in setup mode, or Stripe.js): its
 * payment method is recorded. The event names the method by id, so the intent is re-read with it
 * expanded; without a client, payment_method.attached records the method instead.
 */
export const setupIntentSucceeded: WebhookHandler<'setup_intent.succeeded'> = async (tx, event, { stripe }) => {
  const stripeCustomerId = stripeIdOf(event.data.object.customer);
  if (!stripeCustomerId || !stripe) return;
  const [customer] = await tx.select({ id: customers.id, stripeCustomerId: customers.stripeCustomerId }).from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  if (!customer) return;
  const intent = await stripe.setupIntents.retrieve(event.data.object.id, { expand: ['payment_method'] });
  await recordSetupIntent(tx, stripe, customer, intent, { actor: { type: 'stripe', id: event.id } });
};
