'use client';
// How long the workspace keeps raw usage events, webhook payloads, email bodies and delivery logs:
// whole days, or empty to keep forever. The automation run deletes what is past its age. Viewers see
// the settings without a form (and the action refuses them anyway). Mount it with the settings the
// page read: <RetentionForm current={await getRetentionSettings(db)} defaults={RETENTION_DEFAULTS} canEdit={mayWrite(role)} />
import { useActionState } from 'react';
import { primaryButtonClass } from '@/components/form-styles';
import { RETENTION_FIELDS, type RetentionField, type RetentionSettings } from '@/lib/privacy/retention-fields';
import { updateRetentionAction, type RetentionActionState } from './retention-actions';

const LABELS: Record<RetentionField, { label: string; help: string }> = {
  usage_events_days: { label: 'Raw usage events', help: 'Rollups and invoices keep their totals; events of a period not yet invoiced are always kept.' },
  webhook_payloads_days: { label: 'Webhook payloads', help: 'Stripe’s events received, and the bodies of webhook events sent once delivered.' },
  email_bodies_days: { label: 'Email bodies', help: 'The HTML and text of emails once sent; the subject and recipients stay with the log.' },
  delivery_logs_days: { label: 'Delivery logs', help: 'The record of each email sent and each webhook delivery attempt.' },
};

const IDLE: RetentionActionState = { status: 'idle' };
const inputClass =
  'block w-28 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-red-600';

const shown = (days: number | null) => (days === null ? 'Forever' : `${days} days`);

export function RetentionForm({ current, defaults, canEdit }: { current: RetentionSettings; defaults: RetentionSettings; canEdit: boolean }) {
  const [state, action, pending] = useActionState(updateRetentionAction, IDLE);
  if (!canEdit) {
    return (
      <dl data-testid="retention-settings" className="grid gap-3 text-sm sm:grid-cols-2">
        {RETENTION_FIELDS.map((field) => (
          <div key={field}>
            <dt className="text-slate-500">{LABELS[field].label}</dt>
            <dd className="mt-0.5 text-slate-900">{shown(current[field])}</dd>
          </div>
        ))}
      </dl>
    );
  }
  const kept = state.status === 'error' ? state.values : undefined;
  const errors = state.fieldErrors ?? {};
  return (
    <form key={JSON.stringify(kept ?? current)} action={action} className="space-y-4" data-testid="retention-form">
      <div className="grid gap-4 sm:grid-cols-2">
        {RETENTION_FIELDS.map((field) => (
          <div key={field} className="min-w-0">
            <label htmlFor={`retention-${field}`} className="block text-sm font-medium text-slate-700">
              {LABELS[field].label}
            </label>
            <div className="mt-1 flex items-center gap-2">
              <input
                id={`retention-${field}`}
                name={field}
                inputMode="numeric"
                defaultValue={kept?.[field] ?? (current[field] === null ? '' : String(current[field]))}
                placeholder="forever"
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={`retention-${field}-help${errors[field] ? ` retention-${field}-error` : ''}`}
                className={inputClass}
              />
              <span className="text-sm text-slate-600">days</span>
            </div>
            <p id={`retention-${field}-help`} className="mt-1 text-xs text-slate-500">
              {LABELS[field].help} Default: {shown(defaults[field])}.
            </p>
            {errors[field] ? (
              <p id={`retention-${field}-error`} className="mt-1 text-sm text-red-700">
                {errors[field]}
              </p>
            ) : null}
          </div>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryButtonClass} disabled={pending} data-testid="retention-save">
          {pending ? 'Saving…' : 'Save retention'}
        </button>
        {state.status !== 'idle' && state.message ? (
          <p role={state.status === 'error' ? 'alert' : 'status'} className={`text-sm ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
