import { toExact } from '@/lib/billing/exact-decimal';
import { formatMoney, minorUnitDigits } from '@/lib/billing/money';

/** An amount in its currency, with digits that line up in a column; `muteZero` greys out nothing-owed cells. */
export function Money({
  amount,
  currency,
  className = '',
  muteZero = false,
}: {
  amount: string;
  currency: string;
  className?: string;
  muteZero?: boolean;
}) {
  const muted = muteZero && toExact(amount, 'amount').isZero();
  return <span className={`tabular-nums ${muted ? 'text-slate-400' : ''} ${className}`}>{formatMoney(amount, currency)}</span>;
}

/**
 * A unit price in its currency with at least the currency's minor digits and up to the six decimals
 * prices are stored with: "$15.00", "$0.10", "$0.002". formatMoney would round $0.002 to $0.00.
 */
export function formatUnitPrice(amount: string, currency: string, locale = 'en-US'): string {
  const digits = minorUnitDigits(currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.max(digits, 6),
  });
  // the exact decimal string goes to Intl, never a float
  return formatter.format(toExact(amount, 'unit price').toFixed() as `${number}`);
}
