'use client';
// One metric's unit-cost form: the cost of one unit and its currency; an empty cost clears it.
// Viewers see the values with the inputs disabled and no button (the action would refuse them too).
import { useActionState } from 'react';
import { setUnitCostAction, type UnitCostState } from './unit-cost-action';

const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';

export function UnitCostForm({ metric, unitCost, unitCostCurrency, defaultCurrency, readOnly }: { metric: string; unitCost: string | null; unitCostCurrency: string | null; defaultCurrency: string; readOnly: boolean }) {
  const [state, action, pending] = useActionState<UnitCostState, FormData>(setUnitCostAction, { status: 'idle' });
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const id = `unit-cost-${metric}`;
  return (
    <form action={action} className="mt-3 flex flex-wrap items-start gap-3" data-testid={`unit-cost-form-${metric}`}>
      <input type="hidden" name="metric" value={metric} />
      <div className="w-40 max-w-full">
        <label htmlFor={id} className="block text-xs font-medium text-slate-700">
          Cost of one unit
        </label>
        <input
          id={id}
          name="unit_cost"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder="not set"
          defaultValue={unitCost ?? ''}
          disabled={readOnly}
          aria-invalid={errors.unit_cost ? true : undefined}
          aria-describedby={errors.unit_cost ? `${id}-error` : undefined}
          className={`mt-1 ${INPUT}`}
        />
        {errors.unit_cost ? (
          <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
            {errors.unit_cost}
          </p>
        ) : null}
      </div>
      <div className="w-24">
        <label htmlFor={`${id}-currency`} className="block text-xs font-medium text-slate-700">
          Currency
        </label>
        <input
          id={`${id}-currency`}
          name="unit_cost_currency"
          type="text"
          autoComplete="off"
          maxLength={3}
          defaultValue={(unitCostCurrency ?? defaultCurrency).toUpperCase()}
          disabled={readOnly}
          aria-invalid={errors.unit_cost_currency ? true : undefined}
          aria-describedby={errors.unit_cost_currency ? `${id}-currency-error` : undefined}
          className={`mt-1 uppercase ${INPUT}`}
        />
        {errors.unit_cost_currency ? (
          <p id={`${id}-currency-error`} className="mt-1 text-sm text-red-700">
            {errors.unit_cost_currency}
          </p>
        ) : null}
      </div>
      {readOnly ? null : (
        <div className="pt-5">
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed"
          >
            {pending ? 'Saving…' : 'Save'}
          </button>
        </div>
      )}
      {state.message ? (
        <p role={state.status === 'error' ? 'alert' : 'status'} className={`basis-full text-sm ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`} data-testid={`unit-cost-message-${metric}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
