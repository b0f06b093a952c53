// What /billing/subscription shows the signed-in customer: their plan with its prices in words, where
// the subscription stands (status, current period, a cancellation at its end), the plans they may move
// to (the workspace's other current plans in their currency), each with what it would have cost in the
// last invoiced period (re-rated with the billing run's pricing core, rerate-invoiced-periods.ts, as the
// what-if simulator does), and the estimate of the open period's invoice (the usage page's estimate).
//
// Everything runs as the customer under RLS (asUser) in a READ ONLY transaction: the customer reaches
// only their own rows and their workspace's catalog, and a bug that tried to write would be refused.
import { sql } from 'drizzle-orm';
import type { RatedChargeInput } from '@/lib/billing/rating';
import { describeCharges, type ChargeDescription } from '@/lib/catalog/describe-charges';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import { listPlans, type PlanView } from '@/lib/catalog/plan-view';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { asUser, type RequestClaims } from '@/lib/db/as-user';
import { selectRows, type Db, type Queryable } from '@/lib/db/client';
import { HAS_ISSUED_INVOICE, INVOICED_PERIOD_COLUMNS, rerateInvoicedPeriods, type InvoicedPeriodRow } from '@/lib/pricing/rerate-invoiced-periods';
import { loadMetrics, type MetricInfo } from '@/lib/usage/measure-usage';
import { getUsageSummary, type UsageEstimate } from '@/lib/usage/usage-summary';
import { periodInvoiceLines } from '@/lib/billing/period-lines';
import { measureUsageBatch } from '@/lib/usage/measure-usage';
import { LIVE_SUBSCRIPTION_STATUSES } from './create-subscription';
import { loadPeriodHoldingNow } from './period-holding-now';

export type PlanOffer = {
  code: string;
  name: string;
  description: string | null;
  currency: string;
  interval: PlanView['interval'];
  interval_count: number;
  pay_in_advance: boolean;
  billing_alignment: PlanView['billing_alignment'];
  /** the plan's charges in words, in its order */
  prices: ChargeDescription[];
  /** the last invoiced period re-rated under this plan's charges; null without such a period */
  last_period_cost: string | null;
  /** last_period_cost − what the period's invoices actually came to: positive costs more */
  difference: string | null;
  /** a move keeps the billing cycle (same interval and alignment): the new plan's fees are prorated to the period's end */
  keeps_cycle: boolean;
};

export type SubscriptionOverview = {
  customer: { id: string; name: string; status: 'active' | 'suspended'; currency: string };
  subscription: {
    id: string;
    status: string;
    current_period: { start: string; end: string; trial: boolean };
    trial_end: string | null;
    cancel_at_period_end: boolean;
    /** Stripe bills the plan's flat fee: a plan change is not offered here */
    billed_by_stripe: boolean;
    plan: PlanOffer;
  } | null;
  /** the subscription's last invoiced period and what its invoices came to before tax */
  last_period: { start: string; end: string; plan_name: string; invoice_id: string; actual: string } | null;
  offers: PlanOffer[];
  /** the open period's invoice if it closed now (GET /api/billing/usage?include_estimate=true) */
  estimate: UsageEstimate | null;
  /**
   * Periods that have ended and wait for the next billing run: after a plan change, the old plan's part
   * of the period, its fees prorated by its share of the cycle. What their invoices will come to before tax.
   */
  ended_unbilled: { start: string; end: string; plan_name: string; prorated: boolean; trial: boolean; subtotal: string }[];
};

type CustomerRow = { id: string; name: string; status: 'active' | 'suspended'; currency: string };
type SubscriptionRow = { id: string; status: string; plan_id: string; trial_end: Date | null; cancel_at_period_end: boolean; stripe_subscription_id: string | null };
type LastPeriodRow = InvoicedPeriodRow & { plan_name: string };

