'use client';
// The customer's data: a download of everything held about them (GDPR access), and for admins the
// erasure of their personal data, confirmed with the reason it is done. A refusal (a live subscription,
// money due) is said beside the button and changes nothing.
import { useActionState } from 'react';
import { confirmSummaryClass, dangerButtonClass, fieldInputClass } from '@/components/form-styles';
import { eraseCustomerAction, type EraseActionState } from './privacy-actions';

const IDLE: EraseActionState = { status: 'idle' };
const secondary =
  'inline-block rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

function EraseCustomer({ customerId }: { customerId: string }) {
  const [state, action, pending] = useActionState(eraseCustomerAction, IDLE);
  if (state.status === 'done') {
    return (
      <p role="status" data-testid="erase-outcome" className="text-sm text-emerald-700">
        {state.message}
      </p>
    );
  }
  return (
    <details data-testid="erase" open={state.status === 'error'}>
      <summary className={confirmSummaryClass}>
        Erase personal data…
      </summary>
      <form action={action} className="mt-2 max-w-lg space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        <input type="hidden" name="customer_id" value={customerId} />
        <p>
          This cannot be undone. The name, emails, address, tax id, bank details, external id, sign-in, payment methods, usage-event properties and email bodies are deleted
          now. Invoices and credit notes stay exactly as issued for the legal retention period.
        </p>
        <label htmlFor="erase-reason" className="block text-xs font-medium">
          Reason (kept in the audit log; no personal data)
        </label>
        <textarea
          id="erase-reason"
          name="reason"
          required
          maxLength={500}
          rows={2}
          defaultValue={state.reason ?? ''}
          aria-invalid={state.reasonError ? true : undefined}
          aria-describedby={state.reasonError ? 'erase-reason-error' : undefined}
          placeholder="Erasure request received 1 December"
          data-testid="erase-reason"
          className={fieldInputClass}
        />
        {state.reasonError ? (
          <p id="erase-reason-error" className="text-sm text-red-700">
            {state.reasonError}
          </p>
        ) : null}
        <button type="submit" className={dangerButtonClass} disabled={pending} data-testid="erase-confirm">
          {pending ? 'Erasing…' : 'Erase this customer’s personal data'}
        </button>
        {state.status === 'error' && state.message ? (
          <p role="alert" data-testid="erase-error" className="text-sm text-red-700">
            {state.message}
          </p>
        ) : null}
      </form>
    </details>
  );
}

/** `stripePending`: erased here, while their Stripe customer still waits for the automation run to delete it. */
export function PrivacyControls({ customerId, erasedAt, stripePending, mayErase }: { customerId: string; erasedAt: string | null; stripePending: boolean; mayErase: boolean }) {
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
      <a href={`/api/admin/billing/customers/${customerId}/export`} download className={secondary} data-testid="export-customer">
        Export all data (JSON)
      </a>
      {erasedAt ? (
        <p data-testid="erased" className="text-sm text-slate-600">
          Personal data erased on {erasedAt}.{stripePending ? ' Their Stripe customer is deleted by the next automation run.' : null}
        </p>
      ) : mayErase ? (
        <EraseCustomer customerId={customerId} />
      ) : null}
    </div>
  );
}
