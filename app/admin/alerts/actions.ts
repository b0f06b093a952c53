'use server';
// The /admin/alerts page's changes, as Server Actions: each works in the workspace the header's
// switcher chose, as the signed-in user, through the same domain functions (and so the same zod
// schemas and audit entries) as the API routes. A viewer may look but not act: every action refuses
// them here, whatever the page shows. Errors come back as state for the form to show inline.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ZodError } from 'zod';
import { actingAdmin, VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { METRIC_KINDS, MONEY_KINDS, type AlertRecipient, type AlertRuleKind, type AlertWindow } from '@/lib/alerts/alert-rule-schemas';
import { createAlertRule } from '@/lib/alerts/create-alert-rule';
import { deleteAlertRule } from '@/lib/alerts/delete-alert-rule';
import { updateAlertRule } from '@/lib/alerts/update-alert-rule';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { ALL_CUSTOMERS, EACH_CUSTOMER } from './applies-to';

const PAGE = '/admin/alerts';

/** What the rule form sent, to fill it in again after an error (React resets a form after its action). */
export type RuleFormValues = {
  name: string;
  kind: string;
  metric: string;
  window: string;
  threshold: string;
  currency: string;
  applies_to: string;
  notify: string[];
  recurring: boolean;
};

/** What a form shows after its action: a message, and each field in error under the form's own name for it. */
export type ActionState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: RuleFormValues;
};

const VIEW_ONLY: ActionState = { status: 'error', message: VIEW_ONLY_MESSAGE };

// the form shows whom a rule applies to in one menu: customer_id and aggregate are both that menu
const FORM_FIELD: Record<string, string> = { customer_id: 'applies_to', aggregate: 'applies_to' };
const formField = (field: string) => {
  const top = field.split('.')[0]!;
  return FORM_FIELD[top] ?? top;
};

/** A domain error as the form shows it: the message, and each detail under its field. */
function failure(error: unknown): ActionState {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of zodDetails(error)) fieldErrors[formField(detail.field ?? 'form')] ??= detail.message;
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors };
  }
  if (error instanceof BillingError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of error.details) if (detail.field) fieldErrors[formField(detail.field)] ??= detail.message;
    return { status: 'error', message: error.details.length > 0 ? 'Check the fields marked below.' : error.message, fieldErrors };
  }
  throw error;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

function formValues(form: FormData): RuleFormValues {
  return {
    name: text(form, 'name'),
    kind: text(form, 'kind'),
    metric: text(form, 'metric'),
    window: text(form, 'window'),
    threshold: text(form, 'threshold').trim(),
    currency: text(form, 'currency').trim(),
    applies_to: text(form, 'applies_to') || EACH_CUSTOMER,
    notify: form.getAll('notify').filter((n): n is string => typeof n === 'string'),
    recurring: Boolean(form.get('recurring')),
  };
}

/**
 * The body the API would get from this form. The form keeps every field on screen, so the ones the
 * chosen kind does not use (a metric for usage_amount, a currency for metric_units) are not sent, as
 * a client hiding them would not; everything else goes to the schema as typed.
 */
function ruleBody(v: RuleFormValues) {
  const kind = v.kind as AlertRuleKind;
  return {
    name: v.name,
    kind,
    metric: METRIC_KINDS.includes(kind) ? v.metric || null : null,
    window: v.window as AlertWindow,
    threshold: v.threshold,
    currency: MONEY_KINDS.includes(kind) ? v.currency || null : null,
    customer_id: v.applies_to === EACH_CUSTOMER || v.applies_to === ALL_CUSTOMERS ? null : v.applies_to,
    aggregate: v.applies_to === ALL_CUSTOMERS,
    recurring: v.recurring,
    notify: v.notify as AlertRecipient[],
  };
}

export async function createAlertRuleAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  const values = formValues(form);
  try {
    await createAlertRule(admin.scope.database.db, ruleBody(values), { actor: admin.actor });
  } catch (error) {
    return { ...failure(error), values };
  }
  revalidatePath(PAGE);
  return { status: 'done', message: `Rule “${values.name.trim()}” created.` };
}

export async function updateAlertRuleAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  const values = formValues(form);
  try {
    await updateAlertRule(admin.scope.database.db, text(form, 'rule_id'), ruleBody(values), { actor: admin.actor });
  } catch (error) {
    return { ...failure(error), values };
  }
  revalidatePath(PAGE);
  // back to the list, where the changed rule is shown
  redirect(PAGE);
}

export async function setAlertRuleEnabledAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  const enabled = text(form, 'enabled') === 'true';
  try {
    await updateAlertRule(admin.scope.database.db, text(form, 'rule_id'), { enabled }, { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: enabled ? 'Enabled.' : 'Disabled.' };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteAlertRuleAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  try {
    await deleteAlertRule(admin.scope.database.db, text(form, 'rule_id'), { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: 'Rule deleted.' };
  } catch (error) {
    return failure(error);
  }
}
