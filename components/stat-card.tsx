import type { ReactNode } from 'react';

/** One headline number with its label and an optional line of context. */
export function StatCard({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId} className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <div className="text-sm font-medium text-slate-500">{label}</div>
      <div data-testid={testId ? `${testId}-value` : undefined} className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {value}
      </div>
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}
