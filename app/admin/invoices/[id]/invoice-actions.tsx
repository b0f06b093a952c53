'use client';
// What an admin may do with an invoice, each a form posting to a Server Action: finalize a draft; mark
// an open invoice paid (with the bank's reference); void it or mark it uncollectible (each confirmed
// first); issue a credit note. Errors are said beside their field and what was typed stays. Viewers
// are not shown these (the page says why), and the actions refuse them anyway.
import { useActionState } from 'react';
import { changeInvoiceStatusAction, createCreditNoteAction, type InvoiceActionState } from './actions';

const IDLE: InvoiceActionState = { status: 'idle' };

const inputClass =
  'block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-red-600';
const primary =
  'rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50';
const danger =
  'rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-red-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50';

function Outcome({ state, testId }: { state: InvoiceActionState; testId: string }) {
  if (state.status === 'idle' || !state.message) return null;
  return (
    <p role={state.status === 'error' ? 'alert' : 'status'} data-testid={testId} className={`text-sm ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`}>
      {state.message}
    </p>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/** One status change; `confirm` puts it behind a "… ?" step, for what cannot be undone. */
function StatusChange({ invoiceId, status, label, pendingLabel, confirm }: { invoiceId: string; status: string; label: string; pendingLabel: string; confirm?: string }) {
  const [state, action, pending] = useActionState(changeInvoiceStatusAction, IDLE);
  const form = (
    <form action={action} className="space-y-2">
      <input type="hidden" name="invoice_id" value={invoiceId} />
      <input type="hidden" name="status" value={status} />
      <button type="submit" className={confirm ? danger : primary} disabled={pending} data-testid={`invoice-${status}`}>
        {pending ? pendingLabel : label}
      </button>
      <Outcome state={state} testId={`invoice-${status}-outcome`} />
    </form>
  );
  if (!confirm) return form;
  return (
    <details className="min-w-0">
      <summary className="cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-200 ring-inset hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
        {label}…
      </summary>
      <div className="mt-2 max-w-sm space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        <p>{confirm}</p>
        {form}
      </div>
    </details>
  );
}

function MarkPaid({ invoiceId, idPrefix }: { invoiceId: string; idPrefix: string }) {
  const [state, action, pending] = useActionState(changeInvoiceStatusAction, IDLE);
  const error = state.fieldErrors?.payment_reference;
  return (
    <form action={action} className="space-y-2" data-testid="mark-paid-form">
      <input type="hidden" name="invoice_id" value={invoiceId} />
      <input type="hidden" name="status" value="paid" />
      <div>
        <label htmlFor={`${idPrefix}payment-reference`} className="mb-1 block text-xs font-medium text-slate-600">
          Payment reference (from the bank statement)
        </label>
        <input
          id={`${idPrefix}payment-reference`}
          name="payment_reference"
          defaultValue={state.values?.payment_reference ?? ''}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idPrefix}payment-reference-error` : undefined}
          className={inputClass}
        />
        <FieldError id={`${idPrefix}payment-reference-error`} message={error} />
      </div>
      <button type="submit" className={primary} disabled={pending} data-testid="invoice-paid">
        {pending ? 'Marking paid…' : 'Mark paid'}
      </button>
      <Outcome state={state} testId="invoice-paid-outcome" />
    </form>
  );
}

function CreditNoteForm({ invoiceId, currency, idPrefix }: { invoiceId: string; currency: string; idPrefix: string }) {
  const [state, action, pending] = useActionState(createCreditNoteAction, IDLE);
  const errors = state.fieldErrors ?? {};
  const field = (name: string) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${idPrefix}credit-${name}-error` : undefined,
  });
  return (
    // keyed by the answer so a refused submit keeps what was typed (React resets a form after its action)
    <form key={JSON.stringify(state.values ?? {})} action={action} className="space-y-3" data-testid="credit-note-form">
      <input type="hidden" name="invoice_id" value={invoiceId} />
      <div>
        <label htmlFor={`${idPrefix}credit-reason`} className="mb-1 block text-xs font-medium text-slate-600">
          Reason (printed on the credit note)
        </label>
        <input id={`${idPrefix}credit-reason`} name="reason" required minLength={3} maxLength={500} defaultValue={state.values?.reason ?? ''} className={inputClass} {...field('reason')} />
        <FieldError id={`${idPrefix}credit-reason-error`} message={errors.reason} />
      </div>
      <div>
        <label htmlFor={`${idPrefix}credit-amount`} className="mb-1 block text-xs font-medium text-slate-600">
          Net amount in {currency.toUpperCase()} (before tax; empty credits everything still creditable)
        </label>
        <input id={`${idPrefix}credit-amount`} name="amount" inputMode="decimal" defaultValue={state.values?.amount ?? ''} placeholder="10.00" className={inputClass} {...field('amount')} />
        <FieldError id={`${idPrefix}credit-amount-error`} message={errors.amount} />
      </div>
      <button type="submit" className={primary} disabled={pending} data-testid="credit-note-submit">
        {pending ? 'Issuing…' : 'Issue credit note'}
      </button>
      <Outcome state={state} testId="credit-note-outcome" />
    </form>
  );
}

/** `idPrefix` keeps the fields' ids apart when several invoices' actions share a page (the customer's). */
export function InvoiceActions({ invoiceId, status, currency, creditable, idPrefix = '' }: { invoiceId: string; status: string; currency: string; creditable: boolean; idPrefix?: string }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <div className="space-y-4">
        {status === 'draft' ? (
          <StatusChange invoiceId={invoiceId} status="open" label="Finalize and number" pendingLabel="Finalizing…" />
        ) : null}
        {status === 'open' ? (
          <>
            <MarkPaid invoiceId={invoiceId} idPrefix={idPrefix} />
            <div className="flex flex-wrap gap-3">
              <StatusChange invoiceId={invoiceId} status="void" label="Void" pendingLabel="Voiding…" confirm="Void this invoice? It stays in the series with its number, owes nothing and cannot be reopened." />
              <StatusChange invoiceId={invoiceId} status="uncollectible" label="Mark uncollectible" pendingLabel="Marking…" confirm="Write this invoice off as uncollectible? It can still be marked paid later." />
            </div>
          </>
        ) : null}
        {status === 'uncollectible' ? <MarkPaid invoiceId={invoiceId} idPrefix={idPrefix} /> : null}
        {status === 'paid' || status === 'void' ? <p className="text-sm text-slate-600">A {status} invoice does not change any more; credit notes correct what it billed.</p> : null}
      </div>
      {creditable ? (
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Credit note</h3>
          <CreditNoteForm invoiceId={invoiceId} currency={currency} idPrefix={idPrefix} />
        </div>
      ) : null}
    </div>
  );
}
