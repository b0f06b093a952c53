// The admin's customer form (/admin/customers/new and the customer page's "Edit"), read into the
// API's shapes: the text of each field becomes what `POST` and `PATCH /api/admin/billing/customers`
// take, and the same schemas judge it, so the form refuses exactly what the API refuses. An edit sends
// only the fields that differ from the customer as stored, so the audit entry names what changed.
import { z } from 'zod';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { createCustomerSchema, customerFields, type CustomerView, type UpdateCustomerInput } from './customer-schemas';

/** The form's fields, named as the API names them. */
export const CUSTOMER_FORM_FIELDS = ['name', 'email', 'external_id', 'currency', 'country', 'address_lines', 'tax_rate', 'tax_exempt', 'tax_id', 'payment_method', 'billing_emails'] as const;
export type CustomerFormField = (typeof CUSTOMER_FORM_FIELDS)[number];
/** What was typed, field by field, as text (a checked box is "on"), to fill the form in again. */
export type CustomerFormValues = Record<CustomerFormField, string>;

/** The form's text from a FormData (or any reader of named strings); a field not sent is empty. */
export function readCustomerForm(read: (name: string) => unknown): CustomerFormValues {
  return Object.fromEntries(
    CUSTOMER_FORM_FIELDS.map((name) => {
      const value = read(name);
      return [name, typeof value === 'string' ? value.trim() : ''];
    }),
  ) as CustomerFormValues;
}

/** The stored customer as the form shows it, to start an edit from. */
export function customerFormValuesOf(view: CustomerView): CustomerFormValues {
  return {
    name: view.name,
    email: view.email,
    external_id: view.external_id ?? '',
    currency: view.currency.toUpperCase(),
    country: view.country ?? '',
    address_lines: view.address_lines.join('\n'),
    tax_rate: view.tax_rate ?? '',
    tax_exempt: view.tax_exempt ? 'on' : '',
    tax_id: view.tax_id ?? '',
    payment_method: view.payment_method,
    billing_emails: view.billing_emails.join('\n'),
  };
}

// one a line; billing addresses may also be separated by commas or semicolons, as people paste them
const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const addresses = (text: string) => text.split(/[\s,;]+/).filter(Boolean);
const orNull = (text: string) => (text === '' ? null : text);

/** Every field of the form as the API's body: an empty optional field is null (none), lists are split. */
function bodyOf(v: CustomerFormValues) {
  return {
    name: v.name,
    email: v.email,
    external_id: orNull(v.external_id),
    currency: v.currency,
    country: orNull(v.country),
    address_lines: lines(v.address_lines),
    tax_rate: orNull(v.tax_rate),
    tax_exempt: v.tax_exempt === 'on' || v.tax_exempt === 'true',
    tax_id: orNull(v.tax_id),
    payment_method: v.payment_method,
    billing_emails: addresses(v.billing_emails),
  };
}

/** A new customer's body; an empty currency is left out, so the workspace's default applies. */
export function createCustomerInputOf(values: CustomerFormValues): z.output<typeof createCustomerSchema> {
  const { currency, ...body } = bodyOf(values);
  // judged here, before anything is written, so the form can name the fields (createCustomer parses again)
  return createCustomerSchema.parse(currency === '' ? body : { ...body, currency });
}

const fullCustomerSchema = z.strictObject(customerFields);

const same = (field: keyof UpdateCustomerInput, typed: unknown, stored: unknown) => {
  if (field === 'tax_rate') return typed === null || stored === null ? typed === stored : new ExactDecimal(typed as string).eq(stored as string);
  return JSON.stringify(typed) === JSON.stringify(stored);
};

/**
 * The fields of an edit that differ from the stored customer, as the PATCH body (empty: nothing
 * changed). The whole form is judged first, so a bad field is named even when it did not change.
 * Status is not on the form: suspending and reactivating are actions of their own.
 */
export function customerChangesOf(values: CustomerFormValues, current: CustomerView): UpdateCustomerInput {
  const body = { ...bodyOf(values), status: current.status };
  const parsed = fullCustomerSchema.parse(body);
  const changes: Record<string, unknown> = {};
  for (const field of CUSTOMER_FORM_FIELDS) {
    if (!same(field, parsed[field], current[field])) changes[field] = body[field];
  }
  return changes as UpdateCustomerInput;
}
