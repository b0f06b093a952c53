// "Remove" on the payment methods page: the method is detached at Stripe (it can never be used again
// there) and marked detached here, so it is no longer listed or charged.
//
// Removing the default: Stripe itself then leaves the customer with no default. Here the newest
// remaining method takes over, at Stripe too, because the customer removing one card of two expects
// the other to be charged from now on, and an auto-pay customer without a default would have the
// next invoice fail. With nothing left, there is no default and the page warns auto-pay customers.
// (A method detached in Stripe's Dashboard follows Stripe instead: payment_method.detached leaves
// no default; see lib/stripe/webhook-events/payment_method.detached.ts.)
import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Db, Tx } from '@/lib/db/client';
import { customers, paymentMethods } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { stripeIdOf } from '@/lib/stripe/stripe-fields';
import { isMissingAtStripe } from '@/lib/stripe/webhook-events/webhook-handler';
import { livePaymentMethodOrThrow, lockCustomer, markDefaultPaymentMethod, parsePaymentMethodId } from './payment-method-rows';
import { stripeNotConfigured } from '@/lib/stripe/stripe-client';

export async function removePaymentMethod(db: Db, stripe: Stripe | null, customerId: string, paymentMethodId: unknown, { actor, now }: { actor: Actor; now: Date }) {
  const id = parsePaymentMethodId(paymentMethodId);
  if (!stripe) throw stripeNotConfigured();
  const row = await livePaymentMethodOrThrow(db, customerId, id);
  const [customer] = await db.select({ stripeCustomerId: customers.stripeCustomerId }).from(customers).where(eq(customers.id, customerId));
  const stripeCustomerId = customer?.stripeCustomerId ?? null;

  // Stripe first: a refusal leaves everything as it was. A method Stripe does not have attached to
  // this customer any more (detached in the Dashboard, its event not here yet), or never had (the
  // customer has no Stripe customer: recorded before Stripe was connected), is simply marked here.
  if (stripeCustomerId) {
    let atStripe: Stripe.PaymentMethod | null = null;
    try {
      atStripe = await stripe.paymentMethods.retrieve(id);
    } catch (error) {
      if (!isMissingAtStripe(error)) throw error;
    }
    const attachedTo = atStripe ? stripeIdOf(atStripe.customer) : null;
    if (attachedTo && attachedTo !== stripeCustomerId) throw notFound('Payment method');
    if (attachedTo) await stripe.paymentMethods.detach(id);
  }

  const successor = row.isDefault
    ? ((
        await db
          .select({ id: paymentMethods.stripePaymentMethodId })
          .from(paymentMethods)
          .where(and(eq(paymentMethods.customerId, customerId), isNull(paymentMethods.detachedAt), ne(paymentMethods.id, row.id)))
          .orderBy(desc(paymentMethods.createdAt), desc(paymentMethods.id))
          .limit(1)
      )[0]?.id ?? null)
    : null;
  if (successor && stripeCustomerId) await stripe.customers.update(stripeCustomerId, { invoice_settings: { default_payment_method: successor } });

  return db.transaction(async (tx) => {
    await lockCustomer(tx, customerId);
    const detached = await tx
      .update(paymentMethods)
      .set({ detachedAt: now, isDefault: false })
      .where(and(eq(paymentMethods.id, row.id), isNull(paymentMethods.detachedAt)))
      .returning({ id: paymentMethods.id });
    // Stripe has the successor as its default now, whoever marked the method detached here first
    if (row.isDefault && successor) await markDefaultPaymentMethod(tx, customerId, successor);
    const next = await currentDefault(tx, customerId);
    // the webhook's payment_method.detached got here first: it is gone already, and audited by it
    if (detached.length === 0) return { removed: id, default_payment_method: next };
    await writeAuditEntries(tx, actor, [
      {
        action: 'payment_method.removed',
        entityType: 'payment_method',
        entityId: id,
        customerId,
        details: { type: row.type, brand: row.brand, was_default: row.isDefault, new_default: row.isDefault ? next : undefined, before: { attached: true }, after: { attached: false } },
      },
    ]);
    return { removed: id, default_payment_method: next };
  });
}

async function currentDefault(tx: Tx, customerId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: paymentMethods.stripePaymentMethodId })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.isDefault, true), isNull(paymentMethods.detachedAt)));
  return row?.id ?? null;
}
