// Cancelling a subscription at the end of its current period, or taking that back before the period
// ends, wherever it is asked: the admin's PATCH /api/admin/billing/subscriptions/[id] and customer page,
// the customer's /billing/subscription (set-own-cancellation.ts) and DELETE /api/billing/setup-subscription
// (cancelOwnSubscription). The change is ours first (updateSubscription: rolled over, locked, audited),
// then Stripe's when Stripe bills the subscription's flat fee (setup-subscription.ts), with the call the
// Stripe webhook converges from (converge-subscription.ts reads cancel_at_period_end back): without it
// Stripe would keep charging and the next subscription event would set our flag back. Setting the flag
// is idempotent at Stripe by nature; the key names the change (its time), so a retry of the same change
// (ours already made, Stripe's call lost) replays and a later cancel after a resume is a new request
// rather than the replay of the first one.
import type Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import type { Db } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { stripeNotConfigured } from '@/lib/stripe/stripe-client';
import { updateSubscription } from './update-subscription';

const idSchema = z.uuid();

export async function setCancellation(db: Db, stripe: Stripe | null, subscriptionId: string, cancelAtPeriodEnd: boolean, { now, actor }: { now: Date; actor: Actor }) {
  if (!idSchema.safeParse(subscriptionId).success) throw notFound('Subscription');
  const [subscription] = await db.select({ stripeSubscriptionId: subscriptions.stripeSubscriptionId }).from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  if (!subscription) throw notFound('Subscription');
  // refused before anything is written: ours and Stripe's must not disagree because a key is missing
  if (subscription.stripeSubscriptionId && !stripe) throw stripeNotConfigured();
  const updated = await updateSubscription(db, subscriptionId, { cancel_at_period_end: cancelAtPeriodEnd }, { actor, now });
  if (updated.stripeSubscriptionId && stripe) {
    await stripe.subscriptions.update(
      updated.stripeSubscriptionId,
      { cancel_at_period_end: cancelAtPeriodEnd },
      { idempotencyKey: `${cancelAtPeriodEnd ? 'cancel' : 'resume'}-${updated.id}-${updated.updatedAt.getTime()}` },
    );
  }
  return updated;
}
