'use client';
// What an admin may do for one customer: bill what has ended now, suspend or reactivate (confirmed),
// and issue a one-time invoice. Each is a form posting to a Server Action; errors are said beside their
// field and what was typed stays. Viewers are not shown these, and the actions refuse them anyway.
import Link from 'next/link';
import { useActionState } from 'react';
import { ConfirmStep } from '@/components/confirm-step';
import { dangerButtonClass, fieldInputClass, fieldLabelClass, primaryButtonClass, secondaryButtonClass } from '@/components/form-styles';
import { billNowAction, oneTimeInvoiceAction, setCustomerStatusAction, type CustomerActionState } from './actions';

export const IDLE: CustomerActionState = { status: 'idle' };

export function Outcome({ state, testId }: { state: CustomerActionState; testId: string }) {
  if (state.status === 'idle' || !state.message) return null;
  return (
    <p role={state.status === 'error' ? 'alert' : 'status'} data-testid={testId} className={`text-sm ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`}>
      {state.message}
      {state.invoiceId ? (
        <>
          {' '}
          <Link href={`/admin/invoices/${state.invoiceId}`} className="font-medium underline">
            Open it
          </Link>
        </>
      ) : null}
    </p>
  );
}

function BillNow({ customerId }: { customerId: string }) {
  const [state, action, pending] = useActionState(billNowAction, IDLE);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="customer_id" value={customerId} />
      <button type="submit" className={secondaryButtonClass} disabled={pending} data-testid="bill-now">
        {pending ? 'Billing…' : 'Bill ended periods now'}
      </button>
      <Outcome state={state} testId="bill-now-outcome" />
    </form>
  );
}

function StatusToggle({ customerId, suspended }: { customerId: string; suspended: boolean }) {
  const [state, action, pending] = useActionState(setCustomerStatusAction, IDLE);
  const form = (
    <form action={action} className="space-y-2">
      <input type="hidden" name="customer_id" value={customerId} />
      <input type="hidden" name="status" value={suspended ? 'active' : 'suspended'} />
      <button type="submit" className={suspended ? secondaryButtonClass : dangerButtonClass} disabled={pending} data-testid={suspended ? 'reactivate' : 'suspend'}>
        {pending ? 'Saving…' : suspended ? 'Reactivate' : 'Suspend customer'}
      </button>
      <Outcome state={state} testId="status-outcome" />
    </form>
  );
  if (suspended) return form;
  return (
    <ConfirmStep summary="Suspend…" question="Suspend this customer? They are told by email, and their account shows it until you reactivate it or they pay what is overdue.">
      {form}
    </ConfirmStep>
  );
}

function OneTimeInvoice({ customerId, currency }: { customerId: string; currency: string }) {
  const [state, action, pending] = useActionState(oneTimeInvoiceAction, IDLE);
  const errors = state.fieldErrors ?? {};
  const kept = state.status === 'error' ? state.values : undefined;
  const field = (name: string) => ({
    id: `one-time-${name}`,
    name,
    defaultValue: kept?.[name] ?? '',
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `one-time-${name}-error` : undefined,
    className: fieldInputClass,
  });
  const error = (name: string) =>
    errors[name] ? (
      <p id={`one-time-${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]}
      </p>
    ) : null;
  return (
    <form key={JSON.stringify(kept ?? {})} action={action} className="space-y-3" data-testid="one-time-invoice-form">
      <input type="hidden" name="customer_id" value={customerId} />
      <div>
        <label htmlFor="one-time-description" className={fieldLabelClass}>
          Description
        </label>
        <input {...field('description')} maxLength={500} placeholder="Onboarding workshop" />
        {error('description')}
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="one-time-quantity" className={fieldLabelClass}>
            Quantity
          </label>
          <input {...field('quantity')} inputMode="decimal" placeholder="1" />
          {error('quantity')}
        </div>
        <div>
          <label htmlFor="one-time-unit_price" className={fieldLabelClass}>
            Unit price ({currency.toUpperCase()})
          </label>
          <input {...field('unit_price')} inputMode="decimal" placeholder="250.00" />
          {error('unit_price')}
        </div>
        <div>
          <label htmlFor="one-time-due_days" className={fieldLabelClass}>
            Due in days (optional)
          </label>
          <input {...field('due_days')} inputMode="numeric" placeholder="14" />
          {error('due_days')}
        </div>
      </div>
      <button type="submit" className={primaryButtonClass} disabled={pending} data-testid="one-time-invoice-submit">
        {pending ? 'Issuing…' : 'Issue invoice'}
      </button>
      <Outcome state={state} testId="one-time-invoice-outcome" />
    </form>
  );
}

export function CustomerActions({ customerId, currency, suspended }: { customerId: string; currency: string; suspended: boolean }) {
  return (
    <div className="grid gap-6 rounded-xl border border-slate-200 bg-white p-5 shadow-xs md:grid-cols-3">
      <div className="space-y-4">
        <BillNow customerId={customerId} />
        <StatusToggle customerId={customerId} suspended={suspended} />
      </div>
      <div className="md:col-span-2">
        <h3 className="mb-2 text-sm font-semibold text-slate-900">One-time invoice</h3>
        <OneTimeInvoice customerId={customerId} currency={currency} />
      </div>
    </div>
  );
}
