'use server';
// The /admin/catalog pages' changes, as Server Actions through the same domain functions as the API
// (`POST /api/admin/billing/metrics`, `POST /api/admin/billing/plans`, `PATCH …/plans/[code]`): the
// same zod schemas, the same charge checks, the same audit entries, in the workspace the switcher
// chose, as the signed-in admin. A viewer is refused here whatever the page shows. Errors come back by
// field path for the forms to show beside their fields, with what was typed.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ZodError } from 'zod';
import { actingAdmin, VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { applyPlanFormIntent, planCreateBody, planFieldErrors, planPatchBody, readPlanForm, type PlanFieldErrors, type PlanFormValues } from '@/lib/catalog/plan-form';
import { updateMetric } from '@/lib/catalog/update-metric';
import { updatePlan } from '@/lib/catalog/update-plan';
import { BillingError, type ErrorDetail } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';

const PAGE = '/admin/catalog';
/** A domain error's problems, each with its field path; anything else is not the form's to show. */
function problemsOf(error: unknown): { message: string; details: ErrorDetail[] } {
  if (error instanceof ZodError) return { message: 'Check the fields marked below.', details: zodDetails(error) };
  if (error instanceof BillingError) return { message: error.details.length ? 'Check the fields marked below.' : error.message, details: error.details };
  throw error;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

// ---- metrics ----

export type MetricFormValues = { code: string; name: string; unit: string; aggregation: string; property: string; dimensions: string; description: string; unit_cost: string; unit_cost_currency: string };

export type MetricFormState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  /** by the form's field name: a dimension's problem (`dimensions.1`) is the dimensions field's */
  fieldErrors?: Record<string, string>;
  values?: MetricFormValues;
  /** bumps with every answer, so the form starts again from `values` (or blank after a success) */
  seq: number;
};

/** The body POST /api/admin/billing/metrics would get: optional fields left empty are left out. */
function metricBody(v: MetricFormValues) {
  const dimensions = v.dimensions
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  return {
    code: v.code,
    name: v.name,
    unit: v.unit,
    aggregation: v.aggregation as 'sum',
    ...(v.property ? { property: v.property } : {}),
    ...(dimensions.length ? { dimensions } : {}),
    ...(v.description.trim() ? { description: v.description } : {}),
    ...(v.unit_cost ? { unit_cost: v.unit_cost } : {}),
    ...(v.unit_cost_currency ? { unit_cost_currency: v.unit_cost_currency } : {}),
  };
}

function readMetricForm(form: FormData): MetricFormValues {
  return {
    code: text(form, 'code').trim(),
    name: text(form, 'name'),
    unit: text(form, 'unit'),
    aggregation: text(form, 'aggregation'),
    property: text(form, 'property').trim(),
    dimensions: text(form, 'dimensions'),
    description: text(form, 'description'),
    unit_cost: text(form, 'unit_cost').trim(),
    unit_cost_currency: text(form, 'unit_cost_currency').trim(),
  };
}

/** The metric form's answer to a refused change: each problem beside its field, what was typed kept. */
function metricFormError(error: unknown, values: MetricFormValues, seq: number): MetricFormState {
  const { message, details } = problemsOf(error);
  const fieldErrors: Record<string, string> = {};
  for (const d of details) fieldErrors[(d.field ?? 'form').split('.')[0]!] ??= d.message;
  return { status: 'error', message, fieldErrors, values, seq };
}

export async function createMetricAction(previous: MetricFormState, form: FormData): Promise<MetricFormState> {
  const seq = previous.seq + 1;
  const admin = await actingAdmin(PAGE);
  if (!admin) return { status: 'error', message: VIEW_ONLY_MESSAGE, seq };
  const values = readMetricForm(form);
  try {
    await createMetric(admin.scope.database.db, metricBody(values), { actor: admin.actor, defaultCurrency: admin.scope.config.defaultCurrency });
  } catch (error) {
    return metricFormError(error, values, seq);
  }
  revalidatePath(PAGE);
  return { status: 'done', message: `Metric ${values.code} created.`, seq };
}

/**
 * The body PATCH /api/admin/billing/metrics/[code] would get from the metric page's form: every field
 * it shows. An empty description or unit cost clears it (and a cleared cost takes no currency); an
 * empty cost currency keeps the metric's own. Unchanged fields write nothing (updateMetric compares).
 */
function metricPatchBody(v: MetricFormValues) {
  return {
    name: v.name,
    unit: v.unit,
    description: v.description.trim() ? v.description : null,
    ...(v.unit_cost ? { unit_cost: v.unit_cost, ...(v.unit_cost_currency ? { unit_cost_currency: v.unit_cost_currency } : {}) } : { unit_cost: null }),
  };
}

export async function updateMetricAction(previous: MetricFormState, form: FormData): Promise<MetricFormState> {
  const seq = previous.seq + 1;
  const values = readMetricForm(form);
  const page = `${PAGE}/metrics/${encodeURIComponent(values.code)}`;
  const admin = await actingAdmin(page);
  if (!admin) return { status: 'error', message: VIEW_ONLY_MESSAGE, seq };
  try {
    await updateMetric(admin.scope.database.db, values.code, metricPatchBody(values), { actor: admin.actor, defaultCurrency: admin.scope.config.defaultCurrency });
  } catch (error) {
    return metricFormError(error, values, seq);
  }
  revalidatePath(page);
  revalidatePath(PAGE);
  return { status: 'done', message: 'Saved.', seq };
}

// ---- plans ----

export type PlanFormState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: PlanFieldErrors;
  /** what the form shows next: what was sent after an error, or after a row button without JavaScript */
  values?: PlanFormValues;
  seq: number;
};

/**
 * The plan form's one action, for a new plan (`mode=create`) and for the next version of one
 * (`mode=edit`, `plan_code`). A row button pressed before JavaScript has loaded posts here with its
 * `intent` (add_tier:0 …): the form comes back changed, nothing validated or written.
 */
export async function savePlanAction(previous: PlanFormState, form: FormData): Promise<PlanFormState> {
  const seq = previous.seq + 1;
  const editing = text(form, 'mode') === 'edit';
  const planCode = text(form, 'plan_code');
  const admin = await actingAdmin(editing ? `${PAGE}/plans/${encodeURIComponent(planCode)}` : `${PAGE}/plans/new`);
  if (!admin) return { status: 'error', message: VIEW_ONLY_MESSAGE, seq };
  const values = readPlanForm(form.entries());
  const intent = text(form, 'intent');
  if (intent) return { status: 'idle', values: applyPlanFormIntent(values, intent), seq };

  const db = admin.scope.database.db;
  let saved: { code: string; version: number };
  try {
    saved = editing ? await updatePlan(db, planCode, planPatchBody(values), admin.actor) : await createPlan(db, planCreateBody(values), admin.actor);
  } catch (error) {
    const { message, details } = problemsOf(error);
    return { status: 'error', message, fieldErrors: planFieldErrors(details), values, seq };
  }
  revalidatePath(PAGE);
  revalidatePath(`${PAGE}/plans/${saved.code}`);
  // to the plan's page, which says what was made
  redirect(`${PAGE}/plans/${encodeURIComponent(saved.code)}?saved=${saved.version}`);
}
