import Decimal from 'decimal.js';
import { ExactDecimal, toExact } from './exact-decimal';

/** Lowercase ISO 4217 code, e.g. 'usd', 'eur', 'jpy'. */
export type Currency = string;

// ISO 4217 minor units. Intl follows CLDR, which disagrees for some codes (it shows HUF, IDR and IRR
// without decimals although ISO gives them two), so the billing precision is spelled out here instead of
// being asked of Intl.
// (exported for the SQL that rounds per currency, lib/margins/get-margins.ts)
export const ZERO_DECIMAL_CURRENCIES = [
  'bif', 'clp', 'djf', 'gnf', 'isk', 'jpy', 'kmf', 'krw', 'pyg', 'rwf', 'ugx', 'uyi', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
] as const;
export const THREE_DECIMAL_CURRENCIES = ['bhd', 'iqd', 'jod', 'kwd', 'lyd', 'omr', 'tnd'] as const;
const ZERO_DECIMAL = new Set<string>(ZERO_DECIMAL_CURRENCIES);
const THREE_DECIMAL = new Set<string>(THREE_DECIMAL_CURRENCIES);

export function minorUnitDigits(currency: Currency): number {
  // Codes are stored lowercase, but an uppercase code from Stripe or a form must not silently bill JPY in cents.
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

const minorUnitFactor = (currency: Currency) => new ExactDecimal(10).pow(minorUnitDigits(currency));

/**
 * An amount in the currency's minor units as major units, exactly (Stripe's integer amounts and decimal
 * unit amounts): 424 EUR cents → 4.24, 0.35 cents → 0.0035, 500 JPY → 500.
 */
export function fromMinorUnits(minor: Decimal.Value, currency: Currency): Decimal {
  return toExact(minor, 'amount').div(minorUnitFactor(currency));
}

/** Major units in the currency's minor units, exactly and unrounded: 4.24 EUR → 424, 0.0035 EUR → 0.35. */
export function toMinorUnits(amount: Decimal.Value, currency: Currency): Decimal {
  return toExact(amount, 'amount').times(minorUnitFactor(currency));
}

/** Half-up (ties away from zero, also for negatives) to the currency's minor unit. */
export function roundMoney(amount: Decimal.Value, currency: Currency): Decimal {
  return toExact(amount, 'amount').toDecimalPlaces(minorUnitDigits(currency), Decimal.ROUND_HALF_UP);
}

/** The storage/API form: rounded and always showing every minor digit ('254.50', '1000'). */
export function moneyString(amount: Decimal.Value, currency: Currency): string {
  const digits = minorUnitDigits(currency);
  // decimal.js prints a negative zero without its sign, so -0.001 USD becomes '0.00', not '-0.00'.
  return roundMoney(amount, currency).toFixed(digits);
}

/** Canonical decimal text: no exponent, no trailing zeros ('12.500' → '12.5', '1e-7' → '0.0000001'). */
export function decimalString(value: Decimal.Value): string {
  return toExact(value).toFixed();
}
