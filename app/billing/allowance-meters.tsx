// The open period's included allowances on the overview: per metered charge, what is used of the
// units the plan includes and what is left, as a meter screen readers announce as a progress bar.
import Link from 'next/link';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatQuantityWithUnit } from '@/lib/format/format-number';
import type { MeteredChargeUsage } from '@/lib/usage/usage-summary';

/** The share of the allowance used, as a percentage with 1 decimal, capped at 100 (the bar's width only). */
function usedPercent(charge: MeteredChargeUsage): string {
  const share = toExact(charge.quantity, 'quantity').div(toExact(charge.included, 'included')).times(100);
  return (share.gt(100) ? toExact(100) : share).toFixed(1);
}

export function AllowanceMeters({ allowances }: { allowances: MeteredChargeUsage[] }) {
  if (allowances.length === 0) {
    return (
      <p data-testid="allowances-none" className="text-sm text-slate-600">
        Your plan includes no free units: every unit you use is charged.{' '}
        <Link href="/billing/usage" className="font-medium text-indigo-700 underline hover:text-indigo-600">
          See your usage
        </Link>
        .
      </p>
    );
  }
  return (
    <ul className="grid gap-4 sm:grid-cols-2" aria-label="Included allowances this period">
      {allowances.map((charge) => {
        const over = !toExact(charge.overage, 'overage').isZero();
        const percent = usedPercent(charge);
        const used = formatQuantityWithUnit(charge.quantity, charge.unit);
        const included = formatQuantityWithUnit(charge.included, charge.unit);
        const status = over ? `${formatQuantityWithUnit(charge.overage, charge.unit)} over, charged as overage` : `${formatQuantityWithUnit(charge.remaining, charge.unit)} left`;
        return (
          <li key={charge.key} data-testid="allowance" data-key={charge.key} className="min-w-0">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
              <span data-testid="allowance-name" className="font-medium text-slate-900">
                {charge.name}
              </span>
              <span data-testid="allowance-used" className="tabular-nums text-slate-700">
                {used} of {included}
              </span>
            </div>
            <div
              role="progressbar"
              aria-label={`${charge.name}: ${used} used of ${included} included`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Number(percent)}
              aria-valuetext={`${used} of ${included}, ${status}`}
              className="mt-1.5 h-2 w-full overflow-hidden rounded-full bg-slate-200"
            >
              <div className={`h-full rounded-full ${over ? 'bg-amber-500' : 'bg-indigo-600'}`} style={{ width: `${percent}%` }} />
            </div>
            <p data-testid="allowance-remaining" className={`mt-1 text-xs ${over ? 'font-medium text-amber-800' : 'text-slate-500'}`}>
              {status}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
