'use client';
// The cost projector (the Billing Engine's CostProjector): expected calls, what a call costs you and
// the price per 1,000 you have in mind give a month's cost, revenue, profit and margin against the
// target for the kind of service. It posts to a Server Action, so it works before JavaScript loads;
// errors show beside their fields. Nothing is saved, so viewers may use it too.
import { useActionState } from 'react';
import { Notice } from '@/components/notice';
import { Section } from '@/components/section';
import { formatMoney } from '@/lib/format/format-money';
import { formatPercent } from '@/lib/format/format-percent';
import { formatQuantity } from '@/lib/format/format-number';
import type { Recommendation } from '@/lib/pricing/project-costs';
import { projectCostsAction, type ProjectorState, type ProjectorValues } from './cost-projector-action';

const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none';

const SERVICE_TYPES: { value: string; label: string }[] = [
  { value: 'api', label: 'API service (target 50%)' },
  { value: 'custom_code', label: 'Custom code (target 70%)' },
  { value: 'data_processing', label: 'Data processing (target 60%)' },
];

const VERDICT_TONE: Record<Recommendation, string> = {
  Viable: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  'Thin margins': 'bg-amber-50 text-amber-800 ring-amber-600/20',
  Unprofitable: 'bg-red-50 text-red-800 ring-red-600/20',
};

function Field({ name, label, hint, placeholder, inputMode, sent, error }: { name: keyof ProjectorValues; label: string; hint: string; placeholder: string; inputMode: 'numeric' | 'decimal'; sent?: ProjectorValues; error?: string }) {
  const id = `projector-${name}`;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="text"
        required
        inputMode={inputMode}
        autoComplete="off"
        placeholder={placeholder}
        defaultValue={sent?.[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        className={`mt-1 ${INPUT}`}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}

function Result({ projection }: { projection: NonNullable<ProjectorState['projection']> }) {
  const money = (amount: string) => formatMoney(amount, projection.currency);
  const rows: [string, string, string][] = [
    ['Monthly cost', money(projection.monthly_cost), 'monthly-cost'],
    ['Monthly revenue', money(projection.monthly_revenue), 'monthly-revenue'],
    ['Monthly profit', money(projection.monthly_profit), 'monthly-profit'],
    ['Margin', formatPercent(projection.margin_percent), 'margin-percent'],
    ['Target margin', formatPercent(projection.target_margin_percent), 'target-margin-percent'],
  ];
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="projection-result" aria-live="polite">
      <p className="text-sm text-slate-600">For {formatQuantity(projection.calls_per_month)} calls a month:</p>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3 lg:grid-cols-5">
        {rows.map(([label, value, testId]) => (
          <div key={testId} className="min-w-0">
            <dt className="text-xs font-medium text-slate-500">{label}</dt>
            <dd className="mt-0.5 text-lg font-semibold break-words text-slate-900 tabular-nums" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-sm">
        <span className="text-slate-600">Recommendation: </span>
        <span className={`inline-flex rounded-md px-2 py-0.5 text-sm font-medium ring-1 ring-inset ${VERDICT_TONE[projection.recommendation]}`} data-testid="recommendation">
          {projection.recommendation}
        </span>
      </p>
    </div>
  );
}

export function CostProjector() {
  const [state, action, pending] = useActionState<ProjectorState, FormData>(projectCostsAction, { status: 'idle' });
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const sent = state.values;
  return (
    <Section title="Cost projector" aside={<span className="text-slate-500">Nothing is saved</span>} testId="cost-projector">
      <div className="space-y-4">
        <p className="text-sm text-slate-600">Know your margin before you commit to a price: what a month of calls costs you, what it brings in at the price per 1,000 calls you have in mind, and whether that clears the margin the kind of service needs.</p>
        {state.status === 'error' && state.message ? (
          <Notice tone="error" testId="projector-error">
            {state.message}
          </Notice>
        ) : null}
        <form action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="cost-projector-form" noValidate>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Field name="expected_calls_per_month" label="Expected calls a month" hint="A whole number, such as 50000." placeholder="50000" inputMode="numeric" sent={sent} error={errors.expected_calls_per_month} />
            <Field name="api_cost_per_call" label="Your cost per call" hint="What one call costs you, such as 0.002." placeholder="0.002" inputMode="decimal" sent={sent} error={errors.api_cost_per_call} />
            <Field name="proposed_price_per_1k" label="Price per 1,000 calls" hint="What the customer pays, such as 5." placeholder="5" inputMode="decimal" sent={sent} error={errors.proposed_price_per_1k} />
            <div className="min-w-0">
              <label htmlFor="projector-service_type" className="block text-sm font-medium text-slate-900">
                Kind of service
              </label>
              <select
                id="projector-service_type"
                name="service_type"
                defaultValue={sent?.service_type ?? 'api'}
                key={sent?.service_type ?? 'api'}
                aria-invalid={errors.service_type ? true : undefined}
                aria-describedby={errors.service_type ? 'projector-service_type-error' : undefined}
                className={`mt-1 ${INPUT}`}
              >
                {SERVICE_TYPES.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
              {errors.service_type ? (
                <p id="projector-service_type-error" className="mt-1 text-sm text-red-700">
                  {errors.service_type}
                </p>
              ) : null}
            </div>
          </div>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-slate-300"
          >
            {pending ? 'Projecting…' : 'Project costs'}
          </button>
        </form>
        {state.status === 'done' && state.projection ? <Result projection={state.projection} /> : null}
      </div>
    </Section>
  );
}
