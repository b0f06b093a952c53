// Billing ended periods, a batch per transaction: lock the periods, snapshot their usage, rate each
// plan's charges, issue the invoices (numbered), mark the periods invoiced and open the next ones. A
// crash anywhere rolls the whole batch back, and the unique constraints (one invoice and one billing
// snapshot per period) make a second attempt find nothing left to do. The statements are per batch,
// not per period (npm run bench:billing shows why), and a batch of one bills a single period.
//
// Concurrency: periods are taken FOR UPDATE SKIP LOCKED, so concurrent runs share the work instead of
// queueing; the customers' usage locks are then taken exclusively, so usage batches already past their
// checks are in the snapshot and later ones see the period invoiced and are refused.
import { sql } from 'drizzle-orm';
import { periodContaining, type PlanInterval } from '@/lib/billing/periods';
import { prorateFlatLines } from '@/lib/billing/proration';
import { rateCharges, type RatedChargeInput } from '@/lib/billing/rating';
import type { Actor } from '@/lib/api-keys/create-api-key';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Queryable } from '@/lib/db/client';
import { insertRows, insertRowsReturning } from '@/lib/db/insert-rows';
import { auditLog, billingPeriods, usageSnapshots } from '@/lib/db/schema';
import { snapshotUsage } from '@/lib/usage/capture-usage-snapshot';
import { loadMetrics, measureUsageBatch, type MetricInfo } from '@/lib/usage/measure-usage';
import { lockCustomersForPeriodClose } from '@/lib/usage/usage-period-lock';
import { createDraftInvoices } from './create-invoice';
import { finalizeDrafts } from './finalize-invoice';

export type BillingContext = { now: Date; config: BillingConfig; actor: Actor };
export type PeriodOutcome =
  | { outcome: 'invoiced'; periodId: string; customerId: string; invoiceId: string }
  | { outcome: 'skipped'; periodId: string; customerId: string; reason: 'trial' };

type DuePeriod = {
  id: string;
  customer_id: string;
  subscription_id: string;
  plan_id: string;
  period_start: Date;
  period_end: Date;
  is_trial: boolean;
  /** set when a plan change split the cycle: flat fees are prorated */
  cycle_start: Date | null;
  cycle_end: Date | null;
  /** a Stripe subscription bills the plan's flat fees (setup-subscription): the invoice carries usage only */
  fees_billed_by_stripe: boolean;
};
type PlanInfo = { id: string; code: string; currency: string; interval: PlanInterval; interval_count: number; charges: RatedChargeInput[] };

