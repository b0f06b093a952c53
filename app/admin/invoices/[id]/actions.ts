'use server';
// The /admin/invoices/[id] page's changes, as Server Actions: the same domain functions as
// `PATCH /api/billing/invoices/[id]` and `POST …/credit-notes` (the same validation, transitions, audit
// entries and notifications), in the workspace the switcher chose, as the signed-in admin. A viewer may
// look but not act: every action refuses them here, whatever the page shows.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { actingAdmin, VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { createCreditNote, createCreditNoteSchema } from '@/lib/invoicing/credit-notes';
import { changeInvoiceStatus, invoiceStatusChangeSchema } from '@/lib/invoicing/invoice-lifecycle';

export type InvoiceActionState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  /** what the credit-note form sent, to fill it in again after an error */
  values?: Record<string, string>;
};

const VIEW_ONLY: InvoiceActionState = { status: 'error', message: VIEW_ONLY_MESSAGE };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

function failure(error: unknown): InvoiceActionState {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of zodDetails(error)) fieldErrors[(detail.field ?? 'form').split('.')[0]!] ??= detail.message;
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors };
  }
  if (error instanceof BillingError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of error.details) if (detail.field) fieldErrors[detail.field.split('.')[0]!] ??= detail.message;
    return { status: 'error', message: error.message, fieldErrors };
  }
  throw error;
}

function refresh(invoiceId: string) {
  revalidatePath(`/admin/invoices/${invoiceId}`);
  revalidatePath('/admin/invoices');
  revalidatePath('/admin');
}

const DONE: Record<string, string> = { open: 'Finalized and numbered.', paid: 'Marked paid.', void: 'Voided.', uncollectible: 'Marked uncollectible.' };

/** Finalize a draft, mark paid (with the bank's reference), void or mark uncollectible. */
export async function changeInvoiceStatusAction(_previous: InvoiceActionState, form: FormData): Promise<InvoiceActionState> {
  const invoiceId = text(form, 'invoice_id');
  const admin = await actingAdmin(`/admin/invoices/${invoiceId}`);
  if (!admin) return VIEW_ONLY;
  const reference = text(form, 'payment_reference');
  try {
    const change = invoiceStatusChangeSchema.parse({ status: text(form, 'status'), ...(reference ? { payment_reference: reference } : {}) });
    await changeInvoiceStatus(admin.scope.database.db, invoiceId, change, { now: new Date(), actor: admin.actor, config: admin.scope.config });
    refresh(invoiceId);
    // the customer's page lists the invoice and acts on it too (its balance changes with the status)
    revalidatePath('/admin/customers/[id]', 'page');
    return { status: 'done', message: DONE[change.status] };
  } catch (error) {
    return { ...failure(error), values: { payment_reference: reference } };
  }
}

/** A credit note on the invoice: its reason, and a net amount (none: everything still creditable). */
export async function createCreditNoteAction(_previous: InvoiceActionState, form: FormData): Promise<InvoiceActionState> {
  const invoiceId = text(form, 'invoice_id');
  const admin = await actingAdmin(`/admin/invoices/${invoiceId}`);
  if (!admin) return VIEW_ONLY;
  const values = { reason: text(form, 'reason'), amount: text(form, 'amount'), description: text(form, 'description') };
  try {
    const input = createCreditNoteSchema.parse({
      reason: values.reason,
      ...(values.amount ? { amount: values.amount } : {}),
      ...(values.description ? { description: values.description } : {}),
    });
    const note = await createCreditNote(admin.scope.database.db, invoiceId, input, { now: new Date(), config: admin.scope.config, actor: admin.actor });
    refresh(invoiceId);
    revalidatePath(`/admin/customers/${note.customer_id}`);
    return { status: 'done', message: `Credit note ${note.number} issued.` };
  } catch (error) {
    return { ...failure(error), values };
  }
}
