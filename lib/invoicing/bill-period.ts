// Billing one ended period, in one transaction: lock it, snapshot its usage, rate the plan's charges,
// issue the invoice (numbered), mark the period invoiced and open the next one. A crash anywhere rolls
// all of it back, and the unique constraints (one invoice and one billing snapshot per period) make a
// second attempt find nothing left to do.
//
// Concurrency: the period row is taken FOR UPDATE SKIP LOCKED, so concurrent runs share the work
// instead of queueing; the customer's usage lock is then taken exclusively, so usage batches already
// past their checks are in the snapshot and later ones see the period invoiced and are refused.
import { and, eq, sql } from 'drizzle-orm';
import { periodContaining, type PlanInterval } from '@/lib/billing/periods';
import { rateCharges } from '@/lib/billing/rating';
import type { Actor } from '@/lib/api-keys/create-api-key';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Queryable } from '@/lib/db/client';
import { auditLog, billingPeriods, plans, subscriptions } from '@/lib/db/schema';
import { captureUsageSnapshot } from '@/lib/usage/capture-usage-snapshot';
import { lockCustomerForPeriodClose } from '@/lib/usage/usage-period-lock';
import { createDraftInvoice } from './create-invoice';
import { finalizeInvoice } from './finalize-invoice';

export type BillingContext = { now: Date; config: BillingConfig; actor: Actor };
export type PeriodOutcome =
  | { outcome: 'invoiced'; periodId: string; customerId: string; invoiceId: string }
  | { outcome: 'skipped'; periodId: string; customerId: string; reason: 'trial' };

type DuePeriod = { id: string; customer_id: string; subscription_id: string; plan_id: string; period_start: Date; period_end: Date; is_trial: boolean };

