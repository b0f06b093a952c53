// A customer's subscription to a plan's current version, with its first billing period, in one
// transaction. The billing run (lib/invoicing) takes it from there: it bills every period that has
// ended and opens the next, so a start date in the past (an imported customer) makes each period since
// then billable exactly once.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { periodStartingAt } from '@/lib/billing/billing-schedule';
import type { Queryable } from '@/lib/db/client';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { billingPeriods, plans, subscriptions } from '@/lib/db/schema';
import type { BillingContext } from '@/lib/invoicing/bill-period';
import { invoiceAdvanceFees } from '@/lib/invoicing/invoice-advance-fees';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { addUtcDays } from '@/lib/time/utc-day';
import { billsFeesInAdvance, loadSchedulingPlan, rollOverSubscriptions, scheduleOf, type SchedulingPlan } from './roll-over-subscriptions';
import { createSubscriptionSchema, parseStartDate, type CreateSubscriptionInput } from './subscription-schemas';

export const LIVE_SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due'] as const;

/**
 * The first period: the trial [start, start + trial days) when there is one, else the first period of
 * the plan's schedule (anniversary from the start, or to the next calendar boundary, prorated).
 */
export function firstPeriod(start: Date, trialDays: number, plan: Pick<SchedulingPlan, 'interval' | 'interval_count' | 'billing_alignment'>) {
  const trialEnd = trialDays > 0 ? addUtcDays(start, trialDays) : null;
  return { ...periodStartingAt(scheduleOf(plan, { billingAnchor: null, trialEnd, startDate: start }), start), trialEnd };
}

export async function createSubscription(db: Queryable, input: CreateSubscriptionInput, ctx: BillingContext) {
  const { now } = ctx;
  const s = createSubscriptionSchema.parse(input);
  return db.transaction(async (tx) => {
    // The customer row is locked so two requests for the same customer queue here and the second sees
    // the first's subscription: there is no unique index for "one live subscription per customer".
    const customer = await getCustomerOrThrow(tx, s.customer_id, { lock: true });
    const [plan] = await tx.select().from(plans).where(and(eq(plans.code, s.plan_code), eq(plans.isCurrent, true)));
    if (!plan) throw notFound('Plan');
    if (plan.currency !== customer.currency) {
      throw new BillingError({
        code: 'validation_failed',
        status: 422,
        message: 'The request is not valid',
        details: [{ field: 'plan_code', message: `the plan is priced in ${plan.currency}, the customer is billed in ${customer.currency}` }],
      });
    }
    const [live] = await tx
      .select({ id: subscriptions.id, status: subscriptions.status })
      .from(subscriptions)
      // one waiting for its first payment at Stripe counts too: paid, it would bill beside the new one
      .where(and(eq(subscriptions.customerId, customer.id), inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES, 'incomplete']), isNull(subscriptions.endedAt)))
      .limit(1);
    if (live) {
      throw new BillingError({
        code: 'subscription_exists',
        status: 409,
        message:
          live.status === 'incomplete'
            ? `The customer's subscription ${live.id} is waiting for its first payment at Stripe; it ends by itself if that is not paid within a day`
            : `The customer already has a live subscription (${live.id}, ${live.status}); cancel it first`,
        details: [{ field: 'customer_id', message: 'has a live subscription' }],
      });
    }

    const start = s.start_date === undefined ? now : parseStartDate(s.start_date);
    const schedulingPlan = await loadSchedulingPlan(tx, plan.id);
    const first = firstPeriod(start, s.trial_days ?? plan.trialDays, schedulingPlan);
    const [subscription] = await tx
      .insert(subscriptions)
      .values({
        customerId: customer.id,
        planId: plan.id,
        status: first.trial ? 'trialing' : 'active',
        startDate: start,
        trialEnd: first.trialEnd,
        currentPeriodStart: first.start,
        currentPeriodEnd: first.end,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const [period] = await tx
      .insert(billingPeriods)
      .values({
        subscriptionId: subscription!.id,
        customerId: customer.id,
        planId: plan.id,
        periodStart: first.start,
        periodEnd: first.end,
        isTrial: first.trial,
        cycleStart: first.cycle?.start ?? null,
        cycleEnd: first.cycle?.end ?? null,
        advanceFees: billsFeesInAdvance(schedulingPlan, first, null) ? 'pending' : null,
      })
      .returning();
    await writeAuditEntries(tx, ctx.actor, [
      {
        action: 'subscription.created',
        entityType: 'subscription',
        entityId: subscription!.id,
        customerId: customer.id,
        details: {
          plan_code: plan.code,
          plan_version: plan.version,
          start_date: start.toISOString(),
          trial_end: first.trialEnd?.toISOString() ?? null,
          after: { status: subscription!.status, plan: `${plan.code} v${plan.version}`, start_date: start.toISOString(), trial_end: first.trialEnd?.toISOString() ?? null },
        },
      },
    ]);
    // A start date in the past makes every period since then exist now (the run bills the ended ones),
    // and the fees in advance of the periods that have started are invoiced at once.
    const opened = await rollOverSubscriptions(tx, [subscription!.id], ctx);
    const started = [{ id: period!.id, subscriptionId: subscription!.id, customerId: customer.id, planId: plan.id, start: first.start, end: first.end, cycle: first.cycle, advanceFees: period!.advanceFees }, ...opened];
    await invoiceAdvanceFees(tx, started.filter((p) => p.advanceFees === 'pending' && p.start <= now), ctx);
    const [current] = await tx.select().from(subscriptions).where(eq(subscriptions.id, subscription!.id));
    return current!;
  });
}
