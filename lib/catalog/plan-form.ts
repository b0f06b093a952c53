// The admin catalog's plan form as data: what its fields hold (strings, as typed), how a submitted
// form reads back into them, the body the API would get from them, and the row changes (add or remove
// a charge or a tier). Pure and free of server imports, so the page's client component and its Server
// Action share it: with JavaScript a row button changes the form at once, without it the button posts
// and the action applies the same change. Field names are the body's paths (`charges.0.tiers.1.up_to`),
// so an error's path from zod or from the charge checks names the field it belongs beside.
import type { ChargeView, PlanView } from './plan-view';
import type { AGGREGATIONS, BILLING_ALIGNMENTS, CHARGE_MODELS, PLAN_INTERVALS } from '@/lib/db/schema';
import type { PlanInput, PlanPatch } from './catalog-schemas';

// the schema's lists, spelled out so that a client component need not load the database schema;
// `satisfies` fails the build if one of these names something the schema does not have
export const FORM_CHARGE_MODELS = ['flat', 'per_unit', 'graduated', 'volume', 'package'] as const satisfies readonly (typeof CHARGE_MODELS)[number][];
export const FORM_INTERVALS = ['day', 'week', 'month', 'quarter', 'year'] as const satisfies readonly (typeof PLAN_INTERVALS)[number][];
export const FORM_ALIGNMENTS = ['anniversary', 'calendar'] as const satisfies readonly (typeof BILLING_ALIGNMENTS)[number][];
export const FORM_AGGREGATIONS = ['sum', 'count', 'max', 'unique_count', 'latest'] as const satisfies readonly (typeof AGGREGATIONS)[number][];
export type FormChargeModel = (typeof FORM_CHARGE_MODELS)[number];

export type TierFormValues = { up_to: string; unit_price: string; flat_amount: string };

export type ChargeFormValues = {
  model: string;
  metric: string;
  description: string;
  amount: string;
  unit_price: string;
  package_size: string;
  included_units: string;
  tiers: TierFormValues[];
  /** "dimension=value, other=value": the events this charge counts */
  filters: string;
};

export type PlanFormValues = {
  code: string;
  name: string;
  description: string;
  currency: string;
  interval: string;
  interval_count: string;
  trial_days: string;
  billing_alignment: string;
  pay_in_advance: boolean;
  charges: ChargeFormValues[];
};

/** Which of a charge's fields its model reads (the others are kept in the form, not sent). */
export const MODEL_FIELDS: Record<FormChargeModel, { metric: boolean; amount: boolean; unit_price: boolean; package_size: boolean; included_units: boolean; tiers: boolean }> = {
  flat: { metric: false, amount: true, unit_price: false, package_size: false, included_units: false, tiers: false },
  per_unit: { metric: true, amount: false, unit_price: true, package_size: false, included_units: true, tiers: false },
  graduated: { metric: true, amount: false, unit_price: false, package_size: false, included_units: true, tiers: true },
  volume: { metric: true, amount: false, unit_price: false, package_size: false, included_units: true, tiers: true },
  package: { metric: true, amount: true, unit_price: false, package_size: true, included_units: true, tiers: false },
};

export const isFormChargeModel = (model: string): model is FormChargeModel => (FORM_CHARGE_MODELS as readonly string[]).includes(model);

export const blankTier = (): TierFormValues => ({ up_to: '', unit_price: '', flat_amount: '' });

/** A new charge: flat when the plan has none yet (the base fee), else a metered one with two tiers to fill in. */
export function blankCharge(model: FormChargeModel = 'flat'): ChargeFormValues {
  return { model, metric: '', description: '', amount: '', unit_price: '', package_size: '', included_units: '', tiers: [blankTier(), blankTier()], filters: '' };
}

export function blankPlanForm(currency: string): PlanFormValues {
  return {
    code: '',
    name: '',
    description: '',
    currency: currency.toUpperCase(),
    interval: 'month',
    interval_count: '1',
    trial_days: '0',
    billing_alignment: 'anniversary',
    pay_in_advance: false,
    charges: [blankCharge('flat')],
  };
}