/** Raised when billing failed, naming the periods so a run can isolate the bad one and carry on. */
export class PeriodBillingError extends Error {
  constructor(
    readonly periods: { id: string; customerId: string }[],
    readonly cause: unknown,
  ) {
    super(`billing ${periods.length === 1 ? `period ${periods[0]!.id}` : `a batch of ${periods.length} periods`} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PeriodBillingError';
  }
}

/**
 * Plans and metrics for a run. A plan version's charges never change (a change makes a new version),
 * so they are read once per run rather than once per period.
 */
export class BillingCatalog {
  private plans = new Map<string, PlanInfo>();
  private metrics: MetricInfo[] | null = null;

  async plan(tx: Queryable, planId: string): Promise<PlanInfo> {
    let plan = this.plans.get(planId);
    if (!plan) {
      const [row] = await selectRows<Omit<PlanInfo, 'charges'>>(tx, sql`select id, code, currency, interval, interval_count from plans where id = ${planId}`);
      if (!row) throw new Error(`plan ${planId} not found`);
      plan = { ...row, charges: await loadPlanCharges(tx, planId) };
      this.plans.set(planId, plan);
    }
    return plan;
  }

  async allMetrics(tx: Queryable): Promise<MetricInfo[]> {
    this.metrics ??= await loadMetrics(tx);
    return this.metrics;
  }
}

/** Ended open periods (of one customer, of a given list, or anyone's), oldest first, locked. */
async function lockDuePeriods(
  tx: Queryable,
  { now, customerId, exclude, only, limit }: { now: Date; customerId: string | null; exclude: string[]; only: string[] | null; limit: number },
): Promise<DuePeriod[]> {
  const ids = (list: string[]) => `{${list.join(',')}}`;
  const rows = await selectRows<DuePeriod>(
    tx,
    sql`select id, customer_id, subscription_id, plan_id, period_start, period_end, is_trial, cycle_start, cycle_end,
               exists (select 1 from subscriptions s where s.id = billing_periods.subscription_id and s.stripe_subscription_id is not null) as fees_billed_by_stripe
          from billing_periods
         where status = 'open' and period_end <= ${now.toISOString()}::timestamptz
           ${customerId ? sql`and customer_id = ${customerId}` : sql``}
           ${exclude.length ? sql`and id <> all(${ids(exclude)}::uuid[])` : sql``}
           ${only ? sql`and id = any(${ids(only)}::uuid[])` : sql``}
         order by period_end, id
         limit ${limit}
         for update skip locked`,
  );
  // One period per subscription per batch: the next is opened by billing this one.
  const seen = new Set<string>();
  return rows.filter((p) => !seen.has(p.subscription_id) && seen.add(p.subscription_id));
}

type SubscriptionRow = {
  id: string;
  customer_id: string;
  plan_id: string;
  status: string;
  start_date: Date;
  trial_end: Date | null;
  billing_anchor: Date | null;
  current_period_end: Date;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
};

/** Opens the period after each billed one, or ends subscriptions cancelled at period end. */
async function advanceSubscriptions(tx: Queryable, periods: DuePeriod[]) {
  const subscriptionIds = periods.map((p) => p.subscription_id);
  const subscriptions = await selectRows<SubscriptionRow>(
    tx,
    sql`select id, customer_id, plan_id, status, start_date, trial_end, billing_anchor, current_period_end, cancel_at_period_end, canceled_at
          from subscriptions where id = any(${`{${subscriptionIds.join(',')}}`}::uuid[]) order by id for update`,
  );
  // New periods bill on each plan's current version: a plan change never touches what was issued.
  const currentPlans = await selectRows<{ old_id: string; id: string; interval: PlanInterval; interval_count: number }>(
    tx,
    sql`select p1.id as old_id, coalesce(p2.id, p1.id) as id, coalesce(p2.interval, p1.interval) as interval,
               coalesce(p2.interval_count, p1.interval_count) as interval_count
          from plans p1 left join plans p2 on p2.code = p1.code and p2.is_current
         where p1.id = any(${`{${[...new Set(subscriptions.map((s) => s.plan_id))].join(',')}}`}::uuid[])`,
  );
  const planFor = new Map(currentPlans.map((p) => [p.old_id, p]));
  const byId = new Map(subscriptions.map((s) => [s.id, s]));

  const updates: { id: string; plan_id: string; start: string | null; end: string | null; status: string; ended_at: string | null; canceled_at: string | null }[] = [];
  const nextPeriods: (typeof billingPeriods.$inferInsert)[] = [];
  for (const period of periods) {
    const subscription = byId.get(period.subscription_id);
    if (!subscription) continue;
    const periodEnd = new Date(period.period_end);
    if (subscription.status === 'canceled' || (subscription.cancel_at_period_end && periodEnd >= new Date(subscription.current_period_end))) {
      const canceledAt = subscription.canceled_at ? new Date(subscription.canceled_at) : periodEnd;
      updates.push({ id: subscription.id, plan_id: subscription.plan_id, start: null, end: null, status: 'canceled', ended_at: periodEnd.toISOString(), canceled_at: canceledAt.toISOString() });
      continue;
    }
    const plan = planFor.get(subscription.plan_id)!;
    const trialEnd = subscription.trial_end ? new Date(subscription.trial_end) : null;
    let next: { start: Date; end: Date; trial: boolean };
    if (trialEnd && periodEnd < trialEnd) {
      next = { start: periodEnd, end: trialEnd, trial: true };
    } else {
      // anniversary periods from the billing anchor (a plan change to another interval, else the
      // trial's end, else the start), so a month anchored on the 31st comes back to the 31st after February
      const anchor = subscription.billing_anchor ? new Date(subscription.billing_anchor) : (trialEnd ?? new Date(subscription.start_date));
      next = { start: periodEnd, end: periodContaining(anchor, plan.interval, plan.interval_count, periodEnd).end, trial: false };
    }
    nextPeriods.push({ subscriptionId: subscription.id, customerId: subscription.customer_id, planId: plan.id, periodStart: next.start, periodEnd: next.end, isTrial: next.trial });
    const status = next.trial ? 'trialing' : subscription.status === 'trialing' ? 'active' : subscription.status;
    updates.push({ id: subscription.id, plan_id: plan.id, start: next.start.toISOString(), end: next.end.toISOString(), status, ended_at: null, canceled_at: subscription.canceled_at ? new Date(subscription.canceled_at).toISOString() : null });
  }
  if (nextPeriods.length) await tx.insert(billingPeriods).values(nextPeriods).onConflictDoNothing();
  if (updates.length) {
    await tx.execute(sql`
      update subscriptions s
         set plan_id = u.plan_id, status = u.status,
             current_period_start = coalesce(u.start, s.current_period_start), current_period_end = coalesce(u.end_, s.current_period_end),
             ended_at = coalesce(u.ended_at, s.ended_at), canceled_at = u.canceled_at, updated_at = now()
        from json_to_recordset(${JSON.stringify(updates.map(({ end, ...u }) => ({ ...u, end_: end })))}::json)
          as u(id uuid, plan_id uuid, start timestamptz, end_ timestamptz, status text, ended_at timestamptz, canceled_at timestamptz)
       where s.id = u.id`);
  }
}

async function billLockedPeriods(tx: Queryable, periods: DuePeriod[], ctx: BillingContext, catalog: BillingCatalog): Promise<PeriodOutcome[]> {
  await lockCustomersForPeriodClose(tx, [...new Set(periods.map((p) => p.customer_id))]);
  // Trials are not charged and issue no invoice (a $0 invoice per trial period would only be noise).
  const billable = periods.filter((p) => !p.is_trial);
  const plans = new Map<string, PlanInfo>();
  for (const p of billable) plans.set(p.plan_id, await catalog.plan(tx, p.plan_id));
  const metered = (plan: PlanInfo) => plan.charges.filter((c) => c.metric_code !== null).map((c) => ({ metric: c.metric_code!, filters: c.filters }));

  const usage = await measureUsageBatch(
    tx,
    billable.map((p) => ({ key: p.id, customerId: p.customer_id, from: new Date(p.period_start), to: new Date(p.period_end), requests: metered(plans.get(p.plan_id)!) })),
    await catalog.allMetrics(tx),
  );
  const usageOf = (p: DuePeriod) => snapshotUsage(usage.get(p.id)!, metered(plans.get(p.plan_id)!));

  const snapshots = await insertRowsReturning(
    tx,
    usageSnapshots,
    billable.map((p) => ({
      customerId: p.customer_id,
      subscriptionId: p.subscription_id,
      billingPeriodId: p.id,
      kind: 'billing' as const,
      periodStart: new Date(p.period_start),
      periodEnd: new Date(p.period_end),
      capturedAt: ctx.now,
      usage: usageOf(p),
    })),
  );
  const snapshotOf = new Map(snapshots.map((s) => [s.billingPeriodId, s.id]));

  const drafts = await createDraftInvoices(
    tx,
    billable.map((p) => {
      const plan = plans.get(p.plan_id)!;
      const charges = p.fees_billed_by_stripe ? plan.charges.filter((c) => c.model !== 'flat') : plan.charges;
      const rated = rateCharges(charges, usageOf(p), plan.currency);
      const lines = p.cycle_start && p.cycle_end
        ? prorateFlatLines(rated.lines, charges, { start: new Date(p.period_start), end: new Date(p.period_end) }, { start: new Date(p.cycle_start), end: new Date(p.cycle_end) }, plan.currency)
        : rated.lines;
      return {
        customerId: p.customer_id,
        kind: 'subscription' as const,
        currency: plan.currency,
        subscriptionId: p.subscription_id,
        billingPeriodId: p.id,
        periodStart: new Date(p.period_start),
        periodEnd: new Date(p.period_end),
        lines: lines.map((line) => ({ ...line, kind: line.details?.proration ? ('proration' as const) : ('charge' as const) })),
      };
    }),
    ctx.config,
  );

  await tx.execute(sql`
    update billing_periods set status = case when is_trial then 'skipped' else 'invoiced' end, closed_at = ${ctx.now.toISOString()}::timestamptz
     where id = any(${`{${periods.map((p) => p.id).join(',')}}`}::uuid[]) and status = 'open'`);
  await advanceSubscriptions(tx, periods);
  // Numbered last: the number counter row is the one lock every billing transaction shares, so it is
  // taken just before commit and held as briefly as possible.
  const invoices = await finalizeDrafts(tx, drafts, ctx);
  await insertRows(
    tx,
    auditLog,
    invoices.map((invoice) => ({
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      action: 'billing_period.invoiced',
      entityType: 'billing_period',
      entityId: invoice.billingPeriodId,
      customerId: invoice.customerId,
      details: { invoice_id: invoice.id, number: invoice.number, total: invoice.total, snapshot_id: snapshotOf.get(invoice.billingPeriodId) ?? null },
    })),
  );
  const invoiceOf = new Map(invoices.map((i) => [i.billingPeriodId, i.id]));
  return periods.map((p): PeriodOutcome =>
    p.is_trial
      ? { outcome: 'skipped', periodId: p.id, customerId: p.customer_id, reason: 'trial' }
      : { outcome: 'invoiced', periodId: p.id, customerId: p.customer_id, invoiceId: invoiceOf.get(p.id)! },
  );
}

export type BatchOptions = BillingContext & {
  customerId?: string | null;
  /** periods that failed earlier in this run */
  exclude?: string[];
  /** bill only these periods (isolating a failed batch) */
  only?: string[];
  limit?: number;
  catalog?: BillingCatalog;
};

/** Bills up to `limit` ended periods in one transaction; [] when none is due (or all are locked). */
export async function billDueBatch(db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> }, options: BatchOptions): Promise<PeriodOutcome[]> {
  let picked: DuePeriod[] = [];
  const catalog = options.catalog ?? new BillingCatalog();
  try {
    return await db.transaction(async (tx) => {
      picked = await lockDuePeriods(tx, {
        now: options.now,
        customerId: options.customerId ?? null,
        exclude: options.exclude ?? [],
        only: options.only ?? null,
        limit: options.limit ?? 1,
      });
      return picked.length ? billLockedPeriods(tx, picked, options, catalog) : [];
    });
  } catch (error) {
    if (picked.length) throw new PeriodBillingError(picked.map((p) => ({ id: p.id, customerId: p.customer_id })), error);
    throw error;
  }
}

/** Bills the next ended period (of `customerId`, or of anyone); null when none is due. */
export async function billNextDuePeriod(db: Parameters<typeof billDueBatch>[0], options: BatchOptions): Promise<PeriodOutcome | null> {
  const [outcome] = await billDueBatch(db, { ...options, limit: 1 });
  return outcome ?? null;
}
