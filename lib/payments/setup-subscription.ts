// POST/DELETE /api/billing/setup-subscription: a customer subscribes to a plan and hands Stripe a
// payment method. Our subscription (periods, usage, invoices) is created or reused, and a Stripe
// subscription carries the plan's recurring flat fee; the answer's client_secret lets Stripe.js
// collect the card or SEPA mandate. From then on Stripe bills the flat fee and our period invoices
// carry the usage charges only, so nothing is billed twice.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import type { BillingConfig } from '@/lib/config/billing-config';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { decimalString, toMinorUnits } from '@/lib/billing/money';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import type { Db } from '@/lib/db/client';
import { customers, plans, subscriptions } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { ensureStripeCustomer } from '@/lib/stripe/mirror-invoice';
import { stripeNotConfigured } from '@/lib/stripe/stripe-client';
import { createSubscription, LIVE_SUBSCRIPTION_STATUSES } from '@/lib/subscriptions/create-subscription';
import { setCancellation } from '@/lib/subscriptions/set-cancellation';

const RECURRING: Record<string, { interval: 'day' | 'week' | 'month' | 'year'; factor: number }> = {
  day: { interval: 'day', factor: 1 },
  week: { interval: 'week', factor: 1 },
  month: { interval: 'month', factor: 1 },
  quarter: { interval: 'month', factor: 3 },
  year: { interval: 'year', factor: 1 },
};

async function liveSubscription(db: Db, customerId: string) {
  const [row] = await db
    .select({ subscription: subscriptions, planCode: plans.code })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES, 'incomplete']), isNull(subscriptions.endedAt)))
    .limit(1);
  return row ?? null;
}

/** The client secret Stripe.js confirms: the first invoice's payment, else the setup intent. */
function clientSecretOf(subscription: Stripe.Subscription): string | null {
  const invoice = subscription.latest_invoice;
  const fromInvoice = invoice && typeof invoice === 'object' ? invoice.confirmation_secret?.client_secret : null;
  const setup = subscription.pending_setup_intent;
  return fromInvoice ?? (setup && typeof setup === 'object' ? setup.client_secret : null);
}

export async function setupSubscription(db: Db, stripe: Stripe | null, customerId: string, planCode: string, ctx: { now: Date; actor: Actor; config: BillingConfig }) {
  const { now } = ctx;
  if (!stripe) throw stripeNotConfigured();
  let live = await liveSubscription(db, customerId);
  if (live && live.planCode !== planCode) {
    throw new BillingError({ code: 'subscription_exists', status: 409, message: `You are subscribed to ${live.planCode}; ask us to change your plan` });
  }
  if (!live) {
    await createSubscription(db, { customer_id: customerId, plan_code: planCode }, ctx);
    live = await liveSubscription(db, customerId);
  }
  const ours = live!.subscription;
  const expand = ['latest_invoice.confirmation_secret', 'pending_setup_intent'];
  if (ours.stripeSubscriptionId) {
    const existing = await stripe.subscriptions.retrieve(ours.stripeSubscriptionId, { expand });
    return { subscription_id: ours.id, stripe_subscription_id: existing.id, status: existing.status, client_secret: clientSecretOf(existing) };
  }

  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw notFound('Customer');
  const stripeCustomerId = await ensureStripeCustomer(db, stripe, customer);
  const [plan] = await db.select().from(plans).where(eq(plans.id, ours.planId));
  const flatTotal = (await loadPlanCharges(db, plan!.id)).filter((c) => c.model === 'flat').reduce((sum, c) => sum.plus(c.amount ?? '0'), new ExactDecimal(0));
  const recurring = RECURRING[plan!.interval]!;
  // A plan version never changes, so its price is made once (keyed by the version's id).
  const price = await stripe.prices.create(
    {
      currency: plan!.currency,
      unit_amount_decimal: Stripe.Decimal.from(decimalString(toMinorUnits(flatTotal, plan!.currency))),
      recurring: { interval: recurring.interval, interval_count: plan!.intervalCount * recurring.factor },
      product_data: { name: `${plan!.name} (v${plan!.version})`, metadata: { plan_id: plan!.id } },
      metadata: { plan_id: plan!.id },
    },
    { idempotencyKey: `price-${plan!.id}` },
  );
  const created = await stripe.subscriptions.create(
    {
      customer: stripeCustomerId,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      metadata: { subscription_id: ours.id },
      expand,
    },
    { idempotencyKey: `subscription-${ours.id}` },
  );
  await db.update(subscriptions).set({ stripeSubscriptionId: created.id, updatedAt: now }).where(eq(subscriptions.id, ours.id));
  await db.update(customers).set({ autoPay: true, updatedAt: now }).where(eq(customers.id, customerId));
  return { subscription_id: ours.id, stripe_subscription_id: created.id, status: created.status, client_secret: clientSecretOf(created) };
}

/**
 * DELETE: cancel at the end of the current period, here and at Stripe (set-cancellation.ts: refused
 * before anything is written when Stripe bills it and no client is configured; a retry replays the
 * same Stripe request, a cancel after a resume is a new one).
 */
export async function cancelOwnSubscription(db: Db, stripe: Stripe | null, customerId: string, { now, actor }: { now: Date; actor: Actor }) {
  const live = await liveSubscription(db, customerId);
  if (!live) throw notFound('Subscription');
  const updated = await setCancellation(db, stripe, live.subscription.id, true, { actor, now });
  return { subscription_id: updated.id, status: updated.status, cancel_at_period_end: updated.cancelAtPeriodEnd, current_period_end: updated.currentPeriodEnd.toISOString() };
}
