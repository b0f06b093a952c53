'use client';
// The budget: an amount per billing period and the percentages of it at which the customer is
// emailed (checkboxes for 50, 80 and 100 %, a text field for any others). Errors appear under the
// field they are about, tied to it by aria-describedby; everything works by keyboard alone.
import { useActionState } from 'react';
import { inputClass, labelClass } from '@/app/login/field-classes';
import { saveBudget, type BudgetFormState } from './actions';
import { PRESET_PERCENTAGES, type BudgetFormValues } from './budget-form-values';

const buttonClass =
  'rounded-md px-3 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60';

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

export function BudgetForm({ current, currency, hasBudget }: { current: BudgetFormValues; currency: string; hasBudget: boolean }) {
  const initial: BudgetFormState = { status: 'idle', values: current, errors: {} };
  const [state, action, pending] = useActionState(saveBudget, initial);
  const { values, errors } = state;
  // after a save or a removal the page's answer says whether a budget exists now
  const budgetExists = state.status === 'removed' ? false : state.status === 'saved' ? true : hasBudget;
  const code = currency.toUpperCase();
  const formKey = `${state.status}-${values.amount}-${values.percents.join(',')}-${values.custom}`;
  return (
    <form action={action} data-testid="budget-form" className="space-y-4" noValidate>
      <div className="max-w-xs" key={`amount-${formKey}`}>
        <label htmlFor="budget-amount" className={labelClass}>
          Budget per billing period ({code})
        </label>
        <input
          id="budget-amount"
          name="amount"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder="250.00"
          defaultValue={values.amount}
          aria-invalid={errors.amount ? true : undefined}
          aria-describedby={errors.amount ? 'budget-amount-error' : 'budget-amount-hint'}
          className={`mt-1 ${inputClass}`}
        />
        {errors.amount ? (
          <FieldError id="budget-amount-error" message={errors.amount} />
        ) : (
          <p id="budget-amount-hint" className="mt-1 text-xs text-slate-500">
            Before tax, in {code}: what the period’s invoice comes to so far counts toward it.
          </p>
        )}
      </div>

      <fieldset key={`percents-${formKey}`} aria-describedby={errors.notify_at_percent ? 'budget-percent-error' : undefined}>
        <legend className={labelClass}>Email me when spending reaches</legend>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {PRESET_PERCENTAGES.map((percent) => (
            <label key={percent} className="inline-flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                name="notify_at_percent"
                value={percent}
                defaultChecked={values.percents.includes(percent)}
                className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
              />
              {percent}% of the budget
            </label>
          ))}
        </div>
        <div className="mt-3 max-w-xs">
          <label htmlFor="budget-custom-percent" className={labelClass}>
            Other percentages
          </label>
          <input
            id="budget-custom-percent"
            name="custom_percent"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="25, 150"
            defaultValue={values.custom}
            aria-invalid={errors.custom_percent ? true : undefined}
            aria-describedby={errors.custom_percent ? 'budget-custom-percent-error' : 'budget-custom-percent-hint'}
            className={`mt-1 ${inputClass}`}
          />
          {errors.custom_percent ? (
            <FieldError id="budget-custom-percent-error" message={errors.custom_percent} />
          ) : (
            <p id="budget-custom-percent-hint" className="mt-1 text-xs text-slate-500">
              Whole numbers from 1 to 1000, separated by commas; up to 10 percentages in all.
            </p>
          )}
        </div>
        <FieldError id="budget-percent-error" message={errors.notify_at_percent} />
      </fieldset>

      {errors.form ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.form}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="save" disabled={pending} className={`${buttonClass} bg-indigo-600 text-white hover:bg-indigo-500`}>
          {pending ? 'Saving…' : 'Save budget'}
        </button>
        {budgetExists ? (
          <button type="submit" name="intent" value="remove" disabled={pending} className={`${buttonClass} bg-white text-red-700 ring-1 ring-inset ring-red-300 hover:bg-red-50`}>
            Remove budget
          </button>
        ) : null}
        <p role="status" data-testid="budget-status" className={`text-sm ${state.status === 'error' ? 'text-red-700' : 'text-green-700'}`}>
          {state.status === 'saved' || state.status === 'removed' || state.status === 'error' ? state.message : ''}
        </p>
      </div>
    </form>
  );
}
