// Input shapes for customers (API.md's "Customers and subscriptions (admin)") and the view the API returns.
import { z } from 'zod';
import { isIsoCountry } from '@/lib/billing/iso-codes';
import { decimalString } from '@/lib/billing/money';
import { currencySchema } from '@/lib/catalog/catalog-schemas';
import { CUSTOMER_STATUSES, PAYMENT_METHOD_KINDS, type customers } from '@/lib/db/schema';

// A fraction, as API.md's rates are: "0.21" is 21%. "21" is refused rather than read as 21%, and 1
// (100%) is refused as the database does.
export const taxRateSchema = z.string().regex(/^0(\.\d{1,6})?$/, 'must be a fraction from 0 up to (not including) 1 with at most 6 decimals: "0.21" is 21%');

/**
 * Where billing mail goes instead of `email`: up to 5 addresses, each once (compared without case).
 * An empty list sends to `email` again.
 */
export const billingEmailsSchema = z
  .array(z.email({ message: 'must be an email address' }).max(320))
  .max(5, 'at most 5 addresses')
  .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, 'names an address twice');

export const customerFields = {
  external_id: z.string().trim().min(1).max(255).nullable(),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  email: z.email({ message: 'must be an email address' }).max(320),
  currency: currencySchema,
  country: z
    .string()
    .refine(isIsoCountry, 'must be an ISO 3166-1 alpha-2 country code, e.g. "NL"')
    .transform((c) => c.toUpperCase())
    .nullable(),
  address_lines: z.array(z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters')).max(6, 'at most 6 lines'),
  /** null: the configured default rate applies */
  tax_rate: taxRateSchema.nullable(),
  tax_exempt: z.boolean(),
  tax_id: z.string().trim().min(1).max(50).nullable(),
  payment_method: z.enum(PAYMENT_METHOD_KINDS),
  status: z.enum(CUSTOMER_STATUSES),
  billing_emails: billingEmailsSchema,
};

// strict: an unknown field is refused by name, never ignored
export const createCustomerSchema = z.strictObject({
  ...customerFields,
  external_id: customerFields.external_id.optional(),
  // the configured default currency when left out
  currency: customerFields.currency.optional(),
  country: customerFields.country.optional(),
  address_lines: customerFields.address_lines.default([]),
  tax_rate: customerFields.tax_rate.optional(),
  tax_exempt: customerFields.tax_exempt.default(false),
  tax_id: customerFields.tax_id.optional(),
  payment_method: customerFields.payment_method.default('card'),
  status: customerFields.status.default('active'),
  billing_emails: customerFields.billing_emails.default([]),
});
export type CreateCustomerInput = z.input<typeof createCustomerSchema>;

export const updateCustomerSchema = z
  .strictObject(customerFields)
  .partial()
  .refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to change' });
export type UpdateCustomerInput = z.input<typeof updateCustomerSchema>;

export const listCustomersQuery = z.object({
  query: z.string().trim().max(200).optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be a customer id from the previous page' }).optional(),
});
export type ListCustomersQuery = z.output<typeof listCustomersQuery>;

export type CustomerView = ReturnType<typeof toCustomerView>;

export function toCustomerView(c: typeof customers.$inferSelect) {
  return {
    id: c.id,
    external_id: c.externalId,
    name: c.name,
    email: c.email,
    billing_emails: c.billingEmails,
    currency: c.currency,
    country: c.country,
    address_lines: c.addressLines,
    tax_rate: c.taxRate === null ? null : decimalString(c.taxRate),
    tax_exempt: c.taxExempt,
    tax_id: c.taxId,
    payment_method: c.paymentMethod,
    status: c.status,
    suspended_at: c.suspendedAt?.toISOString() ?? null,
    // a hard bounce or a spam complaint Resend reported: billing mail is not reaching the customer
    email_bounced_at: c.emailBouncedAt?.toISOString() ?? null,
    email_bounce_reason: c.emailBounceReason,
    created: c.createdAt.toISOString(),
    updated: c.updatedAt.toISOString(),
  };
}
