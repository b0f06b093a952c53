// Re-rating one billed period under other charges, with the billing run's own calls: periodInvoiceLines
// at the period's end (usage, and the flat fees when they are billed in arrears) and, for a plan that
// pays in advance, at its start (the flat fees), prorated when the period is part of a cycle exactly as
// the run prorated it. Pure: the caller reads the period, its invoices and its usage.
import { usageKey, type InvoiceLineDraft, type RatedChargeInput } from '@/lib/billing/rating';
import { periodInvoiceLines, type FlatFeeBilling } from '@/lib/billing/period-lines';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString, type Currency } from '@/lib/billing/money';
import type { TimeRange } from '@/lib/billing/proration';
import type { UsageRequest } from '@/lib/usage/measure-usage';
import type { ValidCharge } from '@/lib/catalog/validate-charges';

/** Proposed charges (the API's input form) as the pricing core rates them; names as loadPlanCharges gives them. */
export function toRatedCharges(charges: ValidCharge[], metricNames: Map<string, string>): RatedChargeInput[] {
  return charges.map((c) => ({
    metric_code: c.metric,
    model: c.model,
    amount: c.amount ?? null,
    unit_price: c.unit_price ?? null,
    package_size: c.package_size ?? null,
    included_units: c.included_units ?? '0',
    tiers: c.tiers ?? null,
    filters: c.filters ?? {},
    description: c.description ?? (c.metric ? metricNames.get(c.metric) : undefined) ?? 'Subscription fee',
  }));
}

/** The usage quantities the charges price, one per metric and filter. */
export function usageRequests(charges: RatedChargeInput[]): UsageRequest[] {
  return charges.filter((c) => c.metric_code !== null).map((c) => ({ metric: c.metric_code!, filters: c.filters }));
}

/** The requests whose quantity `usage` (a billing snapshot) does not hold: a metric or filter the period's plan did not price. */
export function missingUsage(usage: Record<string, string>, requests: UsageRequest[]): UsageRequest[] {
  return requests.filter((r) => usage[usageKey(r.metric, r.filters)] === undefined);
}

export type BilledPeriod = {
  period: TimeRange;
  /** set when the period is part of a cycle: flat fees are prorated by its share */
  cycle: TimeRange | null;
  /** where the period's flat fees were billed (bill-period.ts flatFeesOf) */
  flatFees: FlatFeeBilling;
  /** the usage the invoice was rated from (the period's billing snapshot), by usage key */
  usage: Record<string, string>;
  /** the sum of the lines of the period's invoices that no plan charge priced (none today; kept as issued) */
  otherLines: string;
};

/** The period's invoice lines under `charges`, at both timings, and their subtotal with the other lines kept. */
export function reratePeriod(charges: RatedChargeInput[], billed: BilledPeriod, currency: Currency): { lines: InvoiceLineDraft[]; subtotal: string } {
  const at = (timing: 'arrears' | 'advance') =>
    periodInvoiceLines({ charges, usage: timing === 'advance' ? {} : billed.usage, currency, period: billed.period, cycle: billed.cycle, timing, flatFees: billed.flatFees });
  const lines = [...at('arrears'), ...(billed.flatFees === 'advance' ? at('advance') : [])];
  // each line is already rounded to the currency, as on an invoice; the subtotal is their sum
  const subtotal = lines.reduce((sum, line) => sum.plus(line.amount), new ExactDecimal(billed.otherLines));
  return { lines, subtotal: moneyString(subtotal, currency) };
}
