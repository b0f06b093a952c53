'use client';
// The customer's profile as a form, for a new customer (/admin/customers/new) and for an edit on the
// customer's page. Each field is named as the API names it and judged by the API's schema on the
// server; a refusal is said beside its field and what was typed stays.
import { useActionState } from 'react';
import { fieldInputClass, fieldLabelClass, primaryButtonClass } from '@/components/form-styles';
import type { CustomerActionState } from './admin-action';
import type { CustomerFormValues } from '@/lib/customers/customer-form';

const IDLE: CustomerActionState = { status: 'idle' };

const PAYMENT_METHODS = [
  ['card', 'Card'],
  ['bank_transfer', 'Bank transfer'],
  ['direct_debit', 'Direct debit'],
] as const;

export function CustomerForm({
  action,
  initial,
  customerId,
  defaultCurrency,
  submitLabel,
  pendingLabel,
  testId,
}: {
  action: (previous: CustomerActionState, form: FormData) => Promise<CustomerActionState>;
  initial: CustomerFormValues;
  /** the customer edited; none for a new one */
  customerId?: string;
  /** the workspace's currency, used when the field is left empty */
  defaultCurrency: string;
  submitLabel: string;
  pendingLabel: string;
  testId: string;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const errors = state.fieldErrors ?? {};
  const shown = (state.status === 'error' ? state.values : undefined) ?? initial;
  const prefix = customerId ? 'edit-customer' : 'new-customer';
  const hints: Partial<Record<keyof CustomerFormValues, string>> = {
    external_id: 'Your own id for them; two customers cannot share one.',
    currency: customerId ? 'Fixed once they have a subscription or an invoice.' : `Empty: ${defaultCurrency.toUpperCase()}, the workspace’s.`,
    country: 'ISO code of two letters.',
    tax_rate: 'A fraction: 0.21 is 21%. Empty: the workspace’s default rate.',
    billing_emails: 'One a line. Empty: billing mail goes to the email above.',
  };
  const field = (name: keyof CustomerFormValues) => ({
    id: `${prefix}-${name}`,
    name,
    defaultValue: shown[name] ?? '',
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${prefix}-${name}-error` : hints[name] ? `${prefix}-${name}-hint` : undefined,
    className: fieldInputClass,
  });
  const label = (name: keyof CustomerFormValues, text: string) => (
    <label htmlFor={`${prefix}-${name}`} className={fieldLabelClass}>
      {text}
    </label>
  );
  const below = (name: keyof CustomerFormValues) =>
    errors[name] ? (
      <p id={`${prefix}-${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]}
      </p>
    ) : hints[name] ? (
      <p id={`${prefix}-${name}-hint`} className="mt-1 text-xs text-slate-500">
        {hints[name]}
      </p>
    ) : null;

  return (
    // keyed by what it shows, so a refused submit keeps what was typed and a saved one shows what is stored
    <form key={JSON.stringify(shown)} action={formAction} className="space-y-4" data-testid={testId}>
      {customerId ? <input type="hidden" name="customer_id" value={customerId} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          {label('name', 'Name')}
          <input {...field('name')} required maxLength={200} autoComplete="organization" />
          {below('name')}
        </div>
        <div>
          {label('email', 'Email')}
          <input {...field('email')} type="email" required maxLength={320} autoComplete="email" />
          {below('email')}
        </div>
        <div>
          {label('external_id', 'External id (optional)')}
          <input {...field('external_id')} maxLength={255} />
          {below('external_id')}
        </div>
        <div>
          {label('currency', 'Currency')}
          <input {...field('currency')} maxLength={3} autoCapitalize="characters" placeholder={defaultCurrency.toUpperCase()} />
          {below('currency')}
        </div>
        <div>
          {label('country', 'Country (optional)')}
          <input {...field('country')} maxLength={2} autoCapitalize="characters" placeholder="NL" />
          {below('country')}
        </div>
        <div>
          {label('payment_method', 'Pays by')}
          <select {...field('payment_method')} defaultValue={shown.payment_method || 'card'}>
            {PAYMENT_METHODS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
          {below('payment_method')}
        </div>
        <div>
          {label('tax_rate', 'Tax rate (optional)')}
          <input {...field('tax_rate')} inputMode="decimal" placeholder="0.21" />
          {below('tax_rate')}
        </div>
        <div>
          {label('tax_id', 'Tax id (optional)')}
          <input {...field('tax_id')} maxLength={50} placeholder="NL123456789B01" />
          {below('tax_id')}
        </div>
        <div className="flex items-center gap-2 sm:col-span-2">
          <input
            id={`${prefix}-tax_exempt`}
            name="tax_exempt"
            type="checkbox"
            defaultChecked={shown.tax_exempt === 'on'}
            className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
          />
          <label htmlFor={`${prefix}-tax_exempt`} className="text-sm text-slate-700">
            Tax exempt (reverse charge)
          </label>
        </div>
        <div>
          {label('address_lines', 'Address (one line each, up to 6)')}
          <textarea {...field('address_lines')} rows={3} />
          {below('address_lines')}
        </div>
        <div>
          {label('billing_emails', 'Billing emails (optional, up to 5)')}
          <textarea {...field('billing_emails')} rows={3} />
          {below('billing_emails')}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryButtonClass} disabled={pending} data-testid={`${testId}-submit`}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {state.status !== 'idle' && state.message ? (
          <p role={state.status === 'error' ? 'alert' : 'status'} data-testid={`${testId}-outcome`} className={`text-sm ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
