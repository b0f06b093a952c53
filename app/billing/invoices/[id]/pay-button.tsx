'use client';
import { useActionState } from 'react';
import { payInvoice, type PayFormState } from './actions';

const INITIAL: PayFormState = { status: 'idle' };

/** Pay by card or debit: to Stripe's secure page (or charged on the saved card), and back here. */
export function PayButton({ invoiceId, amountLabel }: { invoiceId: string; amountLabel: string }) {
  const [state, formAction, pending] = useActionState(payInvoice, INITIAL);
  return (
    <form action={formAction} data-testid="pay-form" className="space-y-3">
      <input type="hidden" name="invoice_id" value={invoiceId} />
      <button
        type="submit"
        disabled={pending}
        data-testid="pay-button"
        className="inline-flex w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 sm:w-auto"
      >
        {pending ? 'Opening the secure payment page…' : `Pay ${amountLabel}`}
      </button>
      <div aria-live="polite">
        {state.message ? (
          <p
            data-testid="pay-message"
            role={state.status === 'error' || state.status === 'failed' ? 'alert' : 'status'}
            className={`text-sm ${state.status === 'error' || state.status === 'failed' ? 'text-red-700' : 'text-slate-700'}`}
          >
            {state.message}{' '}
            {state.retryUrl ? (
              <a href={state.retryUrl} className="font-semibold text-indigo-700 underline underline-offset-2">
                Pay with another card
              </a>
            ) : null}
          </p>
        ) : null}
      </div>
    </form>
  );
}
