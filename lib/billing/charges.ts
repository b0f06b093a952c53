/*
 * Pricing a single charge for one period's usage.
 *
 * Zero usage is deliberately "free" for every metered model. Stripe charges a volume price's first-tier
 * flat_amount even at zero quantity; we do not, because a customer who used nothing reached no tier, and
 * a fee for an unused metric reads as a billing error. Graduated behaves the same way (no unit falls in a
 * tier, so no tier's flat_amount applies). A fee that is owed regardless of usage belongs in a `flat`
 * charge, which always bills its amount.
 *
 * Amounts returned here are exact and unrounded; rounding to the currency happens once, per invoice line,
 * in rating.ts, so that no model accumulates rounding error across tiers or blocks.
 */
import Decimal from 'decimal.js';
import { ExactDecimal, toExact } from './exact-decimal';
import { decimalString } from './money';

export type PriceTier = { up_to: string | null; unit_price: string; flat_amount?: string };
export type ChargeModel = 'flat' | 'per_unit' | 'graduated' | 'volume' | 'package';
export type ChargeSpec = {
  model: ChargeModel;
  /** flat: per period; package: price per started block */
  amount?: string | null;
  /** per_unit */
  unit_price?: string | null;
  /** package */
  package_size?: string | null;
  /** allowance subtracted from usage first, never below 0; per_unit, graduated, volume and package */
  included_units?: string | null;
  /** graduated / volume; up_to inclusive, last tier up_to null */
  tiers?: PriceTier[] | null;
};
export type TierBreakdown = {
  from: string;
  up_to: string | null;
  quantity: string;
  unit_price: string;
  flat_amount: string;
  amount: string;
};
export type PricedCharge = {
  /** usage after included units (flat: '1') */
  billable_quantity: string;
  /** UNROUNDED exact amount */
  amount: Decimal;
  /** tiered: amount / billable quantity to at most 6 decimals; otherwise the charge's own price */
  unit_price: string;
  /** graduated / volume: the tiers that were used */
  tiers?: TierBreakdown[];
};

// Matches the numeric(24,6) money columns: a price with more decimals could not be stored or shown.
const MAX_PRICE_DECIMALS = 6;
// Only plain decimals: decimal.js would also accept '1e3', '0x10' or 'Infinity', none of which belong in
// a price list that people read and edit.
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const MODELS: readonly string[] = ['flat', 'per_unit', 'graduated', 'volume', 'package'];

type FieldRule = 'price' | 'non_negative' | 'positive';

/** Pushes a problem and returns null when the value is not an acceptable decimal for the rule. */
function checkField(problems: string[], label: string, value: unknown, rule: FieldRule): Decimal | null {
  // jsonb tiers may have been written with JSON numbers; those are accepted when they print as plain decimals.
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !PLAIN_DECIMAL.test(text)) {
    problems.push(`${label} must be a plain decimal number, got ${JSON.stringify(value)}`);
    return null;
  }
  const parsed = new ExactDecimal(text);
  if (rule === 'positive' && !parsed.gt(0)) {
    problems.push(`${label} must be greater than 0`);
    return null;
  }
  if (parsed.isNegative() && !parsed.isZero()) {
    problems.push(`${label} must not be negative`);
    return null;
  }
  // decimalPlaces() ignores trailing zeros, so numeric(…,10) output like '0.0010000000' still passes.
  if (rule === 'price' && parsed.decimalPlaces() > MAX_PRICE_DECIMALS) {
    problems.push(`${label} has more than ${MAX_PRICE_DECIMALS} decimal places`);
    return null;
  }
  return parsed;
}

function isMissing(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

function checkRequired(problems: string[], model: string, label: string, value: unknown, rule: FieldRule): void {
  if (isMissing(value)) problems.push(`${label} is required for ${model} charges`);
  else checkField(problems, label, value, rule);
}

function checkTiers(problems: string[], model: string, tiers: unknown): void {
  if (!Array.isArray(tiers) || tiers.length === 0) {
    problems.push(`tiers are required for ${model} charges (at least one tier)`);
    return;
  }
  let previousBound: Decimal = new ExactDecimal(0);
  tiers.forEach((raw: unknown, index) => {
    const label = `tier ${index + 1}`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push(`${label} must be an object with up_to and unit_price`);
      return;
    }
    const tier = raw as Partial<Record<keyof PriceTier, unknown>>;
    const isLast = index === tiers.length - 1;
    checkRequired(problems, model, `${label} unit_price`, tier.unit_price, 'price');
    if (!isMissing(tier.flat_amount)) checkField(problems, `${label} flat_amount`, tier.flat_amount, 'price');
    if (isMissing(tier.up_to)) {
      if (!isLast) problems.push(`${label}: only the last tier can be open-ended (up_to null)`);
      return;
    }
    if (isLast) problems.push(`the last tier must be open-ended (up_to null), got up_to ${JSON.stringify(tier.up_to)}`);
    const bound = checkField(problems, `${label} up_to`, tier.up_to, 'positive');
    if (bound === null) return;
    if (!bound.gt(previousBound)) {
      problems.push(`${label} up_to ${decimalString(bound)} must be greater than the previous tier's ${decimalString(previousBound)} (tiers strictly ascending)`);
    }
    previousBound = bound;
  });
}

