// GET /api/billing/usage: a customer's usage today, this month and in the open billing period, each
// metered charge in the Ops Center's credits shape (included, used, remaining, overage and its cost),
// and optionally the invoice the open period would produce if it closed with the usage so far.
import { sql } from 'drizzle-orm';
import { priceCharge } from '@/lib/billing/charges';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { decimalString, moneyString } from '@/lib/billing/money';
import { periodInvoiceLines, type FlatFeeBilling } from '@/lib/billing/period-lines';
import { calendarPeriodContaining } from '@/lib/billing/periods';
import { usageKey, type InvoiceLineDraft } from '@/lib/billing/rating';
import { taxTreatment } from '@/lib/billing/tax-treatment';
import { invoiceTotals, type TaxTreatment } from '@/lib/billing/totals';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import { selectRows, type Queryable } from '@/lib/db/client';
import { notFound } from '@/lib/errors/billing-error';
import { periodHoldingNow, STORED_PERIOD_JOIN, STORED_SUBSCRIPTION_COLUMNS, type PeriodNow, type StoredSubscription } from '@/lib/subscriptions/period-holding-now';
import { addUtcDays, startOfUtcDay } from '@/lib/time/utc-day';
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
  /** where the period's flat fees are billed: on this invoice (arrears), when it started (advance), or by Stripe */
  flat_fees: FlatFeeBilling;
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
type SubscriptionRow = StoredSubscription & {
  id: string;
  status: string;
  plan_id: string;
  plan_code: string;
  plan_name: string;
  currency: string;
};

/** The subscription whose period usage counts toward: the live one, else none. */
async function liveSubscription(db: Queryable, customerId: string): Promise<SubscriptionRow | null> {
  const [row] = await selectRows<SubscriptionRow>(
    db,
    sql`select s.id, s.status, p.id as plan_id, p.code as plan_code, p.name as plan_name, p.currency, ${sql.raw(STORED_SUBSCRIPTION_COLUMNS)}
          from subscriptions s join plans p on p.id = s.plan_id ${sql.raw(STORED_PERIOD_JOIN)}
         where s.customer_id = ${customerId} and s.status in ('trialing', 'active', 'past_due')
         order by s.created_at desc limit 1`,
  );
  return row ?? null;
}

/** The customer's live subscription (if any) and the period usage counts toward at `now` (a calendar month without one). */
export async function findOpenPeriod(db: Queryable, customerId: string, now: Date): Promise<{ subscription: SubscriptionRow | null; period: PeriodNow }> {
  const subscription = await liveSubscription(db, customerId);
  const period: PeriodNow = subscription
    ? periodHoldingNow(subscription, now)
    : { ...calendarPeriodContaining('month', now), cycle: null, trial: false, flatFees: 'arrears' };
  return { subscription, period };
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
  const month = calendarPeriodContaining('month', now);
  // the open period, today and this month, measured in one query
  const windows = await measureUsageBatch(
    db,
    [
      { key: 'period', customerId: customer.id, from: period.start, to: period.end, requests: metered.map((c) => ({ metric: c.metric_code!, filters: c.filters })) },
      { key: 'today', customerId: customer.id, from: today, to: addUtcDays(today, 1) },
      { key: 'month', customerId: customer.id, from: month.start, to: month.end },
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
    // what the period's end invoice will carry: its usage so far, and its flat fees unless they were
    // (or will be) invoiced in advance or by Stripe; a trial is not charged
    const lines = period.trial ? [] : periodInvoiceLines({ charges, usage: periodUsage, currency, period, cycle: period.cycle, timing: 'arrears', flatFees: period.flatFees });
    const tax = taxTreatment({ taxExempt: customer.tax_exempt, taxId: customer.tax_id, taxRate: customer.tax_rate }, defaultTaxRate);
    const totals = invoiceTotals({ line_amounts: lines.map((l) => l.amount), currency, tax_rate: tax.rate, treatment: tax.treatment });
    summary.estimate = {
      period_start: period.start.toISOString(),
      period_end: period.end.toISOString(),
      currency,
      lines,
      subtotal: totals.subtotal,
      tax_rate: totals.tax_rate,
      tax_treatment: tax.treatment,
      tax: totals.tax,
      total: totals.total,
      trial: period.trial,
      flat_fees: period.flatFees,
      basis: 'usage_to_date',
    };
  }
  return summary;
}

function pickTotals(usage: Record<string, string>, metrics: { code: string }[]): Record<string, string> {
  return Object.fromEntries(metrics.map((m) => [m.code, usage[m.code] ?? '0']));
}
