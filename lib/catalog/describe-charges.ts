// A plan's prices in words, for customers comparing plans: "$49.00 a month, billed at the start of each
// period", "API calls: first 10,000 calls a month included, then $0.002 per call", tiers as a short list.
// Pure: it reads the charges as the catalog shows them (plan-view.ts ChargeView) and prints money with
// the one money formatter, so a price reads here exactly as it does on an invoice.
import { toExact } from '@/lib/billing/exact-decimal';
import type { PriceTier } from '@/lib/billing/charges';
import { formatMoney, formatUnitPrice } from '@/lib/format/format-money';
import { formatQuantity, formatUnit } from '@/lib/format/format-number';

/** The fields of a charge the words depend on (a ChargeView fits). */
export type DescribableCharge = {
  metric: string | null;
  model: 'flat' | 'per_unit' | 'graduated' | 'volume' | 'package';
  description: string;
  amount?: string | null;
  unit_price?: string | null;
  package_size?: string | null;
  included_units?: string | null;
  tiers?: PriceTier[] | null;
};

export type DescribablePlan = {
  currency: string;
  interval: 'day' | 'week' | 'month' | 'quarter' | 'year';
  interval_count: number;
  /** flat fees invoiced when each period starts rather than when it ends */
  pay_in_advance: boolean;
};

export type ChargeDescription = {
  /** what the charge is for: its description ("API calls") */
  label: string;
  /** the price as a sentence, without the label */
  text: string;
  /** graduated and volume charges: one line per tier, in order */
  tiers?: string[];
};

const INTERVAL_WORDS: Record<DescribablePlan['interval'], [string, string]> = {
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  quarter: ['quarter', 'quarters'],
  year: ['year', 'years'],
};

/** "a month", "a week", "every 30 days", "every 2 months". */
export function describeInterval(plan: Pick<DescribablePlan, 'interval' | 'interval_count'>): string {
  const [one, many] = INTERVAL_WORDS[plan.interval];
  return plan.interval_count === 1 ? `a ${one}` : `every ${plan.interval_count} ${many}`;
}

const isZero = (value: string | null | undefined) => value === null || value === undefined || value === '' || toExact(value).isZero();

/** "5 GB", "10,000 calls", "10,000" when the metric has no unit. */
const quantityOf = (value: string, unit: string) => {
  const label = formatUnit(unit, toExact(value).toFixed());
  return label ? `${formatQuantity(value)} ${label}` : formatQuantity(value);
};

/** "$0.002 per call", "$0.002 each" without a unit, "free" at zero. */
function perUnit(price: string, currency: string, unit: string): string {
  if (isZero(price)) return 'free';
  return unit ? `${formatUnitPrice(price, currency)} per ${unit}` : `${formatUnitPrice(price, currency)} each`;
}

/** The allowance phrase: "first 10,000 calls a month included", "first 100 GB included every 30 days". */
function allowance(included: string, unit: string, plan: DescribablePlan): string {
  const every = describeInterval(plan);
  return plan.interval_count === 1 ? `first ${quantityOf(included, unit)} ${every} included` : `first ${quantityOf(included, unit)} included ${every}`;
}

/** A tier's price: "$0.0015 per call", "$0.0003 per call plus $50.00", "$50.00 flat", "free". */
function tierPrice(tier: PriceTier, currency: string, unit: string): string {
  const flat = isZero(tier.flat_amount) ? null : formatMoney(tier.flat_amount!, currency);
  if (isZero(tier.unit_price)) return flat ? `${flat} flat` : 'free';
  return flat ? `${perUnit(tier.unit_price, currency, unit)} plus ${flat}` : perUnit(tier.unit_price, currency, unit);
}

/**
 * Graduated: each tier's price applies to the units inside it ("first 5,000: free", "next 45,000 (up
 * to 50,000): …", "over 50,000: …"). Bounds are inclusive (lib/billing/charges.ts).
 */
function graduatedTiers(tiers: PriceTier[], currency: string, unit: string): string[] {
  let from = toExact(0);
  return tiers.map((tier, index) => {
    const price = tierPrice(tier, currency, unit);
    if (tier.up_to === null) return index === 0 ? `every ${unit || 'unit'}: ${price}` : `over ${quantityOf(from.toFixed(), unit)}: ${price}`;
    const upTo = toExact(tier.up_to);
    const size = upTo.minus(from);
    const line = index === 0 ? `first ${quantityOf(upTo.toFixed(), unit)}: ${price}` : `next ${quantityOf(size.toFixed(), unit)} (up to ${formatQuantity(upTo.toFixed())}): ${price}`;
    from = upTo;
    return line;
  });
}

/** Volume: every unit at the price of the tier the period's total falls in. */
function volumeTiers(tiers: PriceTier[], currency: string, unit: string): string[] {
  let from: string | null = null;
  return tiers.map((tier) => {
    const price = tierPrice(tier, currency, unit);
    const range =
      tier.up_to === null
        ? from === null
          ? 'any total'
          : `a total over ${quantityOf(from, unit)}`
        : from === null
          ? `a total up to ${quantityOf(tier.up_to, unit)}`
          : `a total over ${formatQuantity(from)} up to ${quantityOf(tier.up_to, unit)}`;
    from = tier.up_to;
    return `${range}: ${price}`;
  });
}

/** One charge in words; `unit` is its metric's unit ("call", "GB"), '' when unknown or flat. */
export function describeCharge(charge: DescribableCharge, plan: DescribablePlan, unit = ''): ChargeDescription {
  const { currency } = plan;
  const label = charge.description;
  const included = isZero(charge.included_units) ? null : charge.included_units!;
  const withAllowance = (rest: string) => (included ? `${allowance(included, unit, plan)}, then ${rest}` : rest);

  switch (charge.model) {
    case 'flat': {
      if (isZero(charge.amount)) return { label, text: 'free' };
      const when = plan.pay_in_advance ? 'billed at the start of each period' : 'billed at the end of each period';
      return { label, text: `${formatMoney(charge.amount!, currency)} ${describeInterval(plan)}, ${when}` };
    }
    case 'per_unit': {
      if (isZero(charge.unit_price)) return { label, text: included ? `${allowance(included, unit, plan)}, the rest free` : 'free' };
      return { label, text: withAllowance(perUnit(charge.unit_price!, currency, unit)) };
    }
    case 'package': {
      const size = charge.package_size ?? '1';
      if (isZero(charge.amount)) return { label, text: 'free' };
      const block = quantityOf(size, unit);
      return { label, text: withAllowance(`${formatMoney(charge.amount!, currency)} per ${block} (a started ${block} counts in full)`) };
    }
    case 'graduated': {
      const tiers = charge.tiers ?? [];
      const intro = 'each tier’s price for the units within it';
      return { label, text: included ? `${allowance(included, unit, plan)}, then ${intro}:` : `${intro}:`, tiers: graduatedTiers(tiers, currency, unit) };
    }
    case 'volume': {
      const tiers = charge.tiers ?? [];
      const intro = 'every unit at the price of the tier the period’s total reaches';
      return { label, text: included ? `${allowance(included, unit, plan)}, then ${intro}:` : `${intro}:`, tiers: volumeTiers(tiers, currency, unit) };
    }
  }
}

/** Every charge of a plan in words, in the plan's order; `units` maps metric codes to their units. */
export function describeCharges(charges: DescribableCharge[], plan: DescribablePlan, units: ReadonlyMap<string, string> = new Map()): ChargeDescription[] {
  return charges.map((charge) => describeCharge(charge, plan, charge.metric ? (units.get(charge.metric) ?? '') : ''));
}
