// A signed-in customer changes their billing details: where billing mail goes, and the name, address,
// country and tax id their invoices are made out to. Which customer is theirs is read under RLS
// (asUser), so nobody can name another account; the change itself goes through updateCustomer, like an
// admin's, so it is validated, audited (before and after) and announced (customer.updated) the same
// way. Invoices already issued keep the buyer they were printed with (create-invoice.ts snapshots it);
// the next invoice carries the new details.
import { eq } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { asUser } from '@/lib/db/as-user';
import type { Db } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { z } from 'zod';
import { billingEmailsSchema, customerFields } from './customer-schemas';
import { getCustomerOrThrow } from './get-customer-or-throw';
import { checkTaxId } from './tax-id-format';
import { updateCustomer } from './update-customer';

/**
 * What a customer may change about themselves: strict, so a typo is refused by name. Tax, currency,
 * status and the account email stay the operator's. An empty tax id clears it.
 */
export const ownBillingDetailsSchema = z
  .strictObject({
    billing_emails: billingEmailsSchema.optional(),
    name: customerFields.name.optional(),
    address_lines: customerFields.address_lines.optional(),
    country: customerFields.country.optional(),
    tax_id: z
      .string()
      .trim()
      .max(50)
      .nullable()
      .transform((v) => (v === '' ? null : v))
      .optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to change' });
export type OwnBillingDetailsInput = z.input<typeof ownBillingDetailsSchema>;

export async function ownCustomerId(db: Db, session: Session): Promise<string> {
  const [own] = await asUser(db, session.claims, (tx) => tx.select({ id: customers.id }).from(customers).where(eq(customers.userId, session.userId)).limit(1));
  if (!own) throw notFound('Billing account');
  return own.id;
}

const invalidTaxId = (message: string) =>
  new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field: 'tax_id', message }] });

export async function updateOwnBillingDetails(db: Db, session: Session, input: OwnBillingDetailsInput, { now }: { now: Date }) {
  const change = ownBillingDetailsSchema.parse(input);
  const customerId = await ownCustomerId(db, session);
  // the tax id is judged by the country it will stand beside: the new one, or the one on file
  if (change.tax_id !== undefined || change.country !== undefined) {
    const current = await getCustomerOrThrow(db, customerId);
    const country = change.country !== undefined ? change.country : current.country;
    const taxId = change.tax_id !== undefined ? change.tax_id : current.taxId;
    if (taxId !== null) {
      const check = checkTaxId(country, taxId);
      if (!check.ok) throw invalidTaxId(change.tax_id === undefined ? `${check.message}; change the tax ID too` : check.message);
      if (change.tax_id !== undefined) change.tax_id = check.value;
    }
  }
  return updateCustomer(db, customerId, change, { actor: { type: 'user', id: session.userId }, now });
}
