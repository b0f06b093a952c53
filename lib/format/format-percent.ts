// How a percentage the API writes as a decimal string ('60.00', '-48.15') reads on a page: exactly,
// without trailing zeros, with a real minus sign. Pure, like the other formatters.
import { toExact } from '@/lib/billing/exact-decimal';

/** '60.00' → '60%', '33.33' → '33.33%', '12.50' → '12.5%', '-48.15' → '−48.15%'. */
export function formatPercent(value: string): string {
  const exact = toExact(value, 'percent');
  return `${exact.isNegative() && !exact.isZero() ? '−' : ''}${exact.abs().toFixed()}%`;
}
