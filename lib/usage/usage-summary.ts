// GET /api/billing/usage: a customer's usage today, this month and in the open billing period, each
// metered charge in the Ops Center's credits shape (included, used, remaining, overage and its cost),
// and optionally the invoice the open period would produce if it closed with the usage so far.
import { sql } from 'drizzle-orm';
import { priceCharge } from '@/lib/billing/charges';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { decimalString, moneyString } from '@/lib/billing/money';
import { periodContaining, type PlanInterval } from '@/lib/billing/periods';
import { rateCharges, usageKey, type InvoiceLineDraft } from '@/lib/billing/rating';
import { taxTreatment } from '@/lib/billing/tax-treatment';
import { invoiceTotals, type TaxTreatment } from '@/lib/billing/totals';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import { selectRows, type Queryable } from '@/lib/db/client';
import { notFound } from '@/lib/http/billing-error';
import { loadMetrics, measureUsageBatch } from './measure-usage';

export type MeteredChargeUsage = {
  /** the metric code */
  code: string;
  /** the usage key the charge reads: 'licenses{tier=professional}' when it filters */
  key: string;
  name: string;
  unit: string;
  quantity: string;
  included: string;
  remaining: string;
  overage: string;
  /** what the charge costs for the usage so far, rounded to the currency */
  overage_amount: string;
  currency: string;
};

export type UsageEstimate = {
  period_start: string;
  period_end: string;
  currency: string;
  lines: InvoiceLineDraft[];
  subtotal: string;
  tax_rate: string;
  tax_treatment: TaxTreatment;
  tax: string;
  total: string;
  /** a trial period is not charged */
  trial: boolean;
  /** what the estimate stands on: usage reported so far, full recurring fees */
  basis: 'usage_to_date';
};

export type UsageSummary = {
  customer_id: string;
  currency: string;
  period: { start: string; end: string };
  subscription: { id: string; plan_code: string; plan_name: string; status: string } | null;
  today: Record<string, string>;
  month: Record<string, string>;
  metrics: MeteredChargeUsage[];
  estimate?: UsageEstimate;
};

type CustomerRow = { id: string; currency: string; tax_rate: string | null; tax_exempt: boolean; tax_id: string | null };
type SubscriptionRow = {
  id: string;
  status: string;
  start_date: Date;
  current_period_start: Date;
  current_period_end: Date;
  trial_end: Date | null;
  plan_id: string;
  plan_code: string;
  plan_name: string;
  currency: string;
  interval: PlanInterval;
  interval_count: number;
};

const DAY_MS = 86_400_000;
const startOfUtcDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
const startOfUtcMonth = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
const startOfNextUtcMonth = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));

/** The subscription whose period usage counts toward: the live one, else none. */
async function liveSubscription(db: Queryable, customerId: string): Promise<SubscriptionRow | null> {
  const [row] = await selectRows<SubscriptionRow>(
    db,
    sql`select s.id, s.status, s.start_date, s.current_period_start, s.current_period_end, s.trial_end,
               p.id as plan_id, p.code as plan_code, p.name as plan_name, p.currency, p.interval, p.interval_count
          from subscriptions s join plans p on p.id = s.plan_id
         where s.customer_id = ${customerId} and s.status in ('trialing', 'active', 'past_due')
         order by s.created_at desc limit 1`,
  );
  return row ?? null;
}

/**
 * The open period at `now`. The stored current period is used while it runs; once it has ended and the
 * billing run has not yet rolled it over, the period holding `now` by the plan's schedule is.
 */
function openPeriod(subscription: SubscriptionRow | null, now: Date): { start: Date; end: Date } {
  if (!subscription) return { start: startOfUtcMonth(now), end: startOfNextUtcMonth(now) };
  const start = new Date(subscription.current_period_start);
  const end = new Date(subscription.current_period_end);
  if (now >= start && now < end) return { start, end };
  if (now < start) return { start, end };
  const { start: s, end: e } = periodContaining(new Date(subscription.start_date), subscription.interval, subscription.interval_count, now);
  return { start: s, end: e };
}

