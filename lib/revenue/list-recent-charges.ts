// GET /api/admin/billing/recent-charges: the latest payment attempts, newest first (API.md's admin
// revenue pages), with the invoice number and customer name an operator recognises them by.
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { customers, invoices, payments } from '@/lib/db/schema';

export const recentChargesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be a charge id from the previous page' }).optional(),
});
export type RecentChargesQuery = z.output<typeof recentChargesQuery>;

export async function listRecentCharges(db: Queryable, query: RecentChargesQuery, { defaultLimit = 10 }: { defaultLimit?: number } = {}) {
  const limit = query.limit ?? defaultLimit;
  const rows = await db
    .select({ p: payments, invoiceNumber: invoices.number, customerName: customers.name })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .innerJoin(customers, eq(customers.id, payments.customerId))
    .where(
      query.starting_after
        ? sql`(${payments.createdAt}, ${payments.id}) < (select x.created_at, x.id from payments x where x.id = ${query.starting_after})`
        : undefined,
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit + 1);
  return {
    data: rows.slice(0, limit).map(({ p, invoiceNumber, customerName }) => {
      return {
        id: p.id,
        invoice_id: p.invoiceId,
        invoice_number: invoiceNumber,
        customer_id: p.customerId,
        customer_name: customerName,
        amount: moneyString(p.amount, p.currency),
        currency: p.currency,
        status: p.status,
        method: p.method,
        reference: p.reference,
        failure_message: p.failureMessage,
        created: p.createdAt.toISOString(),
        // as Stripe's charge.refunded: true once the whole amount has gone back
        refunded: p.status === 'refunded' || (toExact(p.amount).gt(0) && toExact(p.amountRefunded).gte(p.amount)),
        amount_refunded: moneyString(p.amountRefunded, p.currency),
      };
    }),
    has_more: rows.length > limit,
  };
}
