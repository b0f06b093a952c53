// How quantities, units and rates read on every page and document. Decimal strings go to Intl as they
// are (Intl formats numeric strings exactly), never through a float, so no digit is lost.
import { toExact } from '@/lib/billing/exact-decimal';

const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** A decimal quantity with thousands separators: "12,500", "0.25", "0.000001". */
export function formatQuantity(value: string): string {
  return quantityFormat.format(toExact(value, 'quantity').toFixed() as `${number}`);
}

/** "1 license", "3 licenses", "105 GB": lowercase units take an English plural, abbreviations do not. */
export function formatUnit(unit: string, quantity: string): string {
  if (!unit) return '';
  if (quantity === '1' || !/^[a-z]/.test(unit)) return unit;
  if (/[^aeiou]y$/.test(unit)) return `${unit.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(unit)) return `${unit}es`;
  return `${unit}s`;
}

/** A quantity and its unit: "5 licenses", "105 GB", "12,500 calls". */
export function formatQuantityWithUnit(value: string, unit: string): string {
  const label = formatUnit(unit, value);
  return label ? `${formatQuantity(value)} ${label}` : formatQuantity(value);
}

/** A tax rate stored as a fraction, as a percentage: '0.21' → '21%', '0.055' → '5.5%', exactly. */
export function formatTaxRate(rate: string): string {
  return `${toExact(rate, 'tax_rate').times(100).toFixed()}%`;
}
