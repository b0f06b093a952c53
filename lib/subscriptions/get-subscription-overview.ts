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
import { loadMetrics } from '@/lib/usage/measure-usage';
import { getUsageSummary, type UsageEstimate } from '@/lib/usage/usage-summary';
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
    if (!subscription) return { customer, subscription: null, last_period: null, offers: [], estimate: null };

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
    };
  });
}
