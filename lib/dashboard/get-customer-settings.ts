import 'server-only';
import { eq } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { asUser } from '@/lib/db/as-user';
import { customers } from '@/lib/db/schema';
import { customerScope } from './customer-scope';

export type CustomerSettings = {
  name: string;
  email: string;
  billingEmails: string[];
  emailBouncedAt: Date | null;
  /** the billing details the next invoice is made out to */
  country: string | null;
  addressLines: string[];
  taxId: string | null;
};

/** What the settings page shows; read as the customer under RLS, so only their own account can come back. */
export async function getCustomerSettings(session: Session): Promise<CustomerSettings | null> {
  const { database } = await customerScope(session);
  const [customer] = await asUser(database.db, session.claims, (tx) =>
    tx
      .select({
        name: customers.name,
        email: customers.email,
        billingEmails: customers.billingEmails,
        emailBouncedAt: customers.emailBouncedAt,
        country: customers.country,
        addressLines: customers.addressLines,
        taxId: customers.taxId,
      })
      .from(customers)
      .where(eq(customers.userId, session.userId))
      .limit(1),
  );
  return customer ?? null;
}
