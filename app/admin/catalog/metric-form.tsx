'use client';
// The metric form, for a new metric and for changing one (its page): every field labelled, errors
// beside their fields (the API's schema decides them, through the Server Action), what was typed kept
// after an error. It posts to a Server Action, so it works before JavaScript loads. A metric's code,
// aggregation, property and dimensions decide what was counted, so once made they are not editable
// (PATCH /api/admin/billing/metrics/[code] refuses them too); the edit form offers the rest.
import { useActionState } from 'react';
import { Notice } from '@/components/notice';
import { FORM_AGGREGATIONS } from '@/lib/catalog/plan-form';
import { createMetricAction, updateMetricAction, type MetricFormState, type MetricFormValues } from './actions';

const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-2 aria-invalid:ring-red-600';

const AGGREGATION_LABELS: Record<(typeof FORM_AGGREGATIONS)[number], string> = {
  sum: 'Sum of quantities',
  count: 'Count of events',
  max: 'Highest quantity in the period',
  unique_count: 'Distinct values of a property',
  latest: 'Latest quantity in the period',
};

const BLANK: MetricFormValues = { code: '', name: '', unit: '', aggregation: 'sum', property: '', dimensions: '', description: '', unit_cost: '', unit_cost_currency: '' };

type MetricFormProps = { defaultCurrency: string } & ({ mode?: 'create' } | { mode: 'edit'; initial: MetricFormValues });

export function MetricForm(props: MetricFormProps) {
  const { defaultCurrency } = props;
  const editing = props.mode === 'edit';
  const [state, action, pending] = useActionState<MetricFormState, FormData>(editing ? updateMetricAction : createMetricAction, { status: 'idle', seq: 0 });
  const errors = state.fieldErrors ?? {};
  const v = (state.status === 'error' ? state.values : undefined) ?? (editing ? props.initial : BLANK);
  const id = (name: string) => `metric-${name}`;
  const field = (name: keyof MetricFormValues) => ({
    id: id(name),
    name,
    defaultValue: v[name],
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? id(`${name}-error`) : undefined,
    className: `mt-1 ${INPUT}`,
  });
  const error = (name: string) =>
    errors[name] ? (
      <p id={id(`${name}-error`)} className="mt-1 text-sm break-words text-red-700" data-testid={`metric-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  const label = (name: string, text: string, optional = false) => (
    <label htmlFor={id(name)} className="block text-sm font-medium text-slate-900">
      {text} {optional ? <span className="font-normal text-slate-500">(optional)</span> : null}
    </label>
  );

  return (
    <div className="space-y-4">
      {state.status === 'done' && state.message ? (
        <Notice tone="info" testId="metric-form-done">
          {state.message}
        </Notice>
      ) : null}
      {state.status === 'error' && state.message ? (
        <Notice tone="error" testId="metric-form-error">
          {state.message}
        </Notice>
      ) : null}
      <form key={state.seq} action={action} noValidate className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="metric-form">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          {editing ? <input type="hidden" name="code" value={props.initial.code} /> : null}
          {editing ? null : (
            <div>
              {label('code', 'Code')}
              <input {...field('code')} type="text" autoComplete="off" spellCheck={false} placeholder="api_calls" />
              {error('code')}
            </div>
          )}
          <div>
            {label('name', 'Name')}
            <input {...field('name')} type="text" maxLength={200} placeholder="API calls" />
            {error('name')}
          </div>
          <div>
            {label('unit', 'Unit')}
            <input {...field('unit')} type="text" maxLength={50} placeholder="call" />
            {error('unit')}
          </div>
          {editing ? null : (
            <>
              <div>
                {label('aggregation', 'Aggregation')}
                <select {...field('aggregation')}>
                  {FORM_AGGREGATIONS.map((a) => (
                    <option key={a} value={a}>
                      {AGGREGATION_LABELS[a]}
                    </option>
                  ))}
                </select>
                {error('aggregation')}
              </div>
              <div>
                {label('property', 'Property', true)}
                <input {...field('property')} type="text" spellCheck={false} placeholder="user_id" />
                {errors.property ? error('property') : <p className="mt-1 text-xs text-slate-500">For distinct values: the event property whose values are counted.</p>}
              </div>
              <div>
                {label('dimensions', 'Dimensions', true)}
                <input {...field('dimensions')} type="text" spellCheck={false} placeholder="tier, region" />
                {errors.dimensions ? error('dimensions') : <p className="mt-1 text-xs text-slate-500">Event properties a charge may filter on, separated by commas (up to 5).</p>}
              </div>
            </>
          )}
          <div>
            {label('unit_cost', 'Cost of one unit to you', true)}
            <input {...field('unit_cost')} type="text" inputMode="decimal" placeholder="0.0004" />
            {error('unit_cost')}
          </div>
          <div>
            {label('unit_cost_currency', 'Cost currency', true)}
            <input {...field('unit_cost_currency')} type="text" maxLength={3} autoCapitalize="characters" placeholder={defaultCurrency.toUpperCase()} />
            {errors.unit_cost_currency ? error('unit_cost_currency') : editing ? <p className="mt-1 text-xs text-slate-500">With an empty cost, the cost and its currency are cleared.</p> : null}
          </div>
          <div className="sm:col-span-2">
            {label('description', 'Description', true)}
            <input {...field('description')} type="text" maxLength={1000} />
            {error('description')}
          </div>
        </div>
        {error('form')}
        <button
          type="submit"
          disabled={pending}
          data-testid="metric-save"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {editing ? (pending ? 'Saving…' : 'Save changes') : pending ? 'Creating…' : 'Create metric'}
        </button>
      </form>
    </div>
  );
}
