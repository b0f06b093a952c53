import { eq } from 'drizzle-orm';
import { customers, paymentMethods } from '@/lib/db/schema';
import { stripeIdOf } from '../stripe-fields';
import type { WebhookHandler } from './webhook-handler';

/** A card or SEPA mandate was saved to one of our customers at Stripe: it is on file here (again, if it was detached). */
export const paymentMethodAttached: WebhookHandler<'payment_method.attached'> = async (tx, event) => {
  const method = event.data.object;
  const stripeCustomerId = stripeIdOf(method.customer);
  if (!stripeCustomerId) return;
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  if (!customer) return;
  await tx
    .insert(paymentMethods)
    .values({
      customerId: customer.id,
      stripePaymentMethodId: method.id,
      type: method.type,
      brand: method.card?.brand ?? null,
      last4: method.card?.last4 ?? method.sepa_debit?.last4 ?? null,
      expMonth: method.card?.exp_month ?? null,
      expYear: method.card?.exp_year ?? null,
    })
    .onConflictDoUpdate({ target: paymentMethods.stripePaymentMethodId, set: { detachedAt: null } });
};
