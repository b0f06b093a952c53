'use server';
// The settings page's form actions: the same domain functions (and zod schemas) as PATCH
// /api/billing/customer and PUT/DELETE /api/billing/budget, answering inline errors per field instead
// of a status code.
import { revalidatePath } from 'next/cache';
import { z, ZodError } from 'zod';
import { getSession } from '@/lib/auth/get-session';
import { removeBudget } from '@/lib/budgets/remove-budget';
import { setBudget } from '@/lib/budgets/set-budget';
import { ownCustomerId, updateOwnBillingDetails } from '@/lib/customers/update-own-billing-details';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { deliverAfterResponse } from '@/lib/notifications/deliver-after-response';
import { workspaceServices } from '@/lib/workspaces/workspace-services';
import { budgetFormValues, type BudgetFormValues } from './budget-form-values';

export type BillingEmailsFormState = {
  status: 'idle' | 'saved' | 'invalid' | 'error';
  /** what the customer typed, kept when it is refused */
  values: string[];
  /** per input: the message for billing_emails.N; `form` for the list as a whole */
  errors: Record<string, string>;
  message?: string;
};

export async function saveBillingEmails(_previous: BillingEmailsFormState, form: FormData): Promise<BillingEmailsFormState> {
  const values = form.getAll('billing_email').map((v) => String(v).trim());
  const session = await getSession();
  if (!session) return { status: 'error', values, errors: {}, message: 'Your session has ended: sign in again.' };
  const emails = values.filter((v) => v !== '');
  try {
    const { database, workspace } = await customerScope(session);
    await updateOwnBillingDetails(database.db, session, { billing_emails: emails }, { now: new Date() });
    // the change is news for the operator's webhooks (customer.updated): sent once the page has its answer
    deliverAfterResponse(database, { workspace, services: workspaceServices(workspace) });
  } catch (error) {
    if (error instanceof ZodError) {
      // billing_emails.N counts the filled-in inputs only: N → the input's position on the form
      const filledPositions = values.flatMap((v, i) => (v === '' ? [] : [i]));
      const errors: Record<string, string> = {};
      for (const detail of zodDetails(error)) {
        const match = /^billing_emails\.(\d+)$/.exec(detail.field ?? '');
        errors[match ? String(filledPositions[Number(match[1])]) : 'form'] = detail.message;
      }
      return { status: 'invalid', values, errors };
    }
    if (error instanceof BillingError) return { status: 'error', values, errors: {}, message: error.message };
    throw error;
  }
  revalidatePath('/billing/settings');
  return { status: 'saved', values: [...emails, ...values.filter((v) => v === '')], errors: {}, message: 'Saved. Billing mail now goes to the addresses above.' };
}

export type BillingDetailsValues = { name: string; address: string; country: string; tax_id: string };

export type BillingDetailsFormState = {
  status: 'idle' | 'saved' | 'invalid' | 'error';
  /** what the form shows: the details as saved (the tax id as stored), or what was typed when refused */
  values: BillingDetailsValues;
  /** per field: name, address, country, tax_id; `form` for the rest */
  errors: Partial<Record<keyof BillingDetailsValues | 'form', string>>;
  message?: string;
};

const detailsField = (field: string | undefined): keyof BillingDetailsFormState['errors'] => {
  const top = (field ?? '').split('.')[0];
  if (top === 'address_lines') return 'address';
  return top === 'name' || top === 'country' || top === 'tax_id' ? top : 'form';
};

/**
 * Saves the name, address, country and tax id the next invoice is made out to: the function PATCH
 * /api/billing/customer calls (updateCustomer underneath, audited and announced as customer.updated).
 */
