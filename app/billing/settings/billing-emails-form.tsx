'use client';
// Up to five addresses for billing mail; errors appear under the input they are about, and the
// form works by keyboard alone (a plain submit button, labelled inputs, errors tied by aria).
import { useActionState } from 'react';
import { inputClass, labelClass } from '@/app/login/field-classes';
import { saveBillingEmails, type BillingEmailsFormState } from './actions';

export const MAX_BILLING_EMAILS = 5;

export function BillingEmailsForm({ current, accountEmail }: { current: string[]; accountEmail: string }) {
  const initial: BillingEmailsFormState = { status: 'idle', values: [...current, ...Array(MAX_BILLING_EMAILS - current.length).fill('')], errors: {} };
  const [state, action, pending] = useActionState(saveBillingEmails, initial);
  return (
    <form action={action} data-testid="billing-emails-form" className="space-y-4" noValidate>
      <p className="text-sm text-slate-600">
        Invoices, receipts and payment reminders go to these addresses. Leave them all empty to use your account email, <span className="font-medium break-all">{accountEmail}</span>.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        {state.values.map((value, i) => {
          const error = state.errors[String(i)];
          return (
            <div key={`${i}-${state.status}-${value}`}>
              <label htmlFor={`billing-email-${i}`} className={labelClass}>
                Billing email {i + 1}
              </label>
              <input
                id={`billing-email-${i}`}
                name="billing_email"
                type="email"
                autoComplete="email"
                defaultValue={value}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `billing-email-${i}-error` : undefined}
                className={`mt-1 ${inputClass}`}
              />
              {error ? (
                <p id={`billing-email-${i}-error`} className="mt-1 text-sm text-red-700">
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      {state.errors.form ? (
        <p role="alert" className="text-sm text-red-700">
          {state.errors.form}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
        >
          {pending ? 'Saving…' : 'Save billing emails'}
        </button>
        <p role="status" data-testid="billing-emails-status" className={`text-sm ${state.status === 'saved' ? 'text-green-700' : 'text-red-700'}`}>
          {state.status === 'saved' || state.status === 'error' ? state.message : ''}
        </p>
      </div>
    </form>
  );
}
