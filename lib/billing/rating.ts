import Decimal from 'decimal.js';
import { priceCharge, type ChargeSpec, type TierBreakdown } from './charges';
import { ExactDecimal } from './exact-decimal';
import { decimalString, moneyString, roundMoney, type Currency } from './money';

export type RatedChargeInput = ChargeSpec & {
  id?: string;
  /** null for flat fees */
  metric_code: string | null;
  /** only usage with these properties counts, e.g. {tier: 'professional'} */
  filters?: Record<string, string>;
  /** shown on the line, e.g. 'Professional licenses' */
  description: string;
};

export type InvoiceLineDraft = {
  charge_id?: string;
  description: string;
  metric: string | null;
  /** billable quantity (flat: '1') */
  quantity: string;
  /** up to 6 decimals */
  unit_price: string;
  /** rounded once, half-up, to the currency's minor unit */
  amount: string;
  details?: {
    included_units?: string;
    usage?: string;
    tiers?: TierBreakdown[];
    /** set when a plan change split the cycle (lib/billing/proration.ts) */
    proration?: { factor: string; full_amount: string; period_start: string; period_end: string; cycle_start: string; cycle_end: string };
  };
};

/**
 * The key usage is looked up under: 'licenses' or 'licenses{tier=professional}'. Filter keys are sorted
 * by code unit (not locale) so the key never depends on object insertion order or the server's locale.
 */
export function usageKey(metricCode: string, filters?: Record<string, string>): string {
  const keys = Object.keys(filters ?? {}).sort();
  if (keys.length === 0) return metricCode;
  return `${metricCode}{${keys.map((key) => `${key}=${filters?.[key] ?? ''}`).join(',')}}`;
}

function rateCharge(charge: RatedChargeInput, usage: Record<string, string>, currency: Currency): InvoiceLineDraft {
  if (charge.model !== 'flat' && charge.metric_code === null) {
    // Billing such a charge as zero would silently give the service away; it is a plan misconfiguration.
    throw new Error(`charge ${charge.id ?? JSON.stringify(charge.description)} (${charge.model}) has no metric_code`);
  }
  const used = charge.metric_code === null ? '0' : (usage[usageKey(charge.metric_code, charge.filters)] ?? '0');
  const priced = priceCharge(charge, used);

  const line: InvoiceLineDraft = {
    description: charge.description,
    metric: charge.metric_code,
    quantity: priced.billable_quantity,
    unit_price: priced.unit_price,
    amount: moneyString(priced.amount, currency),
  };
  if (charge.id !== undefined) line.charge_id = charge.id;
  if (charge.model !== 'flat') {
    const details: NonNullable<InvoiceLineDraft['details']> = { usage: decimalString(used) };
    const included = charge.included_units;
    if (included !== null && included !== undefined && !new ExactDecimal(included).isZero()) {
      details.included_units = decimalString(included);
    }
    if (priced.tiers !== undefined) details.tiers = priced.tiers;
    line.details = details;
  }
  return line;
}

/**
 * One line per charge (zero-amount lines included, so the customer sees what they did not use). Each line
 * is rounded once and the subtotal is the sum of the rounded lines, so the printed lines always add up.
 */
export function rateCharges(
  charges: RatedChargeInput[],
  usage: Record<string, string>,
  currency: Currency,
): { lines: InvoiceLineDraft[]; subtotal: string } {
  const lines = charges.map((charge) => rateCharge(charge, usage, currency));
  const subtotal = lines.reduce<Decimal>((sum, line) => sum.plus(roundMoney(line.amount, currency)), new ExactDecimal(0));
  return { lines, subtotal: moneyString(subtotal, currency) };
}
