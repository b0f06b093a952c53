import 'server-only';
// One page of the signed-in customer's invoices for /billing/invoices: filtered by status, newest
// first, paged both ways by keyset (created, id) so a page never skips or repeats an invoice when a
// new one is issued meanwhile. Read under RLS: another customer's invoice id as a cursor is as
// unknown as a made-up one.
import { and, asc, desc, eq, gt, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { asUser } from '@/lib/db/as-user';
import type { Db, Tx } from '@/lib/db/client';
import { customers, invoices } from '@/lib/db/schema';
import { DEFAULT_INVOICE_PAGE_SIZE, type InvoiceListFilter, type InvoiceListQuery, type QueryProblem } from './invoice-list-query';
import { toInvoiceSummary } from './to-invoice-summary';
import type { InvoiceSummary } from './types';

export type CustomerInvoicePage = {
  customerName: string;
  invoices: InvoiceSummary[];
  /** the cursors of the neighbouring pages; null where there is none */
  previousBefore: string | null;
  nextAfter: string | null;
};

export type CustomerInvoicePageResult = { kind: 'page'; page: CustomerInvoicePage } | { kind: 'no_customer' } | { kind: 'invalid'; problems: QueryProblem[] };

function filterCondition(filter: InvoiceListFilter | undefined, now: Date): SQL | undefined {
  if (!filter) return undefined;
  // the same rule as the badge (invoice-display-status.ts): open and marked overdue, or past its due date
  if (filter === 'overdue') return and(eq(invoices.status, 'open'), or(isNotNull(invoices.overdueAt), lt(invoices.dueDate, now)));
  return eq(invoices.status, filter);
}

// the key read in the database: created_at has microseconds, which a JavaScript Date would cut off
const keyOf = (row: { id: string }) => sql`(select k.created_at, k.id from invoices k where k.id = ${row.id})`;
const rowKey = sql`(${invoices.createdAt}, ${invoices.id})`;

async function exists(tx: Tx, where: SQL | undefined): Promise<boolean> {
  const [row] = await tx.select({ id: invoices.id }).from(invoices).where(where).limit(1);
  return Boolean(row);
}

export async function listCustomerInvoicePage(db: Db, session: Session, query: InvoiceListQuery, now: Date): Promise<CustomerInvoicePageResult> {
  const limit = query.limit ?? DEFAULT_INVOICE_PAGE_SIZE;
  return asUser(db, session.claims, async (tx) => {
    const [customer] = await tx.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.userId, session.userId)).limit(1);
    if (!customer) return { kind: 'no_customer' } as const;
    const base = and(eq(invoices.customerId, customer.id), ne(invoices.status, 'draft'), filterCondition(query.status, now));

    const cursorId = query.starting_after ?? query.ending_before;
    let cursor: { id: string } | undefined;
    if (cursorId) {
      [cursor] = await tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.id, cursorId), eq(invoices.customerId, customer.id), ne(invoices.status, 'draft')));
      if (!cursor) {
        const field = query.starting_after ? 'starting_after' : 'ending_before';
        return { kind: 'invalid', problems: [{ field, value: cursorId, message: 'is none of your invoices' }] } as const;
      }
    }

    const backwards = Boolean(query.ending_before);
    const rows = await tx
      .select()
      .from(invoices)
      .where(and(base, cursor ? (backwards ? gt(rowKey, keyOf(cursor)) : lt(rowKey, keyOf(cursor))) : undefined))
      .orderBy(...(backwards ? [asc(invoices.createdAt), asc(invoices.id)] : [desc(invoices.createdAt), desc(invoices.id)]))
      .limit(limit);
    if (backwards) rows.reverse();

    const first = rows[0];
    const last = rows.at(-1);
    // asked rather than inferred from the cursor: a filter can leave nothing on the other side
    const newer = first ? await exists(tx, and(base, gt(rowKey, keyOf(first)))) : false;
    const older = last ? await exists(tx, and(base, lt(rowKey, keyOf(last)))) : false;
    return {
      kind: 'page',
      page: {
        customerName: customer.name,
        invoices: rows.map((row) => toInvoiceSummary(row, now)),
        previousBefore: newer && first ? first.id : null,
        nextAfter: older && last ? last.id : null,
      },
    } as const;
  });
}
