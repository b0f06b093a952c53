// A customer's subscription to a plan's current version, with its first billing period, in one
// transaction. The billing run (lib/invoicing) takes it from there: it bills every period that has
// ended and opens the next, so a start date in the past (an imported customer) makes each period since
// then billable exactly once.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '@/lib/api-keys/create-api-key';
import { periodAt, type PlanInterval } from '@/lib/billing/periods';
import type { Queryable } from '@/lib/db/client';
import { auditLog, billingPeriods, plans, subscriptions } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/http/billing-error';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { createSubscriptionSchema, parseStartDate, type CreateSubscriptionInput } from './subscription-schemas';

const DAY_MS = 86_400_000;
export const LIVE_SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due'] as const;

/**
 * The first period: the trial [start, start + trial days) when there is one, else the first
 * anniversary period. Later periods are anchored on the trial's end, else the start (bill-period.ts).
 */
export function firstPeriod(start: Date, trialDays: number, interval: PlanInterval, intervalCount: number) {
  if (trialDays > 0) {
    const trialEnd = new Date(start.getTime() + trialDays * DAY_MS);
    return { start, end: trialEnd, trial: true, trialEnd };
  }
  return { ...periodAt(start, interval, intervalCount, 0), trial: false, trialEnd: null };
}

export async function createSubscription(db: Queryable, input: CreateSubscriptionInput, { actor, now }: { actor: Actor; now: Date }) {
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
      .where(and(eq(subscriptions.customerId, customer.id), inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]), isNull(subscriptions.endedAt)))
      .limit(1);
    if (live) {
      throw new BillingError({
        code: 'subscription_exists',
        status: 409,
        message: `The customer already has a live subscription (${live.id}, ${live.status}); cancel it first`,
        details: [{ field: 'customer_id', message: 'has a live subscription' }],
      });
    }

    const start = s.start_date === undefined ? now : parseStartDate(s.start_date);
    const first = firstPeriod(start, s.trial_days ?? plan.trialDays, plan.interval, plan.intervalCount);
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
    await tx.insert(billingPeriods).values({
      subscriptionId: subscription!.id,
      customerId: customer.id,
      planId: plan.id,
      periodStart: first.start,
      periodEnd: first.end,
      isTrial: first.trial,
    });
    await tx.insert(auditLog).values({
      actorType: actor.type,
      actorId: actor.id,
      action: 'subscription.created',
      entityType: 'subscription',
      entityId: subscription!.id,
      customerId: customer.id,
      details: { plan_code: plan.code, plan_version: plan.version, start_date: start.toISOString(), trial_end: first.trialEnd?.toISOString() ?? null },
    });
    return subscription!;
  });
}
