// Cancelling a subscription at once (Stripe's "cancel immediately", Lago's "terminate"), for an admin:
// the period running now is cut at this moment and the subscription ends with it. The part before the
// cut is billed like any period that has ended, by the next billing run or at once with `invoice_now`:
// its usage up to now, and its flat fees for that share of the cycle (the proration of a plan change,
// lib/billing/proration.ts, since the cut period keeps its cycle). Flat fees already invoiced in
// advance for the whole period are credited for the part after now, as a plan change credits them. A
// trial simply ends: nothing is billed. Cancelling at the end of the period instead is
// update-subscription.ts.
//
// A subscription whose flat fee Stripe bills (setup-subscription) is refused: Stripe charged the whole
// period already and its cancellation has refund options of its own, so it is cancelled at Stripe (or
// at period end here), and Stripe's customer.subscription.deleted ends ours.
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { billingPeriods, subscriptions } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import type { BillingContext } from '@/lib/invoicing/bill-period';
import { runBilling } from '@/lib/invoicing/run-billing';
import { lockCustomerForPeriodClose } from '@/lib/usage/usage-period-lock';
import { creditUnusedAdvanceFees } from './change-plan';
import { LIVE_SUBSCRIPTION_STATUSES } from './create-subscription';
import { rollOverSubscriptions } from './roll-over-subscriptions';

// strict: an unknown field is refused by name
export const cancelNowSchema = z.strictObject({
  /** bill the cut period at once instead of leaving it to the next billing run */
  invoice_now: z.boolean({ error: 'must be true or false' }).optional(),
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters').optional(),
});
export type CancelNowInput = z.input<typeof cancelNowSchema>;

export type CancelNowResult = {
  subscription: typeof subscriptions.$inferSelect;
  /** the credit note for fees paid in advance for the time after now, if any */
  creditNoteId: string | null;
  /** with invoice_now: the invoices the cut period was billed on (none for a trial or nothing to bill) */
  invoiceIds: string[];
};

const ended = (message: string) => new BillingError({ code: 'subscription_ended', status: 409, message });

/** Ends the subscription now; 404 unknown, 409 ended, Stripe-billed, or in the very millisecond its period began. */
export async function cancelSubscriptionNow(database: Database, subscriptionId: string, input: CancelNowInput, ctx: BillingContext): Promise<CancelNowResult> {
  const { invoice_now: invoiceNow = false, reason } = cancelNowSchema.parse(input);
  const { now } = ctx;
  const result = await database.db.transaction(async (tx) => {
    const [found] = await tx.select({ customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    if (!found) throw notFound('Subscription');
    // the usage lock first and then the subscription, in the order a billing run and a plan change
    // take them: no usage batch slips into the cut period after the cut
    await lockCustomerForPeriodClose(tx, found.customerId);
    await rollOverSubscriptions(tx, [subscriptionId], ctx);
    const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).for('update');
    if (!subscription || subscription.endedAt !== null || !(LIVE_SUBSCRIPTION_STATUSES as readonly string[]).includes(subscription.status)) {
      throw ended('The subscription has ended already');
    }
    if (subscription.stripeSubscriptionId) {
      throw new BillingError({
        code: 'managed_by_stripe',
        status: 409,
        message: 'Its fee is billed through Stripe, which charged the period already: cancel it at period end here, or cancel it in Stripe, which ends it here too',
      });
    }
    const [period] = await tx
      .select()
      .from(billingPeriods)
      .where(and(eq(billingPeriods.subscriptionId, subscription.id), eq(billingPeriods.status, 'open'), lte(billingPeriods.periodStart, now), gt(billingPeriods.periodEnd, now)))
      .for('update');
    // the roll-over opened the period holding now, so only a subscription whose last period has ended gets here
    if (!period) throw ended('The subscription has no period running now');
    if (period.periodStart.getTime() === now.getTime()) {
      // a zero-length part is not a period to bill, and its fees in advance may have been invoiced this instant
      throw new BillingError({ code: 'period_just_started', status: 409, message: 'The period started this instant; try again in a moment' });
    }

    const credited = !period.isTrial && period.advanceFees === 'invoiced' ? await creditUnusedAdvanceFees(tx, period, ctx, 'Subscription cancelled: unused part of the fees paid in advance') : null;
    // the cut period keeps the cycle it is part of, so its flat fees are billed for its share of it
    await tx
      .update(billingPeriods)
      .set({ periodEnd: now, cycleStart: period.cycleStart ?? period.periodStart, cycleEnd: period.cycleEnd ?? period.periodEnd })
      .where(eq(billingPeriods.id, period.id));
    const [updated] = await tx
      .update(subscriptions)
      .set({ status: 'canceled', endedAt: now, canceledAt: now, currentPeriodEnd: now, updatedAt: sql`now()` })
      .where(eq(subscriptions.id, subscription.id))
      .returning();
    await writeAuditEntries(tx, ctx.actor, [
      {
        // the action the end of a period writes too, so the subscription.canceled webhook goes out once
        action: 'subscription.ended',
        entityType: 'subscription',
        entityId: subscription.id,
        customerId: subscription.customerId,
        details: {
          ended_at: now.toISOString(),
          canceled_at: now.toISOString(),
          before: { status: subscription.status, current_period_end: period.periodEnd.toISOString() },
          after: { status: 'canceled', current_period_end: now.toISOString() },
          reason: reason ?? 'cancelled now',
          prorated: !period.isTrial,
          credit_note_id: credited?.id ?? null,
        },
      },
    ]);
    return { subscription: updated!, creditNoteId: credited?.id ?? null, customerId: subscription.customerId };
  });

  let invoiceIds: string[] = [];
  if (invoiceNow) {
    // after the commit, as "Bill now" does: the cut period has ended, so this bills it (and any other
    // ended period of the customer); a failure is in the run log and the next run tries again
    const run = await runBilling(database, { ...ctx, trigger: 'manual', customerId: result.customerId });
    if (run.failed > 0) throw new BillingError({ code: 'billing_failed', status: 500, message: `Cancelled, but billing the last period failed: ${run.errors.map((e) => e.message).join('; ')}` });
    invoiceIds = run.invoice_ids.filter(Boolean);
  }
  return { subscription: result.subscription, creditNoteId: result.creditNoteId, invoiceIds };
}