/** The subscription's last invoiced period with an invoice of ours, on whichever plan it was. */
async function lastInvoicedPeriod(tx: Queryable, subscriptionId: string): Promise<LastPeriodRow | null> {
  const [row] = await selectRows<LastPeriodRow>(
    tx,
    sql`select ${INVOICED_PERIOD_COLUMNS}, p.name as plan_name
          from billing_periods bp
          join subscriptions s on s.id = bp.subscription_id
          join customers c on c.id = bp.customer_id
          join plans p on p.id = bp.plan_id
         where bp.subscription_id = ${subscriptionId} and bp.status = 'invoiced' and ${HAS_ISSUED_INVOICE}
         order by bp.period_end desc, bp.id desc
         limit 1`,
  );
  return row ?? null;
}

type EndedRow = {
  id: string;
  plan_id: string;
  plan_name: string;
  period_start: Date;
  period_end: Date;
  cycle_start: Date | null;
  cycle_end: Date | null;
  is_trial: boolean;
  advance_fees: string | null;
  fees_billed_by_stripe: boolean;
};

/**
 * The subscription's periods that have ended and are not billed yet, rated as the billing run will rate
 * them (bill-period.ts: the invoice at the period's end, usage measured over the period, flat fees of a
 * part of a cycle prorated). The run may still see late usage, so this is an estimate too.
 */
async function endedUnbilled(tx: Queryable, subscriptionId: string, customerId: string, { now, currency, metrics }: { now: Date; currency: string; metrics: MetricInfo[] }) {
  const rows = await selectRows<EndedRow>(
    tx,
    sql`select bp.id, bp.plan_id, p.name as plan_name, bp.period_start, bp.period_end, bp.cycle_start, bp.cycle_end, bp.is_trial, bp.advance_fees,
               s.stripe_subscription_id is not null as fees_billed_by_stripe
          from billing_periods bp join plans p on p.id = bp.plan_id join subscriptions s on s.id = bp.subscription_id
         where bp.subscription_id = ${subscriptionId} and bp.status in ('open', 'closing') and bp.period_end <= ${now.toISOString()}::timestamptz
         order by bp.period_start`,
  );
  if (rows.length === 0) return [];
  const chargesOf = new Map<string, RatedChargeInput[]>();
  for (const row of rows) if (!chargesOf.has(row.plan_id)) chargesOf.set(row.plan_id, await loadPlanCharges(tx, row.plan_id));
  const usage = await measureUsageBatch(
    tx,
    rows.map((r) => ({
      key: r.id,
      customerId,
      from: new Date(r.period_start),
      to: new Date(r.period_end),
      requests: chargesOf.get(r.plan_id)!.filter((c) => c.metric_code !== null).map((c) => ({ metric: c.metric_code!, filters: c.filters })),
    })),
    metrics,
  );
  return rows.map((r) => {
    const period = { start: new Date(r.period_start), end: new Date(r.period_end) };
    const cycle = r.cycle_start && r.cycle_end ? { start: new Date(r.cycle_start), end: new Date(r.cycle_end) } : null;
    const flatFees = r.fees_billed_by_stripe ? ('stripe' as const) : r.advance_fees ? ('advance' as const) : ('arrears' as const);
    const lines = r.is_trial ? [] : periodInvoiceLines({ charges: chargesOf.get(r.plan_id)!, usage: usage.get(r.id) ?? {}, currency, period, cycle, timing: 'arrears', flatFees });
    const subtotal = lines.reduce((sum, line) => sum.plus(line.amount), new ExactDecimal(0));
    return { start: period.start.toISOString(), end: period.end.toISOString(), plan_name: r.plan_name, prorated: cycle !== null, trial: r.is_trial, subtotal: moneyString(subtotal, currency) };
  });
}

const keepsCycle = (a: PlanView, b: PlanView) => a.interval === b.interval && a.interval_count === b.interval_count && a.billing_alignment === b.billing_alignment;

