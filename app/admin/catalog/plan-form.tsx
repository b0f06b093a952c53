'use client';
// The plan form, for a new plan and for the next version of one: the plan's fields, then each charge
// with the fields its model reads and, for tiered models, its tiers as rows. Rows are added and
// removed at once with JavaScript; before it loads the same buttons post and the Server Action sends
// the form back changed (lib/catalog/plan-form.ts applies the change either way). Saving goes
// through the API's own schema and charge checks; each problem is said beside its field.
import Link from 'next/link';
import { useActionState, useState, type MouseEvent } from 'react';
import { Notice } from '@/components/notice';
import {
  applyPlanFormIntent,
  FORM_ALIGNMENTS,
  FORM_CHARGE_MODELS,
  FORM_INTERVALS,
  isFormChargeModel,
  MODEL_FIELDS,
  type ChargeFormValues,
  type PlanFieldErrors,
  type PlanFormValues,
} from '@/lib/catalog/plan-form';
import { savePlanAction, type PlanFormState } from './actions';

const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-2 aria-invalid:ring-red-600';
const LABEL = 'block text-sm font-medium text-slate-900';
const ROW_BUTTON =
  'rounded-md bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50';

const MODEL_LABELS: Record<(typeof FORM_CHARGE_MODELS)[number], string> = {
  flat: 'Flat fee per period',
  per_unit: 'Per unit',
  graduated: 'Graduated tiers',
  volume: 'Volume tiers',
  package: 'Package (per block of units)',
};

export type MetricOption = { code: string; name: string; unit: string };

type Field = { id: string; errorId: string; errors: string[] | undefined };

function FieldErrors({ field }: { field: Field }) {
  if (!field.errors?.length) return null;
  return (
    <ul id={field.errorId} className="mt-1 space-y-0.5 text-sm break-words text-red-700" data-testid={`${field.id}-error`}>
      {field.errors.map((message, i) => (
        <li key={i}>{message}</li>
      ))}
    </ul>
  );
}

export function PlanForm({ mode, initial, metrics, submitLabel, cancelHref }: { mode: 'create' | 'edit'; initial: PlanFormValues; metrics: MetricOption[]; submitLabel: string; cancelHref: string }) {
  const [state, action, pending] = useActionState<PlanFormState, FormData>(savePlanAction, { status: 'idle', seq: 0 });
  return (
    <div className="space-y-4">
      {state.status === 'error' && state.message ? (
        <Notice tone="error" testId="plan-form-error">
          {state.message}
        </Notice>
      ) : null}
      {/* each answer starts the fields again from what it sent back */}
      <PlanFields key={state.seq} mode={mode} initial={state.values ?? initial} errors={state.fieldErrors ?? {}} metrics={metrics} action={action} pending={pending} submitLabel={submitLabel} cancelHref={cancelHref} />
    </div>
  );
}

