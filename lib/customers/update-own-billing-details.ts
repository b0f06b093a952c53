// A signed-in customer changes where their billing mail goes. Which customer is theirs is read under
// RLS (asUser), so nobody can name another account; the change itself goes through updateCustomer,
// like an admin's, so it is validated, audited and announced (customer.updated) the same way.
import { eq } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { asUser } from '@/lib/db/as-user';
import type { Db } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { z } from 'zod';
import { billingEmailsSchema } from './customer-schemas';
import { updateCustomer } from './update-customer';

/** What a customer may change about themselves today: strict, so a typo is refused by name. */
export const ownBillingDetailsSchema = z.strictObject({ billing_emails: billingEmailsSchema });
export type OwnBillingDetailsInput = z.input<typeof ownBillingDetailsSchema>;

export async function ownCustomerId(db: Db, session: Session): Promise<string> {
  const [own] = await asUser(db, session.claims, (tx) => tx.select({ id: customers.id }).from(customers).where(eq(customers.userId, session.userId)).limit(1));
  if (!own) throw notFound('Billing account');
  return own.id;
}

export async function updateOwnBillingDetails(db: Db, session: Session, input: OwnBillingDetailsInput, { now }: { now: Date }) {
  const change = ownBillingDetailsSchema.parse(input);
  const customerId = await ownCustomerId(db, session);
  return updateCustomer(db, customerId, change, { actor: { type: 'user', id: session.userId }, now });
}
