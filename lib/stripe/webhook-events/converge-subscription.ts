// What every subscription event does: re-read the Stripe subscription and bring ours to its status and
// cancellation. An ended subscription never comes back.
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Queryable } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { fromUnixSeconds, ourIdInMetadata } from '../stripe-fields';
import { isMissingAtStripe, type WebhookContext } from './webhook-handler';

const STATUS: Record<Stripe.Subscription.Status, 'active' | 'past_due' | 'canceled' | 'trialing' | 'incomplete'> = {
  active: 'active',
  trialing: 'trialing',
  past_due: 'past_due',
  unpaid: 'past_due',
  canceled: 'canceled',
  incomplete: 'incomplete',
  incomplete_expired: 'canceled',
  paused: 'past_due',
};

async function currentSubscription(payload: Stripe.Subscription, stripe: Stripe | null): Promise<Stripe.Subscription> {
  if (!stripe) return payload;
  try {
    return await stripe.subscriptions.retrieve(payload.id);
  } catch (error) {
    if (isMissingAtStripe(error)) return payload;
    throw error;
  }
}

/** `event` is the subscription event: its time stands in for when a cancellation was asked when Stripe does not say. */
export async function convergeSubscription(tx: Queryable, event: { created: number; data: { object: Stripe.Subscription } }, { stripe, now }: WebhookContext) {
  const current = await currentSubscription(event.data.object, stripe);
  const status = STATUS[current.status] ?? 'incomplete';
  const ourId = ourIdInMetadata(current.metadata, 'subscription_id');
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(ourId ? eq(subscriptions.id, ourId) : eq(subscriptions.stripeSubscriptionId, current.id))
    .for('update');
  if (!row || (row.status === 'canceled' && status !== 'canceled')) return; // an ended subscription never comes back

  // Cancelling at period end ends ours at the end of the period containing the moment it was asked
  // (lib/invoicing/bill-period.ts), so that moment is kept: Stripe's canceled_at (the latest request),
  // else when the event happened; a request already recorded here keeps its own earlier time.
  const requestedAt = fromUnixSeconds(current.canceled_at) ?? new Date(event.created * 1000);
  const canceledAt =
    status === 'canceled' ? (row.canceledAt ?? requestedAt) : current.cancel_at_period_end ? (row.cancelAtPeriodEnd && row.canceledAt ? row.canceledAt : requestedAt) : null;
  await tx
    .update(subscriptions)
    .set({
      stripeSubscriptionId: current.id,
      status,
      cancelAtPeriodEnd: current.cancel_at_period_end,
      canceledAt,
      ...(status === 'canceled' ? { endedAt: row.endedAt ?? fromUnixSeconds(current.ended_at) ?? now } : {}),
      updatedAt: now,
    })
    .where(eq(subscriptions.id, row.id));
}
