import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { rollOverSubscriptions } from './roll-over-subscriptions';
import { updateSubscriptionSchema, type UpdateSubscriptionInput } from './subscription-schemas';

const idSchema = z.uuid();

/**
 * Cancels a subscription at the end of its current period, or takes that back. It ends with the period
 * that holds the moment it was set (lib/billing/billing-schedule.ts endsWithPeriod); an ended
 * subscription cannot be resumed.
 */
export async function updateSubscription(db: Queryable, id: string, input: UpdateSubscriptionInput, { actor, now }: { actor: Actor; now: Date }) {
  const { cancel_at_period_end: cancel } = updateSubscriptionSchema.parse(input);
  if (!idSchema.safeParse(id).success) throw notFound('Subscription');
  return db.transaction(async (tx) => {
    // rolled over first, so the cancellation is recorded against the period that holds now (the one it
    // ends with) even when the billing run has not opened it yet
    await rollOverSubscriptions(tx, [id], { actor, now });
    // the same lock the billing run takes before it opens the next period or ends the subscription
    const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id)).for('update');
    if (!subscription) throw notFound('Subscription');
    if (subscription.status === 'canceled' || subscription.endedAt !== null) {
      throw new BillingError({ code: 'subscription_ended', status: 409, message: 'The subscription has ended; create a new one instead' });
    }
    if (subscription.cancelAtPeriodEnd === cancel) return subscription;
    const [row] = await tx
      .update(subscriptions)
      .set({ cancelAtPeriodEnd: cancel, canceledAt: cancel ? now : null, updatedAt: sql`now()` })
      .where(eq(subscriptions.id, id))
      .returning();
    await writeAuditEntries(tx, actor, [
      {
        action: cancel ? 'subscription.cancel_scheduled' : 'subscription.resumed',
        entityType: 'subscription',
        entityId: id,
        customerId: subscription.customerId,
        details: { current_period_end: subscription.currentPeriodEnd.toISOString(), before: { cancel_at_period_end: !cancel }, after: { cancel_at_period_end: cancel } },
      },
    ]);
    return row!;
  });
}
