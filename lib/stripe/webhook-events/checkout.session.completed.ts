import { eq } from 'drizzle-orm';
import { customers } from '@/lib/db/schema';
import { recordSetupIntent } from '@/lib/payments/record-setup-session';
import { stripeIdOf } from '../stripe-fields';
import type { WebhookHandler } from './webhook-handler';

/**
 * A customer saved a payment method on Stripe Checkout (setup mode) — perhaps closing the tab before
 * coming back: the method is recorded as the return page would record it. The event's session names
 * its SetupIntent by id only, so the session is re-read with it; without a client there is nothing to
 * read, and payment_method.attached records the method instead.
 */
export const checkoutSessionCompleted: WebhookHandler<'checkout.session.completed'> = async (tx, event, { stripe }) => {
  const session = event.data.object;
  if (session.mode !== 'setup' || !stripe) return;
  const stripeCustomerId = stripeIdOf(session.customer);
  if (!stripeCustomerId) return;
  const [customer] = await tx.select({ id: customers.id, stripeCustomerId: customers.stripeCustomerId }).from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  if (!customer) return;
  const current = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent.payment_method'] });
  const intent = current.setup_intent;
  if (current.status !== 'complete' || !intent || typeof intent === 'string') return;
  await recordSetupIntent(tx, stripe, customer, intent, { actor: { type: 'stripe', id: event.id } });
};