export async function saveBillingDetails(_previous: BillingDetailsFormState, form: FormData): Promise<BillingDetailsFormState> {
  const values: BillingDetailsValues = {
    name: String(form.get('name') ?? ''),
    address: String(form.get('address') ?? ''),
    country: String(form.get('country') ?? ''),
    tax_id: String(form.get('tax_id') ?? ''),
  };
  const session = await getSession();
  if (!session) return { status: 'error', values, errors: {}, message: 'Your session has ended: sign in again.' };
  // one address line per line of the text box; blank lines are spacing, not lines
  const addressLines = values.address.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  try {
    const { database, workspace } = await customerScope(session);
    const saved = await updateOwnBillingDetails(
      database.db,
      session,
      { name: values.name, address_lines: addressLines, country: values.country === '' ? null : values.country, tax_id: values.tax_id.trim() === '' ? null : values.tax_id },
      { now: new Date() },
    );
    deliverAfterResponse(database, { workspace, services: workspaceServices(workspace) });
    revalidatePath('/billing/settings');
    return {
      status: 'saved',
      values: { name: saved.name, address: saved.addressLines.join('\n'), country: saved.country ?? '', tax_id: saved.taxId ?? '' },
      errors: {},
      message: 'Saved. Your next invoice is made out to these details.',
    };
  } catch (error) {
    if (error instanceof ZodError || (error instanceof BillingError && error.status === 422)) {
      const details = error instanceof ZodError ? zodDetails(error) : error.details;
      const errors: BillingDetailsFormState['errors'] = {};
      for (const detail of details) {
        const key = detailsField(detail.field);
        // an address line's error says which line
        const line = /^address_lines\.(\d+)$/.exec(detail.field ?? '');
        errors[key] ??= line ? `line ${Number(line[1]) + 1} ${detail.message}` : detail.message;
      }
      return { status: 'invalid', values, errors };
    }
    if (error instanceof BillingError) return { status: 'error', values, errors: {}, message: error.message };
    throw error;
  }
}

export type BudgetFormState = {
  status: 'idle' | 'saved' | 'removed' | 'invalid' | 'error';
  /** what the form shows: the budget as saved, or what the customer typed when it is refused */
  values: BudgetFormValues;
  /** per field: amount, notify_at_percent (the percentages as a whole), custom_percent; `form` for the rest */
  errors: Record<string, string>;
  message?: string;
};

// what the form posts, before the budget's own schema (setBudgetSchema) judges the values
const budgetFormSchema = z.object({
  intent: z.enum(['save', 'remove']).catch('save'),
  amount: z.string().trim(),
  percents: z.array(z.coerce.number<string>()),
  custom: z
    .string()
    .trim()
    .regex(/^(\d{1,9}([\s,]+\d{1,9})*)?$/, 'list whole percentages separated by commas, such as "25, 150"')
    .transform((text) => (text === '' ? [] : text.split(/[\s,]+/).map(Number))),
});

/** Sets or removes the signed-in customer's budget: the functions PUT and DELETE /api/billing/budget call. */
export async function saveBudget(_previous: BudgetFormState, form: FormData): Promise<BudgetFormState> {
  const raw = { intent: form.get('intent') ?? 'save', amount: String(form.get('amount') ?? ''), percents: form.getAll('notify_at_percent').map(String), custom: String(form.get('custom_percent') ?? '') };
  const typed: BudgetFormValues = { amount: raw.amount, percents: raw.percents.map(Number).filter(Number.isInteger), custom: raw.custom };
  const session = await getSession();
  if (!session) return { status: 'error', values: typed, errors: {}, message: 'Your session has ended: sign in again.' };
  const parsed = budgetFormSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const detail of zodDetails(parsed.error)) errors[detail.field === 'custom' ? 'custom_percent' : 'form'] = detail.message;
    return { status: 'invalid', values: typed, errors };
  }
  const { intent, amount, percents, custom } = parsed.data;
  try {
    const { database } = await customerScope(session);
    const customerId = await ownCustomerId(database.db, session);
    const actor = { type: 'user' as const, id: session.userId };
    if (intent === 'remove') {
      await removeBudget(database.db, customerId, { actor });
      revalidatePath('/billing/settings');
      return { status: 'removed', values: budgetFormValues(null), errors: {}, message: 'Budget removed. You will get no budget alerts.' };
    }
    // a percentage both ticked and typed counts once
    const notifyAtPercent = [...new Set([...percents, ...custom])];
    const saved = await setBudget(database.db, customerId, { amount, notify_at_percent: notifyAtPercent }, { actor, now: new Date() });
    revalidatePath('/billing/settings');
    return { status: 'saved', values: budgetFormValues(saved), errors: {}, message: 'Saved. We will email you as your spending reaches each percentage.' };
  } catch (error) {
    if (error instanceof ZodError || (error instanceof BillingError && error.status === 422)) {
      const details = error instanceof ZodError ? zodDetails(error) : error.details;
      const errors: Record<string, string> = {};
      for (const detail of details) {
        const field = detail.field ?? '';
        const key = field === 'amount' ? 'amount' : field.startsWith('notify_at_percent') ? 'notify_at_percent' : 'form';
        errors[key] ??= detail.message;
      }
      return { status: 'invalid', values: typed, errors };
    }
    if (error instanceof BillingError) return { status: 'error', values: typed, errors: {}, message: error.message };
    throw error;
  }
}
