// Fees in advance: when a period of a plan that pays in advance starts, its flat fees are invoiced
// (prorated when the period is part of a cycle); its usage is invoiced when it ends (bill-period.ts).
// Each period's advance invoice is issued once: the period is marked invoiced in the same transaction,
// and a unique constraint allows one advance invoice per period.
import { sql } from 'drizzle-orm';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { periodInvoiceLines } from '@/lib/billing/period-lines';
import { selectRows, type Queryable } from '@/lib/db/client';
import type { OpenedPeriod } from '@/lib/subscriptions/roll-over-subscriptions';
import { PeriodBillingError, type BillingContext, type PeriodOutcome } from './bill-period';
import { BillingCatalog } from './billing-catalog';
import { createDraftInvoices, type DraftLine } from './create-invoice';
import { finalizeDrafts } from './finalize-invoice';

/** A started period whose fees in advance are pending (locked, or opened, by the caller's transaction). */
export type AdvancePeriod = Omit<OpenedPeriod, 'trial' | 'advanceFees'>;

/** Issues the advance invoices of these periods, numbered, and marks their fees invoiced. */
export async function invoiceAdvanceFees(tx: Queryable, periods: AdvancePeriod[], ctx: BillingContext, catalog = new BillingCatalog()): Promise<PeriodOutcome[]> {
  if (periods.length === 0) return [];
  const plans = await catalog.plansOf(tx, periods.map((p) => p.planId));
  const withLines = periods
    .map((period) => {
      const plan = plans.get(period.planId)!;
      const lines = periodInvoiceLines({ charges: plan.charges, usage: {}, currency: plan.currency, period, cycle: period.cycle, timing: 'advance', flatFees: 'advance' });
      return { period, plan, lines };
    })
    .filter((p) => p.lines.length > 0);
  const drafts = await createDraftInvoices(
    tx,
    withLines.map(({ period, plan, lines }) => ({
      customerId: period.customerId,
      kind: 'subscription' as const,
      currency: plan.currency,
      subscriptionId: period.subscriptionId,
      billingPeriodId: period.id,
      billingTiming: 'advance' as const,
      periodStart: period.start,
      periodEnd: period.end,
      lines: lines.map((line): DraftLine => ({ ...line, kind: line.details?.proration ? 'proration' : 'charge' })),
    })),
    ctx.config,
  );
  await tx.execute(sql`update billing_periods set advance_fees = 'invoiced'
                        where id = any(${`{${periods.map((p) => p.id).join(',')}}`}::uuid[]) and advance_fees = 'pending'`);
  const invoices = await finalizeDrafts(tx, drafts, ctx);
  await writeAuditEntries(
    tx,
    ctx.actor,
    invoices.map((invoice) => ({
      action: 'billing_period.invoiced_in_advance',
      entityType: 'billing_period',
      entityId: invoice.billingPeriodId,
      customerId: invoice.customerId,
      details: { invoice_id: invoice.id, number: invoice.number, total: invoice.total },
    })),
  );
  return invoices.map((invoice) => ({ outcome: 'invoiced', periodId: invoice.billingPeriodId!, customerId: invoice.customerId, invoiceId: invoice.id, timing: 'advance' }));
}

type PendingRow = { id: string; subscription_id: string; customer_id: string; plan_id: string; period_start: Date; period_end: Date; cycle_start: Date | null; cycle_end: Date | null };

/**
 * Issues the advance invoices of periods that have started but are not invoiced yet (a subscription whose
 * start date was in the future when it was made), up to `limit`, locked so concurrent runs share them.
 */
export async function billDueAdvanceFees(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  ctx: BillingContext & { customerId?: string | null; limit: number; exclude?: string[]; only?: string[]; catalog?: BillingCatalog },
): Promise<PeriodOutcome[]> {
  const ids = (list: string[]) => `{${list.join(',')}}`;
  let picked: PendingRow[] = [];
  try {
    return await db.transaction(async (tx) => {
      picked = await selectRows<PendingRow>(
        tx,
        sql`select id, subscription_id, customer_id, plan_id, period_start, period_end, cycle_start, cycle_end
              from billing_periods
             where advance_fees = 'pending' and period_start <= ${ctx.now.toISOString()}::timestamptz
               ${ctx.customerId ? sql`and customer_id = ${ctx.customerId}` : sql``}
               ${ctx.exclude?.length ? sql`and id <> all(${ids(ctx.exclude)}::uuid[])` : sql``}
               ${ctx.only ? sql`and id = any(${ids(ctx.only)}::uuid[])` : sql``}
             order by period_start, id
             limit ${ctx.limit}
             for update skip locked`,
      );
      return invoiceAdvanceFees(
        tx,
        picked.map((r) => ({
          id: r.id,
          subscriptionId: r.subscription_id,
          customerId: r.customer_id,
          planId: r.plan_id,
          start: new Date(r.period_start),
          end: new Date(r.period_end),
          cycle: r.cycle_start && r.cycle_end ? { start: new Date(r.cycle_start), end: new Date(r.cycle_end) } : null,
        })),
        ctx,
        ctx.catalog,
      );
    });
  } catch (error) {
    if (picked.length) throw new PeriodBillingError(picked.map((p) => ({ id: p.id, customerId: p.customer_id })), error);
    throw error;
  }
}