function chargeValues(c: ChargeView): ChargeFormValues {
  return {
    model: c.model,
    metric: c.metric ?? '',
    description: c.description,
    amount: c.amount ?? '',
    unit_price: c.unit_price ?? '',
    package_size: c.package_size ?? '',
    included_units: c.included_units ?? '',
    tiers: c.tiers?.map((t) => ({ up_to: t.up_to ?? '', unit_price: t.unit_price, flat_amount: t.flat_amount ?? '' })) ?? [blankTier(), blankTier()],
    filters: Object.entries(c.filters ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(', '),
  };
}

/** A plan version as the form shows it, to change it into the next version. */
export function planFormValuesOf(plan: PlanView): PlanFormValues {
  return {
    code: plan.code,
    name: plan.name,
    description: plan.description ?? '',
    currency: plan.currency.toUpperCase(),
    interval: plan.interval,
    interval_count: String(plan.interval_count),
    trial_days: String(plan.trial_days),
    billing_alignment: plan.billing_alignment,
    pay_in_advance: plan.pay_in_advance,
    charges: plan.charges.map(chargeValues),
  };
}

const CHARGE_FIELD = /^charges\.(\d+)\.(model|metric|description|amount|unit_price|package_size|included_units|filters)$/;
const TIER_FIELD = /^charges\.(\d+)\.tiers\.(\d+)\.(up_to|unit_price|flat_amount)$/;
type Entries = Iterable<[string, FormDataEntryValue]>;

/**
 * A submitted form back into its values. Rows keep the order they were numbered in; gaps (a row
 * removed in the page) close up, so the body's indexes and the re-shown form's rows agree.
 */
export function readPlanForm(entries: Entries): PlanFormValues {
  const top = new Map<string, string>();
  const charges = new Map<number, Partial<ChargeFormValues> & { tierMap: Map<number, Partial<TierFormValues>> }>();
  const chargeAt = (index: number) => {
    let charge = charges.get(index);
    if (!charge) charges.set(index, (charge = { tierMap: new Map() }));
    return charge;
  };
  let payInAdvance = false;
  for (const [name, raw] of entries) {
    if (typeof raw !== 'string') continue;
    const tier = TIER_FIELD.exec(name);
    if (tier) {
      const tiers = chargeAt(Number(tier[1])).tierMap;
      const index = Number(tier[2]);
      tiers.set(index, { ...tiers.get(index), [tier[3]!]: raw });
      continue;
    }
    const charge = CHARGE_FIELD.exec(name);
    if (charge) {
      (chargeAt(Number(charge[1])) as Record<string, unknown>)[charge[2]!] = raw;
      continue;
    }
    if (name === 'pay_in_advance') payInAdvance = raw === 'true';
    else top.set(name, raw);
  }
  const text = (value: string | undefined) => value ?? '';
  return {
    code: text(top.get('code')).trim(),
    name: text(top.get('name')),
    description: text(top.get('description')),
    currency: text(top.get('currency')).trim(),
    interval: text(top.get('interval')),
    interval_count: text(top.get('interval_count')).trim(),
    trial_days: text(top.get('trial_days')).trim(),
    billing_alignment: text(top.get('billing_alignment')),
    pay_in_advance: payInAdvance,
    charges: [...charges.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, c]) => ({
        model: text(c.model),
        metric: text(c.metric),
        description: text(c.description),
        amount: text(c.amount).trim(),
        unit_price: text(c.unit_price).trim(),
        package_size: text(c.package_size).trim(),
        included_units: text(c.included_units).trim(),
        filters: text(c.filters),
        // a charge of an untiered model shows no tier rows, so posts none: switched to a tiered model
        // (before JavaScript), it comes back with blank rows to fill in, as a new charge does
        tiers: c.tierMap.size
          ? [...c.tierMap.entries()].sort(([a], [b]) => a - b).map(([, t]) => ({ up_to: text(t.up_to).trim(), unit_price: text(t.unit_price).trim(), flat_amount: text(t.flat_amount).trim() }))
          : blankCharge().tiers,
      })),
  };
}

/** A number field as typed: left out when empty (the schema's default applies), NaN when not a number (the schema refuses it). */
const optionalNumber = (value: string) => (value === '' ? undefined : Number(value));

