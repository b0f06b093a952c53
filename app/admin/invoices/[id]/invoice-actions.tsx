'use client';
// What an admin may do with an invoice, each a form posting to a Server Action: finalize a draft; mark
// an open invoice paid (with the bank's reference); void it or mark it uncollectible (each confirmed
// first); issue a credit note. Errors are said beside their field and what was typed stays. Viewers
// are not shown these (the page says why), and the actions refuse them anyway.
import { useActionState } from 'react';
import { ConfirmStep } from '@/components/confirm-step';
import { FieldError } from '@/components/field-error';
import { dangerButtonClass, fieldInputClass, fieldLabelClass, primaryButtonClass } from '@/components/form-styles';
import { changeInvoiceStatusAction, createCreditNoteAction, type InvoiceActionState } from './actions';

const IDLE: InvoiceActionState = { status: 'idle' };

function Outcome({ state, testId }: { state: InvoiceActionState; testId: string }) {
  if (state.status === 'idle' || !state.message) return null;
  return (
    <p role={state.status === 'error' ? 'alert' : 'status'} data-testid={testId} className={`text-sm ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`}>
      {state.message}
    </p>
  );
}

/** One status change; `confirm` puts it behind a "… ?" step, for what cannot be undone. */
function StatusChange({ invoiceId, status, label, pendingLabel, confirm }: { invoiceId: string; status: string; label: string; pendingLabel: string; confirm?: string }) {
  const [state, action, pending] = useActionState(changeInvoiceStatusAction, IDLE);
  const form = (
    <form action={action} className="space-y-2">
      <input type="hidden" name="invoice_id" value={invoiceId} />
      <input type="hidden" name="status" value={status} />
      <button type="submit" className={confirm ? dangerButtonClass : primaryButtonClass} disabled={pending} data-testid={`invoice-${status}`}>
        {pending ? pendingLabel : label}
      </button>
      <Outcome state={state} testId={`invoice-${status}-outcome`} />
    </form>
  );
  if (!confirm) return form;
  return (
    <ConfirmStep summary={`${label}…`} question={confirm} className="min-w-0">
      {form}
    </ConfirmStep>
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
        <label htmlFor={`${idPrefix}payment-reference`} className={fieldLabelClass}>
          Payment reference (from the bank statement)
        </label>
        <input
          id={`${idPrefix}payment-reference`}
          name="payment_reference"
          defaultValue={state.values?.payment_reference ?? ''}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idPrefix}payment-reference-error` : undefined}
          className={fieldInputClass}
        />
        <FieldError id={`${idPrefix}payment-reference-error`} message={error} />
      </div>
      <button type="submit" className={primaryButtonClass} disabled={pending} data-testid="invoice-paid">
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
        <label htmlFor={`${idPrefix}credit-reason`} className={fieldLabelClass}>
          Reason (printed on the credit note)
        </label>
        <input id={`${idPrefix}credit-reason`} name="reason" required minLength={3} maxLength={500} defaultValue={state.values?.reason ?? ''} className={fieldInputClass} {...field('reason')} />
        <FieldError id={`${idPrefix}credit-reason-error`} message={errors.reason} />
      </div>
      <div>
        <label htmlFor={`${idPrefix}credit-amount`} className={fieldLabelClass}>
          Net amount in {currency.toUpperCase()} (before tax; empty credits everything still creditable)
        </label>
        <input id={`${idPrefix}credit-amount`} name="amount" inputMode="decimal" defaultValue={state.values?.amount ?? ''} placeholder="10.00" className={fieldInputClass} {...field('amount')} />
        <FieldError id={`${idPrefix}credit-amount-error`} message={errors.amount} />
      </div>
      <button type="submit" className={primaryButtonClass} disabled={pending} data-testid="credit-note-submit">
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
