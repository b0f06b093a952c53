// Invoiced periods re-rated under other charges: the part of the what-if simulator (simulate-pricing.ts)
// that does not depend on how the periods were chosen, shared with the customer's subscription page
// (what each plan they may move to would have cost last period). Reads only; the caller picks the
// periods and runs this inside its own READ ONLY transaction.
//
// Like with like: `current` is the sum of the subtotals of the period's subscription invoices as issued
// (before tax; the advance invoice of a plan that pays in advance and the invoice at the period's end);
// each `simulated` figure is those invoices re-rated with the billing run's pricing core: the lines a
// plan charge priced are replaced by the proposal's lines (same usage, same proration, same timing), any
// other line is kept as issued. With the period's own charges the two are equal.
//
// Cost: a fixed number of statements whatever the number of periods and proposals (their invoices with
// their lines summed in SQL, their billing snapshots and, only when a proposal prices a metric or filter
// the snapshots do not hold, one batched measurement of that usage).
import { sql } from 'drizzle-orm';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString, type Currency } from '@/lib/billing/money';
import type { FlatFeeBilling } from '@/lib/billing/period-lines';
import { usageKey, type RatedChargeInput } from '@/lib/billing/rating';
import { selectRows, type Queryable } from '@/lib/db/client';
import { measureUsageBatch, type MetricInfo, type UsageRequest } from '@/lib/usage/measure-usage';
import { missingUsage, reratePeriod, usageRequests } from './rerate-period';

/** An invoiced billing period as both callers select it. */
export type InvoicedPeriodRow = {
  id: string;
  customer_id: string;
  customer_name: string;
  period_start: Date;
  period_end: Date;
  cycle_start: Date | null;
  cycle_end: Date | null;
  advance_fees: 'pending' | 'invoiced' | null;
  fees_billed_by_stripe: boolean;
};

export type ReratedPeriod = {
  period: InvoicedPeriodRow;
  /** the period's invoice at its end (or, with nothing billed then, its advance invoice) */
  invoiceId: string;
  /** the issued invoices' subtotals together */
  current: string;
  /** the period re-rated under each proposal, in the order the proposals were given */
  simulated: string[];
};

type InvoiceRow = { id: string; billing_period_id: string; billing_timing: 'arrears' | 'advance'; subtotal: string; other_lines: string };

const uuids = (ids: string[]) => `{${ids.join(',')}}`;

/** The billing run's rule (bill-period.ts): a Stripe subscription bills the flat fees, else advance or arrears. */
const flatFeesOf = (p: InvoicedPeriodRow): FlatFeeBilling => (p.fees_billed_by_stripe ? 'stripe' : p.advance_fees ? 'advance' : 'arrears');

/** The SQL columns of InvoicedPeriodRow over billing_periods `bp`, subscriptions `s` and customers `c`. */
export const INVOICED_PERIOD_COLUMNS = sql.raw(`bp.id, bp.customer_id, c.name as customer_name, bp.period_start, bp.period_end, bp.cycle_start, bp.cycle_end, bp.advance_fees,
               s.stripe_subscription_id is not null as fees_billed_by_stripe`);

/** A period counts as invoiced when it has a subscription invoice of ours that is not a draft (a Stripe subscription's flat fees alone leave none). */
export const HAS_ISSUED_INVOICE = sql.raw(
  `exists (select 1 from invoices i where i.billing_period_id = bp.id and i.kind = 'subscription' and i.source = 'meterbill' and i.status <> 'draft')`,
);

/** The periods' subscription invoices as issued, each with the sum of its lines no plan charge priced. */
function issuedInvoices(tx: Queryable, periodIds: string[], currency: string): Promise<InvoiceRow[]> {
  return selectRows<InvoiceRow>(
    tx,
    sql`select i.id, i.billing_period_id, i.billing_timing, i.subtotal,
               coalesce(sum(l.amount) filter (where l.charge_id is null), 0)::text as other_lines
          from invoices i left join invoice_lines l on l.invoice_id = i.id
         where i.billing_period_id = any(${uuids(periodIds)}::uuid[])
           and i.kind = 'subscription' and i.source = 'meterbill' and i.status <> 'draft' and i.currency = ${currency}
         group by i.id`,
  );
}

/**
 * Each period beside what it would have come to under each proposal. Periods with no issued invoice in
 * `currency` are left out (an invoice in another currency is never summed with these).
 */
export async function rerateInvoicedPeriods(
  tx: Queryable,
  periods: InvoicedPeriodRow[],
  proposals: RatedChargeInput[][],
  { currency, metrics }: { currency: Currency; metrics: MetricInfo[] },
): Promise<ReratedPeriod[]> {
  const periodIds = periods.map((p) => p.id);
  if (periodIds.length === 0) return [];
  const invoices = await issuedInvoices(tx, periodIds, currency);
  const snapshots = await selectRows<{ billing_period_id: string; usage: Record<string, string> }>(
    tx,
    sql`select billing_period_id, usage from usage_snapshots where kind = 'billing' and billing_period_id = any(${uuids(periodIds)}::uuid[])`,
  );
  const usageOf = new Map(snapshots.map((s) => [s.billing_period_id, { ...s.usage }]));

  // A proposed charge on a metric or filter the period's plan did not price has no quantity in the
  // snapshot: it is measured from the period's events, as the billing run would have (an invoiced period
  // takes no more usage, so this is what its snapshot would hold).
  const requests = new Map<string, UsageRequest>();
  for (const proposal of proposals) for (const r of usageRequests(proposal)) requests.set(usageKey(r.metric, r.filters), r);
  const windows = periods
    .map((p) => ({ key: p.id, customerId: p.customer_id, from: new Date(p.period_start), to: new Date(p.period_end), requests: missingUsage(usageOf.get(p.id) ?? {}, [...requests.values()]) }))
    .filter((w) => w.requests.length > 0);
  if (windows.length) {
    const measured = await measureUsageBatch(tx, windows, metrics);
    for (const w of windows) {
      const usage = usageOf.get(w.key) ?? {};
      const got = measured.get(w.key) ?? {};
      for (const r of w.requests) usage[usageKey(r.metric, r.filters)] = got[usageKey(r.metric, r.filters)] ?? '0';
      usageOf.set(w.key, usage);
    }
  }

  const invoicesOf = new Map<string, InvoiceRow[]>();
  for (const invoice of invoices) invoicesOf.set(invoice.billing_period_id, [...(invoicesOf.get(invoice.billing_period_id) ?? []), invoice]);

  const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new ExactDecimal(0));
  const rerated: ReratedPeriod[] = [];
  for (const p of periods) {
    const issued = invoicesOf.get(p.id) ?? [];
    if (issued.length === 0) continue;
    const billed = {
      period: { start: new Date(p.period_start), end: new Date(p.period_end) },
      cycle: p.cycle_start && p.cycle_end ? { start: new Date(p.cycle_start), end: new Date(p.cycle_end) } : null,
      flatFees: flatFeesOf(p),
      usage: usageOf.get(p.id) ?? {},
      otherLines: sum(issued.map((i) => i.other_lines)).toFixed(),
    };
    rerated.push({
      period: p,
      invoiceId: (issued.find((i) => i.billing_timing === 'arrears') ?? issued[0]!).id,
      current: moneyString(sum(issued.map((i) => i.subtotal)), currency),
      simulated: proposals.map((charges) => reratePeriod(charges, billed, currency).subtotal),
    });
  }
  return rerated;
}
