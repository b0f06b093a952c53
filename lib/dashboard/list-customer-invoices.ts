import 'server-only';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { asUser } from '@/lib/db/as-user';
import { customers, invoices } from '@/lib/db/schema';
import { customerScope } from './customer-scope';
import { toInvoiceSummary } from './to-invoice-summary';
import type { InvoiceSummary } from './types';

export type CustomerInvoices = { customerName: string; invoices: InvoiceSummary[] };

/** Every finalized invoice of the signed-in customer, newest first, read under RLS; null when no customer is linked. */
export async function listCustomerInvoices(session: Session, now: Date): Promise<CustomerInvoices | null> {
  const { database } = await customerScope(session);
  return asUser(database.db, session.claims, async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(eq(customers.userId, session.userId))
      .limit(1);
    if (!customer) return null;
    const rows = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.customerId, customer.id), ne(invoices.status, 'draft')))
      .orderBy(sql`${invoices.issuedAt} desc nulls last`, desc(invoices.createdAt));
    return { customerName: customer.name, invoices: rows.map((row) => toInvoiceSummary(row, now)) };
  });
}
