// Billing ended periods, a batch per transaction: lock the periods, snapshot their usage, rate each
// plan's charges, issue the invoices (numbered), mark the periods invoiced and roll their subscriptions
// over (the next periods opened, fees in advance invoiced, or the subscription ended). A crash anywhere
// rolls the whole batch back, and the unique constraints (one invoice per period and timing, one
// billing snapshot per period) make a second attempt find nothing left to do. The statements are per
// batch, not per period (npm run bench:billing shows why), and a batch of one bills a single period.
//
// Concurrency: periods are taken FOR UPDATE SKIP LOCKED, so concurrent runs share the work instead of
// queueing; the customers' usage locks are then taken exclusively, so usage batches already past their
// checks are in the snapshot and later ones see the period invoiced and are refused.
import { sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { chargesBilledAt, periodInvoiceLines, type FlatFeeBilling } from '@/lib/billing/period-lines';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Queryable } from '@/lib/db/client';
import { insertRowsReturning } from '@/lib/db/insert-rows';
import { usageSnapshots } from '@/lib/db/schema';
import { rollOverSubscriptions } from '@/lib/subscriptions/roll-over-subscriptions';
import { snapshotUsage } from '@/lib/usage/capture-usage-snapshot';
import { measureUsageBatch } from '@/lib/usage/measure-usage';
import { lockCustomersForPeriodClose } from '@/lib/usage/usage-period-lock';
import { BillingCatalog, type PlanInfo } from './billing-catalog';
import { createDraftInvoices, type DraftLine } from './create-invoice';
import { finalizeDrafts } from './finalize-invoice';
import { invoiceAdvanceFees } from './invoice-advance-fees';

export type BillingContext = { now: Date; config: BillingConfig; actor: Actor };
export type PeriodOutcome =
  | { outcome: 'invoiced'; periodId: string; customerId: string; invoiceId: string; timing: 'arrears' | 'advance' }
  // a trial is not charged; a period whose fees were billed in advance (or by Stripe) and that has no
  // usage charges has nothing left to bill at its end
  | { outcome: 'skipped'; periodId: string; customerId: string; reason: 'trial' | 'nothing_to_bill' };

type DuePeriod = {
  id: string;
  customer_id: string;
  subscription_id: string;
  plan_id: string;
  period_start: Date;
  period_end: Date;
  is_trial: boolean;
  /** set when the period is part of a cycle (a plan change, a calendar plan's first period): flat fees are prorated */
  cycle_start: Date | null;
  cycle_end: Date | null;
  /** set when the period's flat fees are billed in advance */
  advance_fees: 'pending' | 'invoiced' | null;
  /** a Stripe subscription bills the plan's flat fees (setup-subscription): the invoice carries usage only */
  fees_billed_by_stripe: boolean;
};

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

/** Ended open periods (of one customer, of a given list, or anyone's), oldest first, locked. */
async function lockDuePeriods(
  tx: Queryable,
  { now, customerId, exclude, only, limit }: { now: Date; customerId: string | null; exclude: string[]; only: string[] | null; limit: number },
): Promise<DuePeriod[]> {
  const ids = (list: string[]) => `{${list.join(',')}}`;
  const rows = await selectRows<DuePeriod>(
    tx,
    sql`select id, customer_id, subscription_id, plan_id, period_start, period_end, is_trial, cycle_start, cycle_end, advance_fees,
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
  // One period per subscription per batch keeps each batch's roll-over to one step per subscription.
  const seen = new Set<string>();
  return rows.filter((p) => !seen.has(p.subscription_id) && seen.add(p.subscription_id));
}

const flatFeesOf = (p: DuePeriod): FlatFeeBilling => (p.fees_billed_by_stripe ? 'stripe' : p.advance_fees ? 'advance' : 'arrears');

async function billLockedPeriods(tx: Queryable, periods: DuePeriod[], ctx: BillingContext, catalog: BillingCatalog): Promise<PeriodOutcome[]> {
  await lockCustomersForPeriodClose(tx, [...new Set(periods.map((p) => p.customer_id))]);
  const plans = await catalog.plansOf(tx, periods.filter((p) => !p.is_trial).map((p) => p.plan_id));
  // Trials are not charged and issue no invoice (a $0 invoice per trial period would only be noise);
  // nor does a period with nothing left to bill at its end.
  const billable = periods.filter((p) => !p.is_trial && chargesBilledAt(plans.get(p.plan_id)!.charges, 'arrears', flatFeesOf(p)).length > 0);
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
      const period = { start: new Date(p.period_start), end: new Date(p.period_end) };
      const lines = periodInvoiceLines({
        charges: plan.charges,
        usage: usageOf(p),
        currency: plan.currency,
        period,
        cycle: p.cycle_start && p.cycle_end ? { start: new Date(p.cycle_start), end: new Date(p.cycle_end) } : null,
        timing: 'arrears',
        flatFees: flatFeesOf(p),
      });
      return {
        customerId: p.customer_id,
        kind: 'subscription' as const,
        currency: plan.currency,
        subscriptionId: p.subscription_id,
        billingPeriodId: p.id,
        billingTiming: 'arrears' as const,
        periodStart: period.start,
        periodEnd: period.end,
        lines: lines.map((line): DraftLine => ({ ...line, kind: line.details?.proration ? 'proration' : 'charge' })),
      };
    }),
    ctx.config,
  );

  await tx.execute(sql`
    update billing_periods set status = case when is_trial then 'skipped' else 'invoiced' end, closed_at = ${ctx.now.toISOString()}::timestamptz
     where id = any(${`{${periods.map((p) => p.id).join(',')}}`}::uuid[]) and status = 'open'`);
  const opened = await rollOverSubscriptions(tx, periods.map((p) => p.subscription_id), ctx);
  // Numbered last: the number counter row is the one lock every billing transaction shares, so it is
  // taken just before commit and held as briefly as possible.
  const invoices = await finalizeDrafts(tx, drafts, ctx);
  await writeAuditEntries(
    tx,
    ctx.actor,
    invoices.map((invoice) => ({
      action: 'billing_period.invoiced',
      entityType: 'billing_period',
      entityId: invoice.billingPeriodId,
      customerId: invoice.customerId,
      details: { invoice_id: invoice.id, number: invoice.number, total: invoice.total, snapshot_id: snapshotOf.get(invoice.billingPeriodId) ?? null },
    })),
  );
  // the periods the roll-over opened have started: their fees in advance are due now
  const advance = await invoiceAdvanceFees(tx, opened.filter((p) => p.advanceFees === 'pending' && p.start <= ctx.now), ctx, catalog);

  const invoiceOf = new Map(invoices.map((i) => [i.billingPeriodId, i.id]));
  return [
    ...periods.map((p): PeriodOutcome => {
      const invoiceId = invoiceOf.get(p.id);
      if (invoiceId) return { outcome: 'invoiced', periodId: p.id, customerId: p.customer_id, invoiceId, timing: 'arrears' };
      return { outcome: 'skipped', periodId: p.id, customerId: p.customer_id, reason: p.is_trial ? 'trial' : 'nothing_to_bill' };
    }),
    ...advance,
  ];
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

type TransactionalDb = { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> };

/** Bills up to `limit` ended periods in one transaction; [] when none is due (or all are locked). */
export async function billDueBatch(db: TransactionalDb, options: BatchOptions): Promise<PeriodOutcome[]> {
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
export async function billNextDuePeriod(db: TransactionalDb, options: BatchOptions): Promise<PeriodOutcome | null> {
  const [outcome] = await billDueBatch(db, { ...options, limit: 1 });
  return outcome ?? null;
}
