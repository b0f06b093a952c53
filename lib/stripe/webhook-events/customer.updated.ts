import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { customers } from '@/lib/db/schema';
import { lockCustomer, markDefaultPaymentMethod } from '@/lib/payments/payment-method-rows';
import { stripeIdOf } from '../stripe-fields';
import { isMissingAtStripe, type WebhookHandler } from './webhook-handler';

/**
 * The Stripe customer changed. Only a change of invoice_settings.default_payment_method matters here:
 * the default moves to the method Stripe names now (re-read when a client is configured, so an old
 * event arriving late cannot move it back), or to none when Stripe has none or names a method not
 * recorded yet (its attach then follows Stripe's default, record-payment-method.ts).
 */
export const customerUpdated: WebhookHandler<'customer.updated'> = async (tx, event, { stripe }) => {
  const previous = event.data.previous_attributes as { invoice_settings?: Partial<Stripe.Customer.InvoiceSettings> } | undefined;
  if (!previous?.invoice_settings || !('default_payment_method' in previous.invoice_settings)) return;
  let current: Stripe.Customer = event.data.object;
  if (stripe) {
    try {
      const fresh = await stripe.customers.retrieve(current.id);
      if (fresh.deleted) return;
      current = fresh;
    } catch (error) {
      if (isMissingAtStripe(error)) return;
      throw error;
    }
  }
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.stripeCustomerId, current.id));
  if (!customer) return;
  await lockCustomer(tx, customer.id);
  const { previous: before, next, changed } = await markDefaultPaymentMethod(tx, customer.id, stripeIdOf(current.invoice_settings?.default_payment_method));
  if (changed) {
    await writeAuditEntries(tx, { type: 'stripe', id: event.id }, [
      { action: 'payment_method.default_set', entityType: 'payment_method', entityId: next, customerId: customer.id, details: { previous_default: before, reason: 'stripe_customer_updated' } },
    ]);
  }
};