export async function getSubscriptionOverview(
  db: Db,
  session: { userId: string; claims: RequestClaims },
  { now, defaultTaxRate }: { now: Date; defaultTaxRate: string },
): Promise<SubscriptionOverview | null> {
  return asUser(db, session.claims, async (tx) => {
    // a transaction may always become read only, even after asUser's first statements
    await tx.execute(sql`set transaction read only`);
    const [customer] = await selectRows<CustomerRow>(tx, sql`select id, name, status, currency from customers where user_id = ${session.userId} order by created_at limit 1`);
    if (!customer) return null;
    const [subscription] = await selectRows<SubscriptionRow>(
      tx,
      sql`select id, status, plan_id, trial_end, cancel_at_period_end, stripe_subscription_id from subscriptions
           where customer_id = ${customer.id} and status = any(${`{${LIVE_SUBSCRIPTION_STATUSES.join(',')}}`}::text[]) and ended_at is null
           order by created_at desc limit 1`,
    );
    if (!subscription) return { customer, subscription: null, last_period: null, offers: [], estimate: null, ended_unbilled: [] };

    const catalog = await listPlans(tx);
    const current = catalog.find((p) => p.id === subscription.plan_id) ?? (await listPlans(tx, { includeVersions: true })).find((p) => p.id === subscription.plan_id)!;
    // what the page offers, and all a change accepts (change-own-plan.ts): current versions, same currency, not the plan it is on
    const others = catalog.filter((p) => p.currency === customer.currency && p.code !== current.code);

    const metrics = await loadMetrics(tx);
    const units = new Map(metrics.map((m) => [m.code, m.unit]));
    const period = await lastInvoicedPeriod(tx, subscription.id);
    const plansToRate = [current, ...others];
    const charges: RatedChargeInput[][] = [];
    for (const plan of plansToRate) charges.push(await loadPlanCharges(tx, plan.id));
    const [rerated] = period ? await rerateInvoicedPeriods(tx, [period], charges, { currency: current.currency, metrics }) : [];

    const offerOf = (plan: PlanView, index: number): PlanOffer => {
      const cost = rerated?.simulated[index] ?? null;
      return {
        code: plan.code,
        name: plan.name,
        description: plan.description,
        currency: plan.currency,
        interval: plan.interval,
        interval_count: plan.interval_count,
        pay_in_advance: plan.pay_in_advance,
        billing_alignment: plan.billing_alignment,
        prices: describeCharges(plan.charges, plan, units),
        last_period_cost: cost,
        difference: cost !== null && rerated ? moneyString(new ExactDecimal(cost).minus(rerated.current), plan.currency) : null,
        keeps_cycle: keepsCycle(plan, current),
      };
    };

    const held = await loadPeriodHoldingNow(tx, subscription.id, now);
    const summary = await getUsageSummary(tx, { customerId: customer.id, now, includeEstimate: true, defaultTaxRate });
    return {
      customer,
      subscription: {
        id: subscription.id,
        status: subscription.status,
        current_period: { start: held!.start.toISOString(), end: held!.end.toISOString(), trial: held!.trial },
        trial_end: subscription.trial_end ? new Date(subscription.trial_end).toISOString() : null,
        cancel_at_period_end: subscription.cancel_at_period_end,
        billed_by_stripe: subscription.stripe_subscription_id !== null,
        plan: offerOf(current, 0),
      },
      last_period:
        period && rerated
          ? { start: new Date(period.period_start).toISOString(), end: new Date(period.period_end).toISOString(), plan_name: period.plan_name, invoice_id: rerated.invoiceId, actual: rerated.current }
          : null,
      offers: others.map((plan, i) => offerOf(plan, i + 1)),
      estimate: summary.estimate ?? null,
      ended_unbilled: await endedUnbilled(tx, subscription.id, customer.id, { now, currency: current.currency, metrics }),
    };
  });
}
