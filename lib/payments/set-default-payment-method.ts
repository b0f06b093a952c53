// The customer's default payment method, the one auto-pay charges: chosen on the payment methods page
// (Stripe first, then here, so a Stripe refusal changes nothing) and followed from Stripe's
// customer.updated. Stripe keeps it in the customer's invoice_settings.default_payment_method.
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Db } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { livePaymentMethodOrThrow, lockCustomer, markDefaultPaymentMethod, parsePaymentMethodId } from './payment-method-rows';
import { stripeNotConfigured } from '@/lib/stripe/stripe-client';

/** The page's "Make default": Stripe's customer first, then our rows, audited. A method that already is the default changes nothing. */
export async function setDefaultPaymentMethod(db: Db, stripe: Stripe | null, customerId: string, paymentMethodId: unknown, { actor }: { actor: Actor }) {
  const id = parsePaymentMethodId(paymentMethodId);
  if (!stripe) throw stripeNotConfigured();
  const row = await livePaymentMethodOrThrow(db, customerId, id);
  if (row.isDefault) return { default_payment_method: id, changed: false };
  const [customer] = await db.select({ stripeCustomerId: customers.stripeCustomerId }).from(customers).where(eq(customers.id, customerId));
  // the SDK sends an idempotency key of its own and keeps it across its retries; setting the same
  // default twice is harmless anyway. A customer without a Stripe customer has only methods recorded
  // before Stripe was connected: there is nothing to tell Stripe.
  if (customer?.stripeCustomerId) await stripe.customers.update(customer.stripeCustomerId, { invoice_settings: { default_payment_method: id } });
  return db.transaction(async (tx) => {
    await lockCustomer(tx, customerId);
    await livePaymentMethodOrThrow(tx, customerId, id);
    const { previous, changed } = await markDefaultPaymentMethod(tx, customerId, id);
    if (changed) {
      await writeAuditEntries(tx, actor, [{ action: 'payment_method.default_set', entityType: 'payment_method', entityId: id, customerId, details: { previous_default: previous } }]);
    }
    return { default_payment_method: id, changed };
  });
}
