'use client';
// "Add a payment method": the action opens a Stripe Checkout Session and the browser goes to Stripe's
// page; if Stripe cannot be reached, the reason is shown here and nothing changed.
import { useActionState } from 'react';
import { startAddPaymentMethod, type PaymentMethodActionState } from './actions';

const IDLE: PaymentMethodActionState = { status: 'idle' };

export function AddPaymentMethodForm({ first }: { first: boolean }) {
  const [state, action, pending] = useActionState(startAddPaymentMethod, IDLE);
  return (
    <form action={action} className="flex flex-col items-start gap-2" data-testid="add-payment-method">
      <button
        type="submit"
        disabled={pending}
        aria-describedby="add-payment-method-hint"
        className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
      >
        {pending ? 'Opening Stripe…' : first ? 'Add a payment method' : 'Add another payment method'}
      </button>
      <p id="add-payment-method-hint" className="text-xs text-slate-500">
        You enter the card or bank account on Stripe’s secure page; we never see the full number.
      </p>
      {state.status === 'error' || state.status === 'invalid' ? (
        <p role="alert" className="text-sm text-red-700" data-testid="add-payment-method-error">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
