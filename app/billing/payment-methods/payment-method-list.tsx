'use client';
// The saved cards and mandates, one card-like row each (stacked on a phone, nothing wider than the
// screen), with "Make default" and "Remove". Removing asks first, in place: the confirmation names
// the method and, for the default, which one takes over; keyboard focus moves to it and back.
import { useActionState, useEffect, useRef, useState } from 'react';
import { changePaymentMethod, type PaymentMethodActionState } from './actions';
import { paymentMethodExpiry, paymentMethodName, type PaymentMethodView } from './describe-payment-method';

const IDLE: PaymentMethodActionState = { status: 'idle' };

export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60';
const dangerButtonClass =
  'inline-flex items-center justify-center rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white shadow-xs hover:bg-red-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 disabled:opacity-60';

export function DefaultBadge() {
  return (
    <span data-testid="default-badge" className="inline-flex items-center rounded-md bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20 ring-inset">
      Default
    </span>
  );
}

/** One method's name, details and default badge; `actions` beside it (none when they cannot be used). */
export function PaymentMethodSummary({ method }: { method: PaymentMethodView }) {
  const expiry = paymentMethodExpiry(method);
  return (
    <div className="min-w-0">
      <p className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
        <span data-testid="payment-method-name">{paymentMethodName(method)}</span>
        {method.is_default ? <DefaultBadge /> : null}
      </p>
      <p className="mt-0.5 text-sm text-slate-500">
        {method.type === 'sepa_debit' ? 'SEPA Direct Debit mandate' : (expiry ?? 'Card')}
      </p>
    </div>
  );
}

export function PaymentMethodList({ methods }: { methods: PaymentMethodView[] }) {
  const [latest, change, busy] = useActionState(changePaymentMethod, IDLE);
  // the confirmation open, for the answer it was opened under: a new answer (removed, or refused) closes it
  const [opened, setOpened] = useState<{ id: string; under: PaymentMethodActionState } | null>(null);
  const confirming = opened && opened.under === latest ? opened.id : null;
  const setConfirming = (id: string | null) => setOpened(id ? { id, under: latest } : null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removeButtons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const cancel = (id: string) => {
    setConfirming(null);
    removeButtons.current.get(id)?.focus();
  };
  const newestOther = (id: string) => [...methods].filter((m) => m.id !== id).sort((a, b) => b.created.localeCompare(a.created))[0] ?? null;

  return (
    <div>
      <p role="status" data-testid="payment-methods-status" className={`mb-3 text-sm ${latest.status === 'done' ? 'text-emerald-700' : 'text-red-700'} ${latest.status === 'idle' ? 'sr-only' : ''}`}>
        {latest.message ?? ''}
      </p>
      {methods.length === 0 ? (
        <p data-testid="payment-methods-empty" className="rounded-xl border border-dashed border-slate-300 bg-white p-5 text-sm text-slate-600">
          No payment methods saved yet.
        </p>
      ) : null}
      <ul className={`divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-xs ${methods.length === 0 ? 'hidden' : ''}`} data-testid="payment-method-list">
        {methods.map((method) => {
          const name = paymentMethodName(method);
          const successor = method.is_default ? newestOther(method.id) : null;
          return (
            <li key={method.id} data-testid="payment-method" data-payment-method-id={method.id} className="p-4">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <PaymentMethodSummary method={method} />
                <div className="flex flex-wrap gap-2">
                  {method.is_default ? null : (
                    <form action={change}>
                      <input type="hidden" name="intent" value="make_default" />
                      <input type="hidden" name="payment_method_id" value={method.id} />
                      <button type="submit" className={secondaryButtonClass} disabled={busy} aria-label={`Make ${name} the default`}>
                        Make default
                      </button>
                    </form>
                  )}
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    disabled={busy}
                    aria-expanded={confirming === method.id}
                    aria-controls={`remove-${method.id}`}
                    aria-label={`Remove ${name}`}
                    ref={(element) => {
                      if (element) removeButtons.current.set(method.id, element);
                      else removeButtons.current.delete(method.id);
                    }}
                    onClick={() => setConfirming(confirming === method.id ? null : method.id)}
                  >
                    Remove
                  </button>
                </div>
              </div>
              {confirming === method.id ? (
                <form
                  action={change}
                  id={`remove-${method.id}`}
                  data-testid="remove-confirmation"
                  className="mt-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900"
                  onKeyDown={(event) => {
                    if (event.key === 'Escape') cancel(method.id);
                  }}
                >
                  <p>
                    Remove <strong>{name}</strong>? It can no longer be charged, and adding it again means entering it again.
                    {method.is_default
                      ? successor
                        ? ` ${paymentMethodName(successor)} becomes your default.`
                        : ' You will have no payment method on file.'
                      : ''}
                  </p>
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="payment_method_id" value={method.id} />
                  <div className="mt-3 flex flex-wrap gap-2">
                    <button type="submit" ref={confirmRef} className={dangerButtonClass} disabled={busy}>
                      {busy ? 'Removing…' : `Yes, remove ${name}`}
                    </button>
                    <button type="button" className={secondaryButtonClass} onClick={() => cancel(method.id)}>
                      Keep it
                    </button>
                  </div>
                </form>
              ) : null}
              {latest.status !== 'idle' && latest.status !== 'done' && latest.paymentMethodId === method.id ? (
                <p role="alert" className="mt-2 text-sm text-red-700" data-testid="payment-method-error">
                  {latest.message}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
