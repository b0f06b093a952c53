'use client';
// The rule form, for a new rule and for changing one: every field labelled, errors beside their
// fields (the route's zod schema decides them, through the Server Action), the values sent kept after
// an error. It posts to a Server Action, so it works before JavaScript loads.
import Link from 'next/link';
import { useActionState } from 'react';
import { Notice } from '@/components/notice';
import type { ActionState, RuleFormValues } from './actions';
import { ALL_CUSTOMERS, EACH_CUSTOMER } from './applies-to';

const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';

const KINDS = [
  { value: 'usage_amount', label: 'Usage charges (money)' },
  { value: 'metric_amount', label: "One metric's charges (money)" },
  { value: 'metric_units', label: "One metric's units" },
];
const WINDOWS = [
  { value: 'day', label: 'A UTC day' },
  { value: 'week', label: 'An ISO week' },
  { value: 'period', label: "The customer's open billing period" },
];
const RECIPIENTS = [
  { value: 'admins', label: 'Admins (email)' },
  { value: 'customer', label: 'The customer (email)' },
  { value: 'webhook', label: 'Webhook event' },
];

export function RuleForm({
  action,
  initial,
  ruleId,
  metrics,
  customers,
  readOnly,
  submitLabel,
  pendingLabel,
  idPrefix,
  testId,
}: {
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  initial: RuleFormValues;
  ruleId?: string;
  metrics: { code: string; name: string }[];
  customers: { id: string; name: string }[];
  readOnly: boolean;
  submitLabel: string;
  pendingLabel: string;
  idPrefix: string;
  testId: string;
}) {
  // Each answer carries a sequence number that keys the form: React resets a form after its action, and
  // a <select> would go back to the default it was first rendered with; a new key renders it afresh
  // with what was sent.
  const [state, formAction, pending] = useActionState<ActionState & { seq: number }, FormData>(
    async (previous, formData) => ({ ...(await action(previous, formData)), seq: previous.seq + 1 }),
    { status: 'idle', seq: 0 },
  );
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  // after an error the form shows what was sent; after a success it starts again from `initial`
  const v = (state.status === 'error' ? state.values : undefined) ?? initial;
  const id = (field: string) => `${idPrefix}-${field}`;
  const described = (field: string, hint?: boolean) => (errors[field] ? id(`${field}-error`) : hint ? id(`${field}-hint`) : undefined);
  const fieldError = (field: string) =>
    errors[field] ? (
      <p id={id(`${field}-error`)} className="mt-1 text-sm text-red-700" data-testid={`${idPrefix}-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <div className="space-y-4">
      {state.status === 'done' && state.message ? (
        <Notice tone="info" testId={`${idPrefix}-done`}>
          {state.message}
        </Notice>
      ) : null}
      {state.status === 'error' && state.message ? (
        <Notice tone="error" testId={`${idPrefix}-error`}>
          {state.message}
        </Notice>
      ) : null}
      <form key={state.seq} action={formAction} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid={testId} aria-describedby={readOnly ? id('view-only') : undefined}>
        {ruleId ? <input type="hidden" name="rule_id" value={ruleId} /> : null}
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <label htmlFor={id('name')} className="block text-sm font-medium text-slate-900">
              Name
            </label>
            <input id={id('name')} name="name" type="text" required maxLength={200} defaultValue={v.name} disabled={readOnly} aria-invalid={errors.name ? true : undefined} aria-describedby={described('name')} className={`mt-1 ${INPUT}`} />
            {fieldError('name')}
          </div>
          <div>
            <label htmlFor={id('kind')} className="block text-sm font-medium text-slate-900">
              Measure
            </label>
            <select id={id('kind')} name="kind" defaultValue={v.kind} disabled={readOnly} aria-invalid={errors.kind ? true : undefined} aria-describedby={described('kind')} className={`mt-1 ${INPUT}`}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
            {fieldError('kind')}
          </div>
          <div>
            <label htmlFor={id('metric')} className="block text-sm font-medium text-slate-900">
              Metric <span className="font-normal text-slate-500">(for one metric)</span>
            </label>
            <select id={id('metric')} name="metric" defaultValue={v.metric} disabled={readOnly} aria-invalid={errors.metric ? true : undefined} aria-describedby={described('metric')} className={`mt-1 ${INPUT}`}>
              <option value="">—</option>
              {metrics.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name} ({m.code})
                </option>
              ))}
            </select>
            {fieldError('metric')}
          </div>
          <div>
            <label htmlFor={id('threshold')} className="block text-sm font-medium text-slate-900">
              Threshold
            </label>
            <input
              id={id('threshold')}
              name="threshold"
              type="text"
              inputMode="decimal"
              required
              placeholder="100"
              defaultValue={v.threshold}
              disabled={readOnly}
              aria-invalid={errors.threshold ? true : undefined}
              aria-describedby={described('threshold', true)}
              className={`mt-1 ${INPUT}`}
            />
            {errors.threshold ? (
              fieldError('threshold')
            ) : (
              <p id={id('threshold-hint')} className="mt-1 text-xs text-slate-500">
                Money in the currency, or units; above 0, up to 6 decimals.
              </p>
            )}
          </div>
          <div>
            <label htmlFor={id('currency')} className="block text-sm font-medium text-slate-900">
              Currency <span className="font-normal text-slate-500">(for money)</span>
            </label>
            <input id={id('currency')} name="currency" type="text" maxLength={3} autoCapitalize="characters" defaultValue={v.currency} disabled={readOnly} aria-invalid={errors.currency ? true : undefined} aria-describedby={described('currency')} className={`mt-1 ${INPUT}`} />
            {fieldError('currency')}
          </div>
          <div>
            <label htmlFor={id('window')} className="block text-sm font-medium text-slate-900">
              Window
            </label>
            <select id={id('window')} name="window" defaultValue={v.window} disabled={readOnly} aria-invalid={errors.window ? true : undefined} aria-describedby={described('window')} className={`mt-1 ${INPUT}`}>
              {WINDOWS.map((w) => (
                <option key={w.value} value={w.value}>
                  {w.label}
                </option>
              ))}
            </select>
            {fieldError('window')}
          </div>
          <div>
            <label htmlFor={id('applies_to')} className="block text-sm font-medium text-slate-900">
              Applies to
            </label>
            <select id={id('applies_to')} name="applies_to" defaultValue={v.applies_to} disabled={readOnly} aria-invalid={errors.applies_to ? true : undefined} aria-describedby={described('applies_to')} className={`mt-1 ${INPUT}`}>
              <option value={EACH_CUSTOMER}>Each customer on their own</option>
              <option value={ALL_CUSTOMERS}>All customers together</option>
              {customers.length > 0 ? (
                <optgroup label="One customer">
                  {customers.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
            {fieldError('applies_to')}
          </div>
          <fieldset className="sm:col-span-2" aria-describedby={described('notify')}>
            <legend className="text-sm font-medium text-slate-900">Notify</legend>
            <div className="mt-2 flex flex-wrap gap-x-5 gap-y-1.5">
              {RECIPIENTS.map((r) => (
                <label key={r.value} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="notify" value={r.value} defaultChecked={v.notify.includes(r.value)} disabled={readOnly} className="size-4 shrink-0 rounded border-slate-300 text-indigo-600" />
                  {r.label}
                </label>
              ))}
            </div>
            {fieldError('notify')}
          </fieldset>
          <div className="sm:col-span-2">
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name="recurring" value="true" defaultChecked={v.recurring} disabled={readOnly} className="size-4 shrink-0 rounded border-slate-300 text-indigo-600" />
              Again in every window (otherwise once per customer)
            </label>
            {fieldError('recurring')}
          </div>
        </div>
        {fieldError('form')}
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={readOnly || pending}
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-slate-300"
          >
            {pending ? pendingLabel : submitLabel}
          </button>
          {ruleId ? (
            <Link href="/admin/alerts" className="text-sm text-slate-600 hover:text-slate-900">
              Cancel
            </Link>
          ) : null}
          {readOnly ? (
            <p id={id('view-only')} className="text-sm text-slate-500">
              View only: your role in this workspace cannot change alert rules.
            </p>
          ) : null}
        </div>
      </form>
    </div>
  );
}