/** Raised when billing a period fails, naming it so a run can skip it and carry on with the others. */
export class PeriodBillingError extends Error {
  constructor(
    readonly periodId: string,
    readonly customerId: string,
    readonly cause: unknown,
  ) {
    super(`billing period ${periodId} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PeriodBillingError';
  }
}

/** The oldest open period that has ended (of one customer, or anyone's), locked; null when none is left. */
async function lockNextDuePeriod(tx: Queryable, now: Date, customerId: string | null, exclude: string[]): Promise<DuePeriod | null> {
  const [row] = await selectRows<DuePeriod>(
    tx,
    sql`select id, customer_id, subscription_id, plan_id, period_start, period_end, is_trial
          from billing_periods
         where status = 'open' and period_end <= ${now.toISOString()}::timestamptz
           ${customerId ? sql`and customer_id = ${customerId}` : sql``}
           ${exclude.length ? sql`and id <> all(${`{${exclude.join(',')}}`}::uuid[])` : sql``}
         order by period_end, id
         limit 1
         for update skip locked`,
  );
  return row ?? null;
}

/** Opens the period after `ended` (or ends a subscription cancelled at period end). */
async function advanceSubscription(tx: Queryable, period: DuePeriod) {
  const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.id, period.subscription_id)).for('update');
  if (!subscription) return;
  const periodEnd = new Date(period.period_end);
  if (subscription.status === 'canceled' || (subscription.cancelAtPeriodEnd && periodEnd >= subscription.currentPeriodEnd)) {
    await tx
      .update(subscriptions)
      .set({ status: 'canceled', endedAt: periodEnd, canceledAt: subscription.canceledAt ?? periodEnd, updatedAt: sql`now()` })
      .where(eq(subscriptions.id, subscription.id));
    return;
  }
  // New periods bill on the plan's current version: a plan change never touches what was issued.
  const [plan] = await selectRows<{ id: string; interval: PlanInterval; interval_count: number }>(
    tx,
    sql`select coalesce(p2.id, p1.id) as id, coalesce(p2.interval, p1.interval) as interval,
               coalesce(p2.interval_count, p1.interval_count) as interval_count
          from plans p1 left join plans p2 on p2.code = p1.code and p2.is_current
         where p1.id = ${subscription.planId}`,
  );
  if (!plan) throw new Error(`subscription ${subscription.id} has no plan`);

  let next: { start: Date; end: Date; trial: boolean };
  if (subscription.trialEnd && periodEnd < subscription.trialEnd) {
    next = { start: periodEnd, end: subscription.trialEnd, trial: true };
  } else {
    // anniversary periods from the billing anchor (the trial's end, else the start), so a month
    // anchored on the 31st comes back to the 31st after February
    const anchor = subscription.trialEnd ?? subscription.startDate;
    const containing = periodContaining(anchor, plan.interval, plan.interval_count, periodEnd);
    next = { start: periodEnd, end: containing.end, trial: false };
  }
  await tx
    .insert(billingPeriods)
    .values({ subscriptionId: subscription.id, customerId: subscription.customerId, planId: plan.id, periodStart: next.start, periodEnd: next.end, isTrial: next.trial })
    .onConflictDoNothing();
  await tx
    .update(subscriptions)
    .set({
      planId: plan.id,
      currentPeriodStart: next.start,
      currentPeriodEnd: next.end,
      status: next.trial ? 'trialing' : subscription.status === 'trialing' ? 'active' : subscription.status,
      updatedAt: sql`now()`,
    })
    .where(eq(subscriptions.id, subscription.id));
}

async function billLockedPeriod(tx: Queryable, period: DuePeriod, ctx: BillingContext): Promise<PeriodOutcome> {
  await lockCustomerForPeriodClose(tx, period.customer_id);
  const close = (status: 'invoiced' | 'skipped') =>
    tx.update(billingPeriods).set({ status, closedAt: ctx.now }).where(and(eq(billingPeriods.id, period.id), eq(billingPeriods.status, 'open')));

  if (period.is_trial) {
    // Trials are not charged and issue no invoice (a $0 invoice per trial period would only be noise).
    await close('skipped');
    await advanceSubscription(tx, period);
    return { outcome: 'skipped', periodId: period.id, customerId: period.customer_id, reason: 'trial' };
  }

  const [plan] = await tx.select().from(plans).where(eq(plans.id, period.plan_id));
  const periodStart = new Date(period.period_start);
  const periodEnd = new Date(period.period_end);
  const snapshot = await captureUsageSnapshot(tx, {
    customerId: period.customer_id,
    subscriptionId: period.subscription_id,
    planId: period.plan_id,
    billingPeriodId: period.id,
    periodStart,
    periodEnd,
    kind: 'billing',
    capturedAt: ctx.now,
  });
  const charges = await loadPlanCharges(tx, period.plan_id);
  const rated = rateCharges(charges, snapshot.usage, plan!.currency);
  const draft = await createDraftInvoice(
    tx,
    {
      customerId: period.customer_id,
      kind: 'subscription',
      currency: plan!.currency,
      subscriptionId: period.subscription_id,
      billingPeriodId: period.id,
      periodStart,
      periodEnd,
      lines: rated.lines.map((line) => ({ ...line, kind: 'charge' as const })),
    },
    ctx.config,
  );
  await close('invoiced');
  await advanceSubscription(tx, period);
  // Numbered last: the number counter row is the one lock every billing transaction shares, so it is
  // taken just before commit and held as briefly as possible.
  const invoice = await finalizeInvoice(tx, draft.id, ctx);
  await tx.insert(auditLog).values({
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    action: 'billing_period.invoiced',
    entityType: 'billing_period',
    entityId: period.id,
    customerId: period.customer_id,
    details: { invoice_id: invoice.id, number: invoice.number, total: invoice.total, snapshot_id: snapshot.id },
  });
  return { outcome: 'invoiced', periodId: period.id, customerId: period.customer_id, invoiceId: invoice.id };
}

/**
 * Bills the next ended period (of `customerId`, or of anyone) in its own transaction. Null when no
 * period is due (or every due one is locked by another run).
 */
export async function billNextDuePeriod(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  ctx: BillingContext & { customerId?: string | null; exclude?: string[] },
): Promise<PeriodOutcome | null> {
  let picked: DuePeriod | null = null;
  try {
    return await db.transaction(async (tx) => {
      picked = await lockNextDuePeriod(tx, ctx.now, ctx.customerId ?? null, ctx.exclude ?? []);
      if (!picked) return null;
      return billLockedPeriod(tx, picked, ctx);
    });
  } catch (error) {
    const failed = picked as DuePeriod | null;
    if (failed) throw new PeriodBillingError(failed.id, failed.customer_id, error);
    throw error;
  }
}
