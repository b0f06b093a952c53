// A customer cancels their own subscription at the end of the current period, or takes that back before
// the period ends (/billing/subscription). Which subscription is theirs, and whether they may change it
// (not suspended, a live subscription), is the portal's check (own-live-subscription.ts); the change
// itself, here and at Stripe, is the one every path makes (set-cancellation.ts).
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import type { Db } from '@/lib/db/client';
import { ownLiveSubscription } from './own-live-subscription';
import { setCancellation } from './set-cancellation';

export async function setOwnCancellation(db: Db, stripe: Stripe | null, customerId: string, cancelAtPeriodEnd: boolean, ctx: { now: Date; actor: Actor }) {
  const { subscription } = await ownLiveSubscription(db, customerId);
  return setCancellation(db, stripe, subscription.id, cancelAtPeriodEnd, ctx);
}
