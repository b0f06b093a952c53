// Moving a subscription to another plan now, in the middle of a period (Stripe's proration, stated
// in lib/billing/proration.ts). The subscription is first rolled over to the period holding now, so a
// change in the gap between a period's end and the billing run lands in the right period. That period
// is cut at the change: the part before it bills the old plan's usage up to the change and its flat
// fees for that share of the cycle, and becomes due at once; a new period from the change bills the new
// plan. On the same interval the cycle and its anniversary stay; on another interval the new plan
// starts a cycle of its own at the change. During a trial nothing is billed, so the trial simply
// continues on the new plan. A subscription whose flat fee Stripe bills is not moved (409
// managed_by_stripe, below).
//
// Fees in advance: the old plan's fee for the part after the change was invoiced when the period
// started, so that part is credited (a credit note on the advance invoice, prorated to the
// millisecond); the new plan's fee for its part is invoiced at once when it pays in advance.
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { periodStartingAt } from '@/lib/billing/billing-schedule';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { prorationFactor } from '@/lib/billing/proration';
import type { Db, Queryable } from '@/lib/db/client';
import { billingPeriods, customers, invoiceLines, invoices, plans, subscriptions } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import type { BillingContext } from '@/lib/invoicing/bill-period';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { invoiceAdvanceFees } from '@/lib/invoicing/invoice-advance-fees';
import { utcDay } from '@/lib/time/utc-day';
import { lockCustomerForPeriodClose } from '@/lib/usage/usage-period-lock';
import { billsFeesInAdvance, loadSchedulingPlan, rollOverSubscriptions, scheduleOf } from './roll-over-subscriptions';

const LIVE = ['trialing', 'active', 'past_due'];

/**
 * A subscription whose flat fee Stripe bills (setup-subscription.ts) keeps its plan: Stripe's item
 * would go on charging the old plan's price, and the webhook would keep converging on it. Checked here,
 * under the subscription's lock, so neither the admin's API and page nor any other caller can move one;
 * the portal says it in the customer's words first (change-own-plan.ts).
 */
const managedByStripe = () =>
  new BillingError({
    code: 'managed_by_stripe',
    status: 409,
    message:
      'Stripe bills this subscription’s fee, so moving it to another plan here would leave Stripe charging the old one: cancel it at the end of the current period, and subscribe the customer to the new plan once it has ended',
  });

type PeriodRow = typeof billingPeriods.$inferSelect;

/**
 * Credits the old plan's advance fees for the part of the period after `now`: each flat line of the
 * period's advance invoice times the share of the period still to come, rounded once. Also used when a
 * subscription is cancelled at once (cancel-subscription-now.ts), with its own reason.
 */
export async function creditUnusedAdvanceFees(tx: Queryable, period: PeriodRow, ctx: BillingContext, reason: string) {
  const [advance] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.billingPeriodId, period.id), eq(invoices.billingTiming, 'advance')));
  if (!advance || advance.status === 'void' || advance.status === 'draft') return null;
  const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, advance.id));
  const unused = prorationFactor({ start: ctx.now, end: period.periodEnd }, { start: period.periodStart, end: period.periodEnd });
  const fees = lines.filter((l) => l.metricCode === null).reduce((sum, l) => sum.plus(l.amount), new ExactDecimal(0));
  const amount = moneyString(fees.times(unused), advance.currency);
  if (new ExactDecimal(amount).isZero()) return null;
  return createCreditNote(
    tx,
    advance.id,
    { reason, amount, description: `Unused time on ${advance.number} after ${utcDay(ctx.now)}` },
    ctx,
  );
}

