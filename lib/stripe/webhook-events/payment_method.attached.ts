import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { customers } from '@/lib/db/schema';
import { recordPaymentMethod } from '@/lib/payments/record-payment-method';
import { stripeIdOf } from '../stripe-fields';
import { isMissingAtStripe, type WebhookHandler } from './webhook-handler';

/**
 * A card or SEPA mandate was saved to one of our customers at Stripe: it is on file here, and the
 * default if they had none. Re-read first when a client is configured: a method detached since (its
 * payment_method.detached may come before or after this) is not recorded, and one detached here
 * already stays detached (record-payment-method.ts).
 */
export const paymentMethodAttached: WebhookHandler<'payment_method.attached'> = async (tx, event, { stripe }) => {
  let method: Stripe.PaymentMethod = event.data.object;
  if (stripe) {
    try {
      method = await stripe.paymentMethods.retrieve(method.id);
    } catch (error) {
      if (isMissingAtStripe(error)) return;
      throw error;
    }
  }
  const stripeCustomerId = stripeIdOf(method.customer);
  if (!stripeCustomerId) return;
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  if (!customer) return;
  await recordPaymentMethod(tx, stripe, customer.id, method, { actor: { type: 'stripe', id: event.id } });
};