/** Human-readable problems with a charge definition; an empty list means it can be priced. */
export function validateChargeSpec(spec: ChargeSpec): string[] {
  const problems: string[] = [];
  const model: unknown = spec.model;
  if (typeof model !== 'string' || !MODELS.includes(model)) {
    return [`unknown charge model ${JSON.stringify(model)} (expected one of ${MODELS.join(', ')})`];
  }
  switch (spec.model) {
    case 'flat':
      checkRequired(problems, model, 'amount', spec.amount, 'price');
      break;
    case 'per_unit':
      checkRequired(problems, model, 'unit_price', spec.unit_price, 'price');
      break;
    case 'package':
      checkRequired(problems, model, 'amount', spec.amount, 'price');
      checkRequired(problems, model, 'package_size', spec.package_size, 'positive');
      break;
    case 'graduated':
    case 'volume':
      checkTiers(problems, model, spec.tiers);
      break;
  }
  if (spec.model !== 'flat' && !isMissing(spec.included_units)) {
    checkField(problems, 'included_units', spec.included_units, 'non_negative');
  }
  return problems;
}

function parseUsage(usage: Decimal.Value): Decimal {
  const quantity = toExact(usage, 'usage');
  if (quantity.lt(0)) throw new RangeError(`usage must not be negative, got ${decimalString(quantity)}`);
  return quantity;
}

// Only called after validateChargeSpec passed, so the fallback is reached only for optional fields
// (included_units, flat_amount) whose absence means zero.
function num(value: string | null | undefined): Decimal {
  return new ExactDecimal(isMissing(value) ? 0 : value);
}

function effectiveUnitPrice(amount: Decimal, quantity: Decimal, tiers: PriceTier[]): string {
  // With nothing billed there is no average; the first tier's price is what the next unit would cost.
  if (quantity.isZero()) return decimalString(num(tiers[0]?.unit_price));
  return decimalString(amount.div(quantity).toDecimalPlaces(MAX_PRICE_DECIMALS, Decimal.ROUND_HALF_UP));
}

function breakdown(from: Decimal, tier: PriceTier, quantity: Decimal): { row: TierBreakdown; amount: Decimal } {
  const flat = num(tier.flat_amount);
  const amount = quantity.times(num(tier.unit_price)).plus(flat);
  return {
    amount,
    row: {
      from: decimalString(from),
      up_to: tier.up_to === null ? null : decimalString(tier.up_to),
      quantity: decimalString(quantity),
      unit_price: decimalString(tier.unit_price),
      flat_amount: decimalString(flat),
      amount: decimalString(amount),
    },
  };
}

function priceGraduated(tiers: PriceTier[], quantity: Decimal): PricedCharge {
  let amount: Decimal = new ExactDecimal(0);
  let from: Decimal = new ExactDecimal(0);
  const used: TierBreakdown[] = [];
  for (const tier of tiers) {
    // "Falls inside" is strict: at exactly the previous bound, every unit was already priced below.
    if (!quantity.gt(from)) break;
    const upper = tier.up_to === null ? null : num(tier.up_to);
    const top = upper === null || quantity.lt(upper) ? quantity : upper;
    const priced = breakdown(from, tier, top.minus(from));
    used.push(priced.row);
    amount = amount.plus(priced.amount);
    if (upper === null) break;
    from = upper;
  }
  return {
    billable_quantity: decimalString(quantity),
    amount,
    unit_price: effectiveUnitPrice(amount, quantity, tiers),
    tiers: used,
  };
}

function priceVolume(tiers: PriceTier[], quantity: Decimal): PricedCharge {
  if (quantity.isZero()) {
    return { billable_quantity: '0', amount: new ExactDecimal(0), unit_price: effectiveUnitPrice(quantity, quantity, tiers), tiers: [] };
  }
  let from: Decimal = new ExactDecimal(0);
  for (const [index, tier] of tiers.entries()) {
    const isLast = index === tiers.length - 1;
    if (isLast || tier.up_to === null || quantity.lte(num(tier.up_to))) {
      const priced = breakdown(from, tier, quantity);
      return {
        billable_quantity: decimalString(quantity),
        amount: priced.amount,
        unit_price: effectiveUnitPrice(priced.amount, quantity, tiers),
        tiers: [priced.row],
      };
    }
    from = num(tier.up_to);
  }
  // validateChargeSpec guarantees at least one tier, so the loop always returns.
  throw new Error('volume charge has no tiers');
}

function startedBlocks(quantity: Decimal, size: Decimal): Decimal {
  // A started block is detected from the remainder, which is exact, rather than by ceiling a quotient
  // that division may have rounded onto a whole number.
  const whole = quantity.divToInt(size);
  return quantity.mod(size).isZero() ? whole : whole.plus(1);
}

/** Exact, unrounded price of one charge for a period's usage. Throws on an invalid spec or usage. */
export function priceCharge(spec: ChargeSpec, usage: Decimal.Value): PricedCharge {
  const quantity = parseUsage(usage);
  const problems = validateChargeSpec(spec);
  if (problems.length > 0) throw new Error(`invalid ${String(spec.model)} charge: ${problems.join('; ')}`);

  if (spec.model === 'flat') {
    return { billable_quantity: '1', amount: num(spec.amount), unit_price: decimalString(num(spec.amount)) };
  }
  const billable = ExactDecimal.max(0, quantity.minus(num(spec.included_units)));
  switch (spec.model) {
    case 'per_unit': {
      const unitPrice = num(spec.unit_price);
      return { billable_quantity: decimalString(billable), amount: billable.times(unitPrice), unit_price: decimalString(unitPrice) };
    }
    case 'package': {
      const blockPrice = num(spec.amount);
      const blocks = startedBlocks(billable, num(spec.package_size));
      return { billable_quantity: decimalString(billable), amount: blocks.times(blockPrice), unit_price: decimalString(blockPrice) };
    }
    case 'graduated':
      return priceGraduated(spec.tiers ?? [], billable);
    case 'volume':
      return priceVolume(spec.tiers ?? [], billable);
  }
}
