import Decimal from 'decimal.js';

// decimal.js rounds every multiplication and division to `precision` significant digits (20 by
// default). Money columns are numeric(24,6) and quantities are unbounded numerics, so a quantity times
// a six-decimal price can exceed 20 digits. A private clone with far more headroom keeps billing
// arithmetic exact without changing the global Decimal configuration other modules rely on. Values with
// more than 100 significant digits would be rounded (half-up); no price or meter comes near that.
export const ExactDecimal = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });

/**
 * Parses a value into an ExactDecimal, turning decimal.js's generic Error into a RangeError that names
 * the offending field, and rejecting NaN/Infinity which can never be a money amount or quantity.
 */
export function toExact(value: Decimal.Value, label = 'value'): Decimal {
  let parsed: Decimal;
  try {
    parsed = new ExactDecimal(value);
  } catch {
    throw new RangeError(`${label} is not a valid decimal: ${String(value)}`);
  }
  if (!parsed.isFinite()) throw new RangeError(`${label} must be finite, got ${String(value)}`);
  return parsed;
}