/** The customer's live subscription (if any) and the period usage counts toward at `now`. */
export async function findOpenPeriod(db: Queryable, customerId: string, now: Date) {
  const subscription = await liveSubscription(db, customerId);
  return { subscription, period: openPeriod(subscription, now) };
}

export async function getUsageSummary(
  db: Queryable,
  { customerId, now, includeEstimate, defaultTaxRate }: { customerId: string; now: Date; includeEstimate: boolean; defaultTaxRate: string },
): Promise<UsageSummary> {
  const [customer] = await selectRows<CustomerRow>(
    db,
    sql`select id, currency, tax_rate, tax_exempt, tax_id from customers where id = ${customerId}`,
  );
  if (!customer) throw notFound('Customer');

  const { subscription, period } = await findOpenPeriod(db, customer.id, now);
  const currency = subscription?.currency ?? customer.currency;
  const charges = subscription ? await loadPlanCharges(db, subscription.plan_id) : [];
  const metered = charges.filter((c) => c.metric_code !== null);
  const metrics = await loadMetrics(db);

  const today = startOfUtcDay(now);
  // the open period, today and this month, measured in one query
  const windows = await measureUsageBatch(
    db,
    [
      { key: 'period', customerId: customer.id, from: period.start, to: period.end, requests: metered.map((c) => ({ metric: c.metric_code!, filters: c.filters })) },
      { key: 'today', customerId: customer.id, from: today, to: new Date(today.getTime() + DAY_MS) },
      { key: 'month', customerId: customer.id, from: startOfUtcMonth(now), to: startOfNextUtcMonth(now) },
    ],
    metrics,
  );
  const [periodUsage, todayUsage, monthUsage] = [windows.get('period')!, windows.get('today')!, windows.get('month')!];

  const metricByCode = new Map(metrics.map((m) => [m.code, m]));
  const meteredUsage: MeteredChargeUsage[] = metered.map((charge) => {
    const key = usageKey(charge.metric_code!, charge.filters);
    const quantity = new ExactDecimal(periodUsage[key] ?? '0');
    const included = new ExactDecimal(charge.included_units ?? '0');
    const metric = metricByCode.get(charge.metric_code!);
    return {
      code: charge.metric_code!,
      key,
      name: charge.description,
      unit: metric?.unit ?? '',
      quantity: decimalString(quantity),
      included: decimalString(included),
      remaining: decimalString(ExactDecimal.max(included.minus(quantity), 0)),
      overage: decimalString(ExactDecimal.max(quantity.minus(included), 0)),
      overage_amount: moneyString(priceCharge(charge, quantity).amount, currency),
      currency,
    };
  });

  const summary: UsageSummary = {
    customer_id: customer.id,
    currency,
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    subscription: subscription
      ? { id: subscription.id, plan_code: subscription.plan_code, plan_name: subscription.plan_name, status: subscription.status }
      : null,
    today: pickTotals(todayUsage, metrics),
    month: pickTotals(monthUsage, metrics),
    metrics: meteredUsage,
  };

  if (includeEstimate) {
    const trial = subscription !== null && subscription.trial_end !== null && period.start < new Date(subscription.trial_end);
    const rated = rateCharges(trial ? [] : charges, periodUsage, currency);
    const tax = taxTreatment({ taxExempt: customer.tax_exempt, taxId: customer.tax_id, taxRate: customer.tax_rate }, defaultTaxRate);
    const totals = invoiceTotals({ line_amounts: rated.lines.map((l) => l.amount), currency, tax_rate: tax.rate, treatment: tax.treatment });
    summary.estimate = {
      period_start: period.start.toISOString(),
      period_end: period.end.toISOString(),
      currency,
      lines: rated.lines,
      subtotal: totals.subtotal,
      tax_rate: totals.tax_rate,
      tax_treatment: tax.treatment,
      tax: totals.tax,
      total: totals.total,
      trial,
      basis: 'usage_to_date',
    };
  }
  return summary;
}

function pickTotals(usage: Record<string, string>, metrics: { code: string }[]): Record<string, string> {
  return Object.fromEntries(metrics.map((m) => [m.code, usage[m.code] ?? '0']));
}
