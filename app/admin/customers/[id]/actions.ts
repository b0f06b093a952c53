'use server';
// The /admin/customers/[id] page's changes, as Server Actions through the same domain functions as the
// API (`POST /api/billing/process-monthly`, `PATCH /api/admin/billing/customers/[id]`, `POST
// /api/billing/invoices`): the same validation, audit entries and notifications, in the workspace the
// switcher chose, as the signed-in admin. Viewers are refused here whatever the page shows.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { updateCustomer } from '@/lib/customers/update-customer';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { createOneTimeInvoice, oneTimeInvoiceSchema } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { mayWrite } from '@/lib/workspaces/session-workspaces';

export type CustomerActionState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** the invoice a one-time invoice became, to link to */
  invoiceId?: string;
};

const VIEW_ONLY: CustomerActionState = { status: 'error', message: 'Your role in this workspace (viewer) may look but not change anything.' };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

async function actingAdmin(customerId: string) {
  const scope = await requireAdminWorkspace(`/admin/customers/${customerId}`);
  if (!mayWrite(scope.role)) return null;
  const actor: Actor = { type: 'user', id: scope.session.userId };
  return { scope, actor };
}

function failure(error: unknown): CustomerActionState {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    // a one-time invoice's single line is `items.0.<field>` in the schema: the form names the field
    for (const detail of zodDetails(error)) fieldErrors[(detail.field ?? 'form').split('.').at(-1)!] ??= detail.message;
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors };
  }
  if (error instanceof BillingError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of error.details) if (detail.field) fieldErrors[detail.field.split('.').at(-1)!] ??= detail.message;
    return { status: 'error', message: error.message, fieldErrors };
  }
  throw error;
}

function refresh(customerId: string) {
  revalidatePath(`/admin/customers/${customerId}`);
  revalidatePath('/admin/customers');
  revalidatePath('/admin/invoices');
  revalidatePath('/admin');
}

/** Bill every period of the customer that has ended, now; a second click bills nothing twice. */
export async function billNowAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(customerId);
  if (!admin) return VIEW_ONLY;
  const { scope, actor } = admin;
  const run = await runBilling(scope.database, { now: new Date(), config: scope.config, actor, trigger: 'manual', customerId });
  refresh(customerId);
  if (run.failed > 0) return { status: 'error', message: `Billing failed: ${run.errors.map((e) => e.message).join('; ')}` };
  return { status: 'done', message: run.invoiced === 0 ? 'Nothing to bill: no period of this customer has ended unbilled.' : `${run.invoiced} ${run.invoiced === 1 ? 'invoice' : 'invoices'} issued.` };
}

/** Suspend (nothing more is billed to a suspended account's Stripe card) or reactivate. */
export async function setCustomerStatusAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(customerId);
  if (!admin) return VIEW_ONLY;
  const status = text(form, 'status');
  try {
    await updateCustomer(admin.scope.database.db, customerId, { status: status as 'active' | 'suspended' }, { actor: admin.actor, now: new Date() });
    refresh(customerId);
    return { status: 'done', message: status === 'suspended' ? 'Customer suspended.' : 'Customer reactivated.' };
  } catch (error) {
    return failure(error);
  }
}

/** A one-time invoice of one line, finalized and numbered at once (the API takes several lines). */
export async function oneTimeInvoiceAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(customerId);
  if (!admin) return VIEW_ONLY;
  const values = { description: text(form, 'description'), quantity: text(form, 'quantity'), unit_price: text(form, 'unit_price'), due_days: text(form, 'due_days') };
  try {
    const input = oneTimeInvoiceSchema.parse({
      customer_id: customerId,
      items: [{ description: values.description, quantity: values.quantity, unit_price: values.unit_price }],
      finalize: true,
      // a typed "abc" becomes NaN, which the schema refuses on due_days
      ...(values.due_days === '' ? {} : { due_days: Number(values.due_days) }),
    });
    const invoice = await createOneTimeInvoice(admin.scope.database.db, input, { now: new Date(), config: admin.scope.config, actor: admin.actor });
    refresh(customerId);
    return { status: 'done', message: `Invoice ${invoice.number} issued.`, invoiceId: invoice.id };
  } catch (error) {
    return { ...failure(error), values };
  }
}