/** "tier=pro, region=eu" → {tier: 'pro', region: 'eu'}; an entry without "=" is kept whole as a key, which the checks refuse by name. */
function filtersOf(text: string): Record<string, string> | undefined {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at === -1 ? [part, ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/**
 * One charge as the API takes it. The form keeps every field of every model; only those the chosen
 * model reads are sent, as a client showing only them would. A field the model needs is sent as typed
 * even when empty, so the schema names it; an optional one left empty is left out.
 */
function chargeBody(c: ChargeFormValues) {
  const fields = isFormChargeModel(c.model) ? MODEL_FIELDS[c.model] : MODEL_FIELDS.per_unit;
  const filters = fields.metric ? filtersOf(c.filters) : undefined;
  return {
    metric: fields.metric ? c.metric || null : null,
    model: c.model as FormChargeModel,
    ...(c.description.trim() ? { description: c.description } : {}),
    ...(fields.amount ? { amount: c.amount } : {}),
    ...(fields.unit_price ? { unit_price: c.unit_price } : {}),
    ...(fields.package_size ? { package_size: c.package_size } : {}),
    ...(fields.included_units && c.included_units !== '' ? { included_units: c.included_units } : {}),
    ...(fields.tiers
      ? {
          // an empty "up to" is the open-ended tier (the API's null); only the last may be one
          tiers: c.tiers.map((t) => ({ up_to: t.up_to === '' ? null : t.up_to, unit_price: t.unit_price, ...(t.flat_amount === '' ? {} : { flat_amount: t.flat_amount }) })),
        }
      : {}),
    ...(filters ? { filters } : {}),
  };
}

/** The body POST /api/admin/billing/plans would get from this form. */
export function planCreateBody(v: PlanFormValues): PlanInput {
  return {
    code: v.code,
    name: v.name,
    ...(v.description.trim() ? { description: v.description } : {}),
    currency: v.currency,
    interval: v.interval as PlanInput['interval'],
    interval_count: optionalNumber(v.interval_count),
    trial_days: optionalNumber(v.trial_days),
    billing_alignment: v.billing_alignment as PlanInput['billing_alignment'],
    pay_in_advance: v.pay_in_advance,
    charges: v.charges.map(chargeBody),
  };
}

/**
 * The body PATCH /api/admin/billing/plans/[code] would get: every field but the code (the URL's) and
 * the currency (a plan keeps its own), the charges replacing the current version's. An emptied
 * description clears it.
 */
export function planPatchBody(v: PlanFormValues): PlanPatch {
  return {
    name: v.name,
    description: v.description.trim() ? v.description : null,
    interval: v.interval as PlanPatch['interval'],
    interval_count: optionalNumber(v.interval_count),
    trial_days: optionalNumber(v.trial_days),
    billing_alignment: v.billing_alignment as PlanPatch['billing_alignment'],
    pay_in_advance: v.pay_in_advance,
    charges: v.charges.map(chargeBody),
  };
}

/**
 * A row button's change: `add_charge`, `remove_charge:1`, `add_tier:0`, `remove_tier:0:2`. An
 * unknown or out-of-range intent changes nothing. A plan keeps at least one charge row and a tiered
 * charge at least one tier row (the schema would refuse none anyway).
 */
export function applyPlanFormIntent(v: PlanFormValues, intent: string): PlanFormValues {
  const [verb, a, b] = intent.split(':');
  const i = Number(a);
  const j = Number(b);
  const withCharge = (index: number, change: (c: ChargeFormValues) => ChargeFormValues) => ({ ...v, charges: v.charges.map((c, k) => (k === index ? change(c) : c)) });
  switch (verb) {
    case 'add_charge':
      return v.charges.length >= 50 ? v : { ...v, charges: [...v.charges, blankCharge(v.charges.some((c) => c.model === 'flat') ? 'per_unit' : 'flat')] };
    case 'remove_charge':
      return v.charges.length <= 1 || !v.charges[i] ? v : { ...v, charges: v.charges.filter((_, k) => k !== i) };
    case 'add_tier':
      return !v.charges[i] || v.charges[i].tiers.length >= 20 ? v : withCharge(i, (c) => ({ ...c, tiers: [...c.tiers, blankTier()] }));
    case 'remove_tier':
      return !v.charges[i] || v.charges[i].tiers.length <= 1 || !v.charges[i].tiers[j] ? v : withCharge(i, (c) => ({ ...c, tiers: c.tiers.filter((_, k) => k !== j) }));
    default:
      return v;
  }
}

/** Errors by field path, several per field possible (a charge's tier problems are listed under the charge). */
export type PlanFieldErrors = Record<string, string[]>;

const TOP_FIELDS = new Set(['code', 'name', 'description', 'currency', 'interval', 'interval_count', 'trial_days', 'billing_alignment', 'pay_in_advance', 'charges']);

/**
 * The form field a problem's path belongs beside: the field itself (`charges.0.tiers.1.unit_price`),
 * a filter's key under the charge's filters box, the tier list's length under the charge, and
 * anything else under the form as a whole.
 */
export function planFormField(path: string | undefined): string {
  if (!path) return 'form';
  if (TOP_FIELDS.has(path)) return path;
  const tier = /^(charges\.\d+\.tiers\.\d+)(?:\.(up_to|unit_price|flat_amount))?/.exec(path);
  if (tier) return tier[2] ? `${tier[1]}.${tier[2]}` : tier[1]!.replace(/\.tiers\.\d+$/, '');
  const charge = /^(charges\.\d+)(?:\.(\w+))?/.exec(path);
  if (charge) {
    const field = charge[2];
    if (field === undefined || field === 'tiers') return charge[1]!;
    return CHARGE_FIELD.test(`${charge[1]}.${field}`) ? `${charge[1]}.${field}` : charge[1]!;
  }
  return 'form';
}

/** Problems (from zod or the charge checks) by the form field they belong to. */
export function planFieldErrors(details: { field?: string; message: string }[]): PlanFieldErrors {
  const errors: PlanFieldErrors = {};
  for (const { field, message } of details) (errors[planFormField(field)] ??= []).push(message);
  return errors;
}
