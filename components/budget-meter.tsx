import { Money } from '@/components/money';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatMoney } from '@/lib/format/format-money';

/**
 * The open period's spend against the budget: "$42.10 of $100.00", the share used and a bar that
 * screen readers announce as a progress bar. Past 100% the bar stays full and turns red.
 */
export function BudgetMeter({ spend, amount, currency, percentUsed, testId = 'budget-meter' }: { spend: string; amount: string; currency: string; percentUsed: string; testId?: string }) {
  const percent = toExact(percentUsed, 'percent_used');
  const over = percent.gte(100);
  const width = over ? '100' : percent.toFixed(2);
  const label = `${percent.toFixed(0, 1)}%`;
  return (
    <div data-testid={testId}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="text-sm text-slate-700">
          <span data-testid={`${testId}-spend`} className="text-lg font-semibold text-slate-900">
            <Money amount={spend} currency={currency} />
          </span>{' '}
          of <span data-testid={`${testId}-amount`}><Money amount={amount} currency={currency} /></span> budget
        </p>
        <p data-testid={`${testId}-percent`} className={`text-sm font-medium tabular-nums ${over ? 'text-red-700' : 'text-slate-700'}`}>
          {label} used
        </p>
      </div>
      <div
        role="progressbar"
        aria-label="Budget used this period"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Number(percent.toFixed(2)))}
        aria-valuetext={`${formatMoney(spend, currency)} of ${formatMoney(amount, currency)}, ${label}`}
        className="mt-2 h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full rounded-full ${over ? 'bg-red-600' : percent.gte(80) ? 'bg-amber-500' : 'bg-indigo-600'}`} style={{ width: `${width}%` }} />
      </div>
    </div>
  );
}
