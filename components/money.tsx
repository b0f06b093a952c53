import { toExact } from '@/lib/billing/exact-decimal';
import { formatMoney } from '@/lib/format/format-money';

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
  return <span className={`tabular-nums ${muted ? 'text-slate-500' : ''} ${className}`}>{formatMoney(amount, currency)}</span>;
}