export async function changeSubscriptionPlan(db: Db, subscriptionId: string, planCode: string, ctx: BillingContext) {
  const { now } = ctx;
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    if (!found) throw notFound('Subscription');
    // the usage lock first, as a billing run takes it before the subscription: no batch can slip
    // usage into the old part after the cut, and the two never wait on each other in opposite orders
    await lockCustomerForPeriodClose(tx, found.customerId);
    await rollOverSubscriptions(tx, [subscriptionId], ctx);
    const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).for('update');
    // before the live check: one whose first Stripe payment is still due (incomplete) is Stripe's too
    if (subscription?.stripeSubscriptionId && subscription.status !== 'canceled' && subscription.endedAt === null) throw managedByStripe();
    if (!subscription || !LIVE.includes(subscription.status)) {
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
    const [period] = await tx
      .select()
      .from(billingPeriods)
      .where(and(eq(billingPeriods.subscriptionId, subscription.id), eq(billingPeriods.status, 'open'), lte(billingPeriods.periodStart, now), gt(billingPeriods.periodEnd, now)))
      .for('update');
    if (!period) {
      // the roll-over opened the period holding now, so only a subscription ending before now gets here
      throw new BillingError({ code: 'subscription_ended', status: 409, message: 'The subscription has no period running now' });
    }
    const schedulingPlan = await loadSchedulingPlan(tx, plan.id);
    const atStart = period.periodStart.getTime() === now.getTime();
    if (atStart && period.advanceFees === 'invoiced') {
      // the old plan's advance invoice was issued this very millisecond; cutting a zero-length part is
      // not a period, and a second advance invoice for the period is not allowed
      throw new BillingError({ code: 'period_just_started', status: 409, message: 'The period started this instant; try again in a moment' });
    }

    let next: { id: string; start: Date; end: Date; cycle: { start: Date; end: Date } | null; advanceFees: 'pending' | 'invoiced' | null };
    let credited: Awaited<ReturnType<typeof creditUnusedAdvanceFees>> = null;
    if (period.isTrial || atStart) {
      // nothing of the period has been used on the old plan: it simply moves to the new one
      const advanceFees = billsFeesInAdvance(schedulingPlan, { trial: period.isTrial }, subscription.stripeSubscriptionId) ? ('pending' as const) : null;
      await tx.update(billingPeriods).set({ planId: plan.id, advanceFees }).where(eq(billingPeriods.id, period.id));
      next = { id: period.id, start: period.periodStart, end: period.periodEnd, cycle: period.cycleStart && period.cycleEnd ? { start: period.cycleStart, end: period.cycleEnd } : null, advanceFees };
    } else {
      const cycle = { start: period.cycleStart ?? period.periodStart, end: period.cycleEnd ?? period.periodEnd };
      const sameCycle = plan.interval === oldPlan!.interval && plan.intervalCount === oldPlan!.intervalCount && plan.billingAlignment === oldPlan!.billingAlignment;
      if (period.advanceFees === 'invoiced') credited = await creditUnusedAdvanceFees(tx, period, ctx, `Plan changed to ${plan.code}: unused part of the fees paid in advance`);
      await tx.update(billingPeriods).set({ periodEnd: now, cycleStart: cycle.start, cycleEnd: cycle.end }).where(eq(billingPeriods.id, period.id));
      // another interval: the new plan's own schedule from the change (an anniversary anchored on it,
      // or to its next calendar boundary)
      const newPart = sameCycle
        ? { start: now, end: period.periodEnd, cycle }
        : periodStartingAt(scheduleOf(schedulingPlan, { billingAnchor: now, trialEnd: null, startDate: subscription.startDate }), now);
      const advanceFees = billsFeesInAdvance(schedulingPlan, { trial: false }, subscription.stripeSubscriptionId) ? ('pending' as const) : null;
      const [inserted] = await tx
        .insert(billingPeriods)
        .values({
          subscriptionId: subscription.id,
          customerId: subscription.customerId,
          planId: plan.id,
          periodStart: newPart.start,
          periodEnd: newPart.end,
          cycleStart: newPart.cycle?.start ?? null,
          cycleEnd: newPart.cycle?.end ?? null,
          advanceFees,
        })
        .returning();
      next = { id: inserted!.id, start: newPart.start, end: newPart.end, cycle: newPart.cycle, advanceFees };
      if (!sameCycle) await tx.update(subscriptions).set({ billingAnchor: now }).where(eq(subscriptions.id, subscription.id));
    }
    const [updated] = await tx
      .update(subscriptions)
      .set({ planId: plan.id, currentPeriodStart: next.start, currentPeriodEnd: next.end, updatedAt: sql`now()` })
      .where(eq(subscriptions.id, subscription.id))
      .returning();
    const charged = next.advanceFees === 'pending'
      ? await invoiceAdvanceFees(tx, [{ id: next.id, subscriptionId: subscription.id, customerId: subscription.customerId, planId: plan.id, start: next.start, end: next.end, cycle: next.cycle }], ctx)
      : [];
    await writeAuditEntries(tx, ctx.actor, [
      {
        action: 'subscription.plan_changed',
        entityType: 'subscription',
        entityId: subscription.id,
        customerId: subscription.customerId,
        details: {
          from: `${oldPlan!.code} v${oldPlan!.version}`,
          to: `${plan.code} v${plan.version}`,
          before: { plan: `${oldPlan!.code} v${oldPlan!.version}` },
          after: { plan: `${plan.code} v${plan.version}` },
          at: now.toISOString(),
          prorated: !period.isTrial,
          credit_note_id: credited?.id ?? null,
          advance_invoice_id: charged[0]?.outcome === 'invoiced' ? charged[0].invoiceId : null,
        },
      },
    ]);
    return updated!;
  });
}
