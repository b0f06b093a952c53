// Moving a subscription to another plan now, in the middle of a period (Stripe's proration, stated
// in lib/billing/proration.ts). The open period is cut at the change: the part before it bills the old
// plan's usage up to the change and its flat fees for that share of the cycle, and becomes due at
// once; a new period from the change bills the new plan. On the same interval the cycle and its
// anniversary stay; on another interval the new plan starts a full cycle of its own at the change.
// During a trial nothing is billed, so the trial simply continues on the new plan.
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/api-keys/create-api-key';
import { addInterval, type PlanInterval } from '@/lib/billing/periods';
import type { Db } from '@/lib/db/client';
import { auditLog, billingPeriods, customers, plans, subscriptions } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/http/billing-error';
import { lockCustomerForPeriodClose } from '@/lib/usage/usage-period-lock';

const LIVE = ['trialing', 'active', 'past_due'];

export async function changeSubscriptionPlan(db: Db, subscriptionId: string, planCode: string, { now, actor }: { now: Date; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).for('update');
    if (!subscription) throw notFound('Subscription');
    if (!LIVE.includes(subscription.status)) {
      throw new BillingError({ code: 'subscription_ended', status: 409, message: 'The subscription has ended; create a new one instead' });
    }
    const [plan] = await tx.select().from(plans).where(and(eq(plans.code, planCode), eq(plans.isCurrent, true)));
    if (!plan) throw notFound('Plan');
    const [oldPlan] = await tx.select().from(plans).where(eq(plans.id, subscription.planId));
    if (oldPlan!.code === plan.code) {
      throw new BillingError({ code: 'same_plan', status: 409, message: `The subscription is already on ${plan.code}` });
    }
    const [customer] = await tx.select({ currency: customers.currency }).from(customers).where(eq(customers.id, subscription.customerId));
    if (customer!.currency !== plan.currency) {
      throw new BillingError({
        code: 'validation_failed',
        status: 422,
        message: 'The plan bills in another currency than the customer',
        details: [{ field: 'plan_code', message: `bills in ${plan.currency}, the customer in ${customer!.currency}` }],
      });
    }
    // the usage lock, as a billing run takes it: no batch can slip usage into the old part after the cut
    await lockCustomerForPeriodClose(tx, subscription.customerId);
    const [period] = await tx
      .select()
      .from(billingPeriods)
      .where(and(eq(billingPeriods.subscriptionId, subscription.id), eq(billingPeriods.status, 'open'), lte(billingPeriods.periodStart, now), gt(billingPeriods.periodEnd, now)))
      .for('update');
    if (!period) {
      throw new BillingError({ code: 'period_not_open', status: 409, message: 'The current period is being billed; try again in a moment' });
    }

    let next: { start: Date; end: Date };
    if (period.isTrial || period.periodStart.getTime() === now.getTime()) {
      // nothing of the period has been used on the old plan: it simply moves to the new one
      await tx.update(billingPeriods).set({ planId: plan.id }).where(eq(billingPeriods.id, period.id));
      next = { start: period.periodStart, end: period.periodEnd };
    } else {
      const cycle = { start: period.cycleStart ?? period.periodStart, end: period.cycleEnd ?? period.periodEnd };
      const sameCycle = plan.interval === oldPlan!.interval && plan.intervalCount === oldPlan!.intervalCount;
      await tx.update(billingPeriods).set({ periodEnd: now, cycleStart: cycle.start, cycleEnd: cycle.end }).where(eq(billingPeriods.id, period.id));
      next = sameCycle ? { start: now, end: period.periodEnd } : { start: now, end: addInterval(now, plan.interval as PlanInterval, plan.intervalCount) };
      await tx.insert(billingPeriods).values({
        subscriptionId: subscription.id,
        customerId: subscription.customerId,
        planId: plan.id,
        periodStart: next.start,
        periodEnd: next.end,
        cycleStart: sameCycle ? cycle.start : null,
        cycleEnd: sameCycle ? cycle.end : null,
      });
      if (!sameCycle) await tx.update(subscriptions).set({ billingAnchor: now }).where(eq(subscriptions.id, subscription.id));
    }
    const [updated] = await tx
      .update(subscriptions)
      .set({ planId: plan.id, currentPeriodStart: next.start, currentPeriodEnd: next.end, updatedAt: sql`now()` })
      .where(eq(subscriptions.id, subscription.id))
      .returning();
    await tx.insert(auditLog).values({
      actorType: actor.type,
      actorId: actor.id,
      action: 'subscription.plan_changed',
      entityType: 'subscription',
      entityId: subscription.id,
      customerId: subscription.customerId,
      details: { from: `${oldPlan!.code} v${oldPlan!.version}`, to: `${plan.code} v${plan.version}`, at: now.toISOString(), prorated: !period.isTrial },
    });
    return updated!;
  });
}
