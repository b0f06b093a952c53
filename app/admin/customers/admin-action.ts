import 'server-only';
// What every customer Server Action shares besides who acts (actingAdmin, as every admin action asks):
// the viewer's refusal, how a refusal becomes the form's answer, and which pages show the change afterwards.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';

export type CustomerActionState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** the invoice a one-time invoice became, to link to */
  invoiceId?: string;
};

export const VIEW_ONLY: CustomerActionState = { status: 'error', message: VIEW_ONLY_MESSAGE };

export const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

/** The last part of a schema path names the form's field (a one-time invoice's line is `items.0.<field>`). */
const lastPart = (path: string) => path.split('.').at(-1)!;

/**
 * A refusal as the form's answer: zod's and the domain's, each detail beside the field it names.
 * Anything else is a fault, not a refusal, and reaches the error page.
 */
export function failure(error: unknown, zodFields?: (error: ZodError) => Record<string, string>, fieldOf: (path: string) => string = lastPart): CustomerActionState {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = zodFields ? zodFields(error) : {};
    if (!zodFields) for (const detail of zodDetails(error)) fieldErrors[fieldOf(detail.field ?? 'form')] ??= detail.message;
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors };
  }
  if (error instanceof BillingError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of error.details) if (detail.field) fieldErrors[fieldOf(detail.field)] ??= detail.message;
    return { status: 'error', message: error.message, fieldErrors };
  }
  throw error;
}

export function refreshCustomer(customerId: string) {
  revalidatePath(`/admin/customers/${customerId}`);
  revalidatePath('/admin/customers');
  revalidatePath('/admin/invoices');
  revalidatePath('/admin');
}

/**
 * The customer form's refusal beside each field: a schema's path is the field's name, and an item of
 * a list (an address line, a billing email) is named by its line.
 */
export function customerFieldErrors(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const detail of zodDetails(error)) {
    const [field = 'form', index] = (detail.field ?? 'form').split('.');
    errors[field] ??= index === undefined ? detail.message : `line ${Number(index) + 1} ${detail.message}`;
  }
  return errors;
}
