'use client';
// A correction of one usage event, as `POST /api/admin/billing/usage/corrections` takes it: set its
// quantity or void it, with the reason the audit log keeps. An event in a period already invoiced is
// refused (a credit note corrects an issued invoice). The event is named by its id; the latest ones
// are offered as suggestions and listed beside the form.
import { useActionState } from 'react';
import { correctUsageAction } from './actions';
import { fieldInputClass, fieldLabelClass, primaryButtonClass } from '@/components/form-styles';
import { IDLE, Outcome } from './customer-actions';

export function UsageCorrectionForm({ customerId, eventIds }: { customerId: string; eventIds: string[] }) {
  const [state, action, pending] = useActionState(correctUsageAction, IDLE);
  const errors = state.fieldErrors ?? {};
  const kept = state.status === 'error' ? state.values : undefined;
  const described = (name: string) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `correction-${name}-error` : undefined,
  });
  const error = (name: string) =>
    errors[name] ? (
      <p id={`correction-${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]}
      </p>
    ) : null;
  return (
    <form key={JSON.stringify(kept ?? {})} action={action} className="space-y-3" data-testid="usage-correction-form">
      <input type="hidden" name="customer_id" value={customerId} />
      <div>
        <label htmlFor="correction-event_id" className={fieldLabelClass}>
          Event id
        </label>
        <input id="correction-event_id" name="event_id" list="correction-event-ids" required maxLength={200} defaultValue={kept?.event_id ?? ''} className={fieldInputClass} {...described('event_id')} />
        <datalist id="correction-event-ids">
          {eventIds.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        {error('event_id')}
      </div>
      <fieldset>
        <legend className={fieldLabelClass}>Correction</legend>
        <div className="flex flex-wrap gap-4 text-sm text-slate-700">
          {(
            [
              ['adjust', 'Set the quantity'],
              ['void', 'Void the event'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="action" value={value} defaultChecked={(kept?.action || 'adjust') === value} className="size-4 border-slate-300 text-indigo-600 focus:ring-indigo-600" />
              {text}
            </label>
          ))}
        </div>
        {error('action')}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="correction-quantity" className={fieldLabelClass}>
            New quantity (when setting it)
          </label>
          <input id="correction-quantity" name="quantity" inputMode="decimal" defaultValue={kept?.quantity ?? ''} placeholder="10" className={fieldInputClass} {...described('quantity')} />
          {error('quantity')}
        </div>
        <div>
          <label htmlFor="correction-reason" className={fieldLabelClass}>
            Reason (kept in the audit log)
          </label>
          <input id="correction-reason" name="reason" maxLength={500} defaultValue={kept?.reason ?? ''} placeholder="Duplicate sent by the meter" className={fieldInputClass} {...described('reason')} />
          {error('reason')}
        </div>
      </div>
      <button type="submit" className={primaryButtonClass} disabled={pending} data-testid="usage-correction-submit">
        {pending ? 'Correcting…' : 'Correct usage'}
      </button>
      <Outcome state={state} testId="usage-correction-outcome" />
    </form>
  );
}
