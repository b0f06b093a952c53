// Records a card or SEPA mandate Stripe saved for one of our customers. Three roads lead here — the
// customer's return from Checkout, checkout.session.completed / setup_intent.succeeded, and
// payment_method.attached — in any order, as often as they come, so it converges: one row per Stripe
// payment method (its unique key), written once and audited once. A method that was detached stays
// detached: Stripe never lets a detached method be used again, so a late attach event must not bring
// it back. The default follows Stripe's (invoice_settings.default_payment_method); when Stripe has
// none, the new method becomes it, at Stripe and here.
import { and, eq, isNull } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { paymentMethods } from '@/lib/db/schema';
import { stripeIdOf } from '@/lib/stripe/stripe-fields';
import { lockCustomer, markDefaultPaymentMethod } from './payment-method-rows';

/** The parts of Stripe's payment method that are kept: what the page shows. */
export type SavedPaymentMethod = Pick<Stripe.PaymentMethod, 'id' | 'type' | 'card' | 'sepa_debit'>;

/** The row's columns for `method`: brand, last 4 and expiry of a card, last 4 of a SEPA account. */
export function paymentMethodColumns(method: SavedPaymentMethod) {
  return {
    stripePaymentMethodId: method.id,
    type: method.type,
    brand: method.card?.brand ?? null,
    last4: method.card?.last4 ?? method.sepa_debit?.last4 ?? null,
    expMonth: method.card?.exp_month ?? null,
    expYear: method.card?.exp_year ?? null,
  };
}

export type RecordOutcome = { recorded: boolean; detached: boolean; isDefault: boolean };

/**
 * Records `method` for our customer `customerId`, in the caller's transaction. `stripe` (null: no
 * client) is asked for the customer's default when this customer has none here; the answer says
 * whether the method is on file (false: it was detached before) and whether it is the default.
 */
export async function recordPaymentMethod(tx: Queryable, stripe: Stripe | null, customerId: string, method: SavedPaymentMethod, { actor }: { actor: Actor }): Promise<RecordOutcome> {
  // the return page and the webhook may record the same method at the same moment: one waits
  const customer = await lockCustomer(tx, customerId);
  // erasure deleted the customer's payment methods (a card's brand, last 4 and expiry are theirs): a
  // late attach event, or a setup finished at Stripe before the Stripe customer was deleted, brings none back
  if (customer.erasedAt) return { recorded: false, detached: false, isDefault: false };
  const inserted = await tx
    .insert(paymentMethods)
    .values({ customerId, ...paymentMethodColumns(method) })
    .onConflictDoNothing({ target: paymentMethods.stripePaymentMethodId })
    .returning({ id: paymentMethods.id });
  const [row] = await tx.select().from(paymentMethods).where(eq(paymentMethods.stripePaymentMethodId, method.id));
  // a method of someone else's (never, with Stripe's ids) or one removed before this news arrived
  if (!row || row.customerId !== customerId || row.detachedAt) return { recorded: false, detached: Boolean(row?.detachedAt), isDefault: false };
  if (inserted.length > 0) {
    await writeAuditEntries(tx, actor, [
      // the card's digits stay on the payment method row, which erasure deletes, never in the log
      { action: 'payment_method.added', entityType: 'payment_method', entityId: method.id, customerId, details: { type: row.type, brand: row.brand, after: { attached: true } } },
    ]);
  }

  // With Stripe, its default is the one that gets charged, so it is the truth: Stripe names one →
  // that one (set elsewhere, or already this one); Stripe has none → this method, at Stripe too (a
  // default here that Stripe never heard of, like the demo's cards recorded before Stripe was
  // connected, is not one). Without a client, the first method on file becomes the default.
  let choice: string | null = method.id;
  if (stripe && customer.stripeCustomerId) {
    const stripeCustomer = await stripe.customers.retrieve(customer.stripeCustomerId);
    const stripeDefault = stripeCustomer.deleted ? null : stripeIdOf(stripeCustomer.invoice_settings?.default_payment_method);
    if (stripeDefault) {
      choice = stripeDefault;
    } else {
      await stripe.customers.update(customer.stripeCustomerId, { invoice_settings: { default_payment_method: method.id } }, { idempotencyKey: `default-payment-method-${method.id}` });
    }
  } else {
    const [current] = await tx
      .select({ id: paymentMethods.stripePaymentMethodId })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.isDefault, true), isNull(paymentMethods.detachedAt)));
    if (current) return { recorded: true, detached: false, isDefault: current.id === method.id };
  }
  const { previous, next, changed } = await markDefaultPaymentMethod(tx, customerId, choice);
  if (changed) {
    await writeAuditEntries(tx, actor, [{ action: 'payment_method.default_set', entityType: 'payment_method', entityId: next, customerId, details: { previous_default: previous, reason: 'follows_stripe' } }]);
  }
  return { recorded: true, detached: false, isDefault: next === method.id };
}
