'use client';
// Who the invoices are made out to: name, address, country and tax id. The tax id's hint follows the
// country picked (the same rules the server enforces, lib/customers/tax-id-format.ts); errors appear
// under their field, tied to it by aria-describedby, and what was typed stays when it is refused.
import { useActionState, useState } from 'react';
import { inputClass, labelClass } from '@/app/login/field-classes';
import { taxIdRule } from '@/lib/customers/tax-id-format';
import { saveBillingDetails, type BillingDetailsFormState, type BillingDetailsValues } from './actions';

export type CountryOption = { code: string; name: string };

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/** The hint under the tax id: the format the chosen country expects. */
function taxIdHint(country: string): string {
  const rule = taxIdRule(country);
  if (!rule) return country ? 'Your tax or business registration number, if you have one.' : 'Choose your country to see the format expected.';
  return `${rule.name}: ${rule.format}. Leave empty if you have none.`;
}

export function BillingDetailsForm({ current, countries }: { current: BillingDetailsValues; countries: CountryOption[] }) {
  const initial: BillingDetailsFormState = { status: 'idle', values: current, errors: {} };
  const [state, action, pending] = useActionState(saveBillingDetails, initial);
  const { values, errors } = state;
  const formKey = `${state.status}-${JSON.stringify(values)}`;
  return (
    <form action={action} data-testid="billing-details-form" className="space-y-4" noValidate>
      <BillingDetailsFields key={formKey} values={values} errors={errors} countries={countries} />
      {errors.form ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.form}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
        >
          {pending ? 'Saving…' : 'Save billing details'}
        </button>
        <p role="status" data-testid="billing-details-status" className={`text-sm ${state.status === 'saved' ? 'text-green-700' : 'text-red-700'}`}>
          {state.status === 'saved' || state.status === 'error' ? state.message : ''}
          {state.status === 'invalid' ? 'Nothing was saved: check the fields marked above.' : ''}
        </p>
      </div>
    </form>
  );
}

/** The inputs, remounted with each answer so they show what it holds. */
function BillingDetailsFields({ values, errors, countries }: { values: BillingDetailsValues; errors: BillingDetailsFormState['errors']; countries: CountryOption[] }) {
  const [country, setCountry] = useState(values.country);
  const rule = taxIdRule(country);
  const described = (field: string, error: string | undefined, hint?: boolean) => (error ? `billing-${field}-error` : hint ? `billing-${field}-hint` : undefined);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <label htmlFor="billing-name" className={labelClass}>
          Name on invoices
        </label>
        <input
          id="billing-name"
          name="name"
          type="text"
          autoComplete="organization"
          defaultValue={values.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described('name', errors.name)}
          className={`mt-1 ${inputClass}`}
        />
        <FieldError id="billing-name-error" message={errors.name} />
      </div>
      <div className="sm:col-span-2">
        <label htmlFor="billing-address" className={labelClass}>
          Address
        </label>
        <textarea
          id="billing-address"
          name="address"
          rows={3}
          autoComplete="street-address"
          defaultValue={values.address}
          aria-invalid={errors.address ? true : undefined}
          aria-describedby={described('address', errors.address, true)}
          className={`mt-1 ${inputClass}`}
        />
        {errors.address ? (
          <FieldError id="billing-address-error" message={errors.address} />
        ) : (
          <p id="billing-address-hint" className="mt-1 text-xs text-slate-500">
            One line per line of the address, up to 6 lines, as it should be printed.
          </p>
        )}
      </div>
      <div>
        <label htmlFor="billing-country" className={labelClass}>
          Country
        </label>
        <select
          id="billing-country"
          name="country"
          autoComplete="country"
          // uncontrolled, so the form reset React does after an action leaves the answer's value in place
          defaultValue={values.country}
          onChange={(event) => setCountry(event.target.value)}
          aria-invalid={errors.country ? true : undefined}
          aria-describedby={described('country', errors.country)}
          className={`mt-1 ${inputClass}`}
        >
          <option value="">Not set</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        <FieldError id="billing-country-error" message={errors.country} />
      </div>
      <div>
        <label htmlFor="billing-tax-id" className={labelClass}>
          Tax ID
        </label>
        <input
          id="billing-tax-id"
          name="tax_id"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder={rule?.example}
          defaultValue={values.tax_id}
          aria-invalid={errors.tax_id ? true : undefined}
          aria-describedby={described('tax-id', errors.tax_id, true)}
          className={`mt-1 ${inputClass}`}
        />
        {errors.tax_id ? (
          <FieldError id="billing-tax-id-error" message={errors.tax_id} />
        ) : (
          <p id="billing-tax-id-hint" data-testid="tax-id-hint" className="mt-1 text-xs text-slate-500">
            {taxIdHint(country)}
          </p>
        )}
      </div>
    </div>
  );
}
