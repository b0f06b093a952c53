// GET /api/billing/invoices: newest first, paged with starting_after (API.md conventions). Customers
// read through their RLS transaction and never see drafts.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { INVOICE_STATUSES } from '@/lib/db/schema';
import { selectRows, type Queryable } from '@/lib/db/client';
import { loadInvoiceViews } from './invoice-view';

export const listInvoicesQuery = z.object({
  status: z.enum(INVOICE_STATUSES).optional(),
  customer_id: z.uuid({ message: 'must be a customer id (uuid)' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be an invoice id from the previous page' }).optional(),
});
export type ListInvoicesQuery = z.output<typeof listInvoicesQuery>;

export async function listInvoices(db: Queryable, query: ListInvoicesQuery, { includeDrafts, defaultLimit }: { includeDrafts: boolean; defaultLimit: number }) {
  const limit = query.limit ?? defaultLimit;
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select i.id from invoices i
         where true
           ${includeDrafts ? sql`` : sql`and i.status <> 'draft'`}
           ${query.status ? sql`and i.status = ${query.status}` : sql``}
           ${query.customer_id ? sql`and i.customer_id = ${query.customer_id}` : sql``}
           ${query.starting_after
             ? sql`and (i.created_at, i.id) < (select created_at, id from invoices where id = ${query.starting_after})`
             : sql``}
         order by i.created_at desc, i.id desc
         limit ${limit + 1}`,
  );
  const page = rows.slice(0, limit).map((r) => r.id);
  return { data: await loadInvoiceViews(db, page), has_more: rows.length > limit };
}