function PlanFields({
  mode,
  initial,
  errors,
  metrics,
  action,
  pending,
  submitLabel,
  cancelHref,
}: {
  mode: 'create' | 'edit';
  initial: PlanFormValues;
  errors: PlanFieldErrors;
  metrics: MetricOption[];
  action: (form: FormData) => void;
  pending: boolean;
  submitLabel: string;
  cancelHref: string;
}) {
  const [values, setValues] = useState(initial);
  const field = (path: string): Field => {
    const id = `plan-${path.replace(/\./g, '-')}`;
    return { id, errorId: `${id}-error`, errors: errors[path] };
  };
  const invalid = (f: Field) => ({ id: f.id, 'aria-invalid': f.errors?.length ? true : undefined, 'aria-describedby': f.errors?.length ? f.errorId : undefined });
  const set = (change: Partial<PlanFormValues>) => setValues((v) => ({ ...v, ...change }));
  const setCharge = (index: number, change: Partial<ChargeFormValues>) => setValues((v) => ({ ...v, charges: v.charges.map((c, k) => (k === index ? { ...c, ...change } : c)) }));
  // with JavaScript a row button changes the rows here; without it, it posts its intent
  const rowButton = (intent: string) => ({
    type: 'submit' as const,
    name: 'intent',
    value: intent,
    formNoValidate: true,
    onClick: (event: MouseEvent<HTMLButtonElement>) => {
      event.preventDefault();
      setValues((v) => applyPlanFormIntent(v, intent));
    },
  });
  const top = (name: 'code' | 'name' | 'description' | 'currency' | 'interval_count' | 'trial_days') => field(name);

  return (
    <form action={action} className="space-y-5 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="plan-form" noValidate>
      <input type="hidden" name="mode" value={mode} />
      {mode === 'edit' ? <input type="hidden" name="plan_code" value={values.code} /> : null}
      <FieldErrors field={field('form')} />

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {mode === 'create' ? (
          <div>
            <label htmlFor={top('code').id} className={LABEL}>
              Code
            </label>
            <input {...invalid(top('code'))} name="code" type="text" autoComplete="off" spellCheck={false} placeholder="growth_2027" value={values.code} onChange={(e) => set({ code: e.target.value })} className={`mt-1 font-mono ${INPUT}`} />
            <FieldErrors field={top('code')} />
          </div>
        ) : (
          <input type="hidden" name="code" value={values.code} />
        )}
        <div>
          <label htmlFor={top('name').id} className={LABEL}>
            Name
          </label>
          <input {...invalid(top('name'))} name="name" type="text" maxLength={200} value={values.name} onChange={(e) => set({ name: e.target.value })} className={`mt-1 ${INPUT}`} />
          <FieldErrors field={top('name')} />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={top('description').id} className={LABEL}>
            Description <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input {...invalid(top('description'))} name="description" type="text" maxLength={1000} value={values.description} onChange={(e) => set({ description: e.target.value })} className={`mt-1 ${INPUT}`} />
          <FieldErrors field={top('description')} />
        </div>
        {mode === 'create' ? (
          <div>
            <label htmlFor={top('currency').id} className={LABEL}>
              Currency
            </label>
            <input {...invalid(top('currency'))} name="currency" type="text" maxLength={3} autoCapitalize="characters" value={values.currency} onChange={(e) => set({ currency: e.target.value })} className={`mt-1 ${INPUT}`} />
            <FieldErrors field={top('currency')} />
          </div>
        ) : (
          <div>
            <span className={LABEL}>Currency</span>
            <p className="mt-1 py-1.5 text-sm text-slate-700">{values.currency.toUpperCase()} (a plan keeps its currency; make a new plan for another)</p>
            <FieldErrors field={top('currency')} />
          </div>
        )}
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor={top('interval_count').id} className={LABEL}>
              Every
            </label>
            <input {...invalid(top('interval_count'))} name="interval_count" type="text" inputMode="numeric" value={values.interval_count} onChange={(e) => set({ interval_count: e.target.value })} className={`mt-1 ${INPUT}`} />
            <FieldErrors field={top('interval_count')} />
          </div>
          <div>
            <label htmlFor={field('interval').id} className={LABEL}>
              Interval
            </label>
            <select {...invalid(field('interval'))} name="interval" value={values.interval} onChange={(e) => set({ interval: e.target.value })} className={`mt-1 ${INPUT}`}>
              {FORM_INTERVALS.map((interval) => (
                <option key={interval} value={interval}>
                  {interval}
                </option>
              ))}
            </select>
            <FieldErrors field={field('interval')} />
          </div>
        </div>
        <div>
          <label htmlFor={top('trial_days').id} className={LABEL}>
            Trial days
          </label>
          <input {...invalid(top('trial_days'))} name="trial_days" type="text" inputMode="numeric" value={values.trial_days} onChange={(e) => set({ trial_days: e.target.value })} className={`mt-1 ${INPUT}`} />
          <FieldErrors field={top('trial_days')} />
        </div>
        <div>
          <label htmlFor={field('billing_alignment').id} className={LABEL}>
            Periods start
          </label>
          <select {...invalid(field('billing_alignment'))} name="billing_alignment" value={values.billing_alignment} onChange={(e) => set({ billing_alignment: e.target.value })} className={`mt-1 ${INPUT}`}>
            {FORM_ALIGNMENTS.map((alignment) => (
              <option key={alignment} value={alignment}>
                {alignment === 'anniversary' ? 'On the subscription’s anniversary' : 'On the calendar (1st of the month, Monday…), first period prorated'}
              </option>
            ))}
          </select>
          <FieldErrors field={field('billing_alignment')} />
        </div>
        <div className="sm:col-span-2">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="pay_in_advance" value="true" checked={values.pay_in_advance} onChange={(e) => set({ pay_in_advance: e.target.checked })} className="size-4 shrink-0 rounded border-slate-300 text-indigo-600" />
            Pay in advance: flat fees are invoiced when each period starts (usage still when it ends)
          </label>
          <FieldErrors field={field('pay_in_advance')} />
        </div>
      </div>

      <div className="space-y-4">
        <h3 className="text-sm font-semibold text-slate-900">Charges</h3>
        <FieldErrors field={field('charges')} />
        {values.charges.map((charge, i) => (
          <ChargeFields key={i} index={i} charge={charge} count={values.charges.length} metrics={metrics} field={field} invalid={invalid} setCharge={(change) => setCharge(i, change)} rowButton={rowButton} />
        ))}
        <button {...rowButton('add_charge')} className={ROW_BUTTON} data-testid="add-charge" disabled={values.charges.length >= 50}>
          Add a charge
        </button>
      </div>

      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
        <button
          type="submit"
          disabled={pending}
          data-testid="plan-save"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {pending ? 'Saving…' : submitLabel}
        </button>
        <Link href={cancelHref} className="text-sm text-slate-600 hover:text-slate-900">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function ChargeFields({
  index: i,
  charge,
  count,
  metrics,
  field,
  invalid,
  setCharge,
  rowButton,
}: {
  index: number;
  charge: ChargeFormValues;
  count: number;
  metrics: MetricOption[];
  field: (path: string) => Field;
  invalid: (f: Field) => Record<string, unknown>;
  setCharge: (change: Partial<ChargeFormValues>) => void;
  rowButton: (intent: string) => Record<string, unknown>;
}) {
  const at = (name: string) => field(`charges.${i}.${name}`);
  const shows = isFormChargeModel(charge.model) ? MODEL_FIELDS[charge.model] : MODEL_FIELDS.per_unit;
  const unit = metrics.find((m) => m.code === charge.metric)?.unit;
  const input = (name: 'description' | 'amount' | 'unit_price' | 'package_size' | 'included_units' | 'filters', label: string, extra: { placeholder?: string; decimal?: boolean; hint?: string } = {}) => {
    const f = at(name);
    return (
      <div>
        <label htmlFor={f.id} className={LABEL}>
          {label}
        </label>
        <input
          {...invalid(f)}
          name={`charges.${i}.${name}`}
          type="text"
          inputMode={extra.decimal ? 'decimal' : undefined}
          placeholder={extra.placeholder}
          value={charge[name]}
          onChange={(e) => setCharge({ [name]: e.target.value })}
          className={`mt-1 ${INPUT}`}
        />
        {extra.hint && !f.errors?.length ? <p className="mt-1 text-xs text-slate-500">{extra.hint}</p> : null}
        <FieldErrors field={f} />
      </div>
    );
  };
  const chargeErrors = field(`charges.${i}`);

  return (
    <fieldset className="min-w-0 rounded-lg border border-slate-200 p-3 sm:p-4" data-testid="charge" aria-describedby={chargeErrors.errors?.length ? chargeErrors.errorId : undefined}>
      <legend className="px-1 text-sm font-medium text-slate-900">Charge {i + 1}</legend>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={at('model').id} className={LABEL}>
            Pricing model
          </label>
          <select {...invalid(at('model'))} name={`charges.${i}.model`} value={charge.model} onChange={(e) => setCharge({ model: e.target.value })} className={`mt-1 ${INPUT}`}>
            {FORM_CHARGE_MODELS.map((model) => (
              <option key={model} value={model}>
                {MODEL_LABELS[model]}
              </option>
            ))}
          </select>
          <FieldErrors field={at('model')} />
        </div>
        {shows.metric ? (
          <div>
            <label htmlFor={at('metric').id} className={LABEL}>
              Metric
            </label>
            <select {...invalid(at('metric'))} name={`charges.${i}.metric`} value={charge.metric} onChange={(e) => setCharge({ metric: e.target.value })} className={`mt-1 ${INPUT}`}>
              <option value="">Choose a metric</option>
              {metrics.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name} ({m.code})
                </option>
              ))}
            </select>
            <FieldErrors field={at('metric')} />
          </div>
        ) : null}
        {input('description', 'Description on the invoice (optional)', { placeholder: shows.metric ? 'API calls' : 'Platform fee' })}
        {shows.amount ? input('amount', charge.model === 'package' ? 'Price per package' : 'Amount per period', { decimal: true, placeholder: '49.00' }) : null}
        {shows.unit_price ? input('unit_price', `Price per ${unit ?? 'unit'}`, { decimal: true, placeholder: '0.002' }) : null}
        {shows.package_size ? input('package_size', `Units per package`, { decimal: true, placeholder: '1000' }) : null}
        {shows.included_units ? input('included_units', 'Included units (optional)', { decimal: true, placeholder: '0', hint: 'An allowance each period; only usage above it is priced.' }) : null}
        {shows.metric ? input('filters', 'Filters (optional)', { placeholder: 'tier=pro', hint: 'Count only events whose dimensions match: dimension=value, separated by commas.' }) : null}
      </div>

      {shows.tiers ? (
        <div className="mt-4">
          <h4 className="text-sm font-medium text-slate-900">Tiers</h4>
          <p className="mt-0.5 text-xs text-slate-500">
            {charge.model === 'graduated' ? 'Each tier prices the units that fall inside it.' : 'Every unit is priced at the tier the period’s total reaches.'} “Up to” is inclusive and rises tier by tier; leave it empty on the last tier, which has no end. A tier’s flat fee is added once it is reached.
          </p>
          <div className="mt-2 space-y-2" data-testid="tiers">
            <div aria-hidden className="grid grid-cols-[repeat(3,minmax(0,1fr))_4.5rem] gap-2 text-xs font-medium text-slate-500">
              <span>Up to</span>
              <span>Unit price</span>
              <span>Flat fee</span>
              <span />
            </div>
            {charge.tiers.map((tier, j) => {
              const cell = (name: 'up_to' | 'unit_price' | 'flat_amount', label: string, placeholder: string) => {
                const f = field(`charges.${i}.tiers.${j}.${name}`);
                return (
                  <div className="min-w-0">
                    <input
                      {...invalid(f)}
                      aria-label={`Tier ${j + 1}: ${label}`}
                      name={`charges.${i}.tiers.${j}.${name}`}
                      type="text"
                      inputMode="decimal"
                      placeholder={placeholder}
                      value={tier[name]}
                      onChange={(e) => setCharge({ tiers: charge.tiers.map((t, k) => (k === j ? { ...t, [name]: e.target.value } : t)) })}
                      className={INPUT}
                    />
                    <FieldErrors field={f} />
                  </div>
                );
              };
              const last = j === charge.tiers.length - 1;
              return (
                <div key={j} className="grid grid-cols-[repeat(3,minmax(0,1fr))_4.5rem] items-start gap-2" data-testid="tier-row">
                  {cell('up_to', 'up to', last ? 'no end' : '1000')}
                  {cell('unit_price', 'unit price', '0.01')}
                  {cell('flat_amount', 'flat fee', '0')}
                  <button {...rowButton(`remove_tier:${i}:${j}`)} className={ROW_BUTTON} disabled={charge.tiers.length <= 1} aria-label={`Remove tier ${j + 1} of charge ${i + 1}`}>
                    Remove
                  </button>
                </div>
              );
            })}
          </div>
          <button {...rowButton(`add_tier:${i}`)} className={`mt-2 ${ROW_BUTTON}`} disabled={charge.tiers.length >= 20} data-testid="add-tier">
            Add a tier
          </button>
        </div>
      ) : null}

      <FieldErrors field={chargeErrors} />
      <div className="mt-3">
        <button {...rowButton(`remove_charge:${i}`)} className={ROW_BUTTON} disabled={count <= 1} aria-label={`Remove charge ${i + 1}`}>
          Remove charge
        </button>
      </div>
    </fieldset>
  );
}
