// A customer cancels their own subscription at the end of the current period, or takes that back before
// the period ends (DELETE /api/billing/setup-subscription and /billing/subscription). The change is
// ours first (updateSubscription: rolled over, locked, audited), then Stripe's when Stripe bills the
// subscription's flat fee, with the call the Stripe webhook converges from (converge-subscription.ts
// reads cancel_at_period_end back). Setting the flag is idempotent at Stripe by nature; the key names
// the change (its time), so a retry of the same change replays and a later cancel after a resume is a
// new request rather than the replay of the first one.
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import type { Db } from '@/lib/db/client';
import { BillingError } from '@/lib/errors/billing-error';
import { ownLiveSubscription } from './own-live-subscription';
import { updateSubscription } from './update-subscription';

export async function setOwnCancellation(db: Db, stripe: Stripe | null, customerId: string, cancelAtPeriodEnd: boolean, { now, actor }: { now: Date; actor: Actor }) {
  const { subscription } = await ownLiveSubscription(db, customerId);
  // refused before anything is written: ours and Stripe's must not disagree because a key is missing
  if (subscription.stripeSubscriptionId && !stripe) {
    throw new BillingError({ code: 'stripe_not_configured', status: 409, message: 'Card payments are not configured; invoices are paid by bank transfer' });
  }
  const updated = await updateSubscription(db, subscription.id, { cancel_at_period_end: cancelAtPeriodEnd }, { actor, now });
  if (subscription.stripeSubscriptionId && stripe) {
    await stripe.subscriptions.update(
      subscription.stripeSubscriptionId,
      { cancel_at_period_end: cancelAtPeriodEnd },
      { idempotencyKey: `${cancelAtPeriodEnd ? 'cancel' : 'resume'}-${subscription.id}-${updated.updatedAt.getTime()}` },
    );
  }
  return updated;
}
