import 'server-only';
import { and, eq, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { currencySchema } from '@/lib/catalog/catalog-schemas';
import { customers, INVOICE_STATUSES, invoices } from '@/lib/db/schema';
import { toInvoiceSummary } from '@/lib/dashboard/to-invoice-summary';
import type { InvoiceSummary } from '@/lib/dashboard/types';
import type { AdminWorkspace } from './require-admin';

export type AdminInvoiceRow = InvoiceSummary & { customerId: string; customerName: string };

export const DEFAULT_PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (field: string) =>
  z
    .string()
    .regex(DAY, `${field} must be a date (YYYY-MM-DD)`)
    // a well-formed day that the calendar lacks (2026-02-30) is refused, not rolled over into March
    .refine((d) => !DAY.test(d) || (!Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)), `${field} is not a calendar date`);

/** The statuses the list filters by: the stored ones and `overdue` (open and past its due date, as shown). */
export const ADMIN_INVOICE_STATUSES = [...INVOICE_STATUSES, 'overdue'] as const;

/**
 * /admin/invoices's query string. Strict like the API: a filter the list does not know is named, not
 * ignored. Dates are UTC days of issue, both inclusive; `page` counts from 1.
 */
export const adminInvoiceFilters = z
  .strictObject({
    status: z.enum(ADMIN_INVOICE_STATUSES, { error: `must be one of ${ADMIN_INVOICE_STATUSES.join(', ')}` }).optional(),
    customer_id: z.uuid({ message: 'must be a customer id (uuid)' }).optional(),
    currency: currencySchema.optional(),
    from: day('from').optional(),
    to: day('to').optional(),
    number: z.string().trim().min(1).max(60, 'must be at most 60 characters').optional(),
    page: z.coerce.number({ error: 'must be a page number' }).int('must be a whole page number').min(1, 'must be 1 or more').max(100_000).optional(),
    per_page: z.enum(['10', '25', '50', '100'], { error: 'must be 10, 25, 50 or 100' }).transform(Number).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before from' });
export type AdminInvoiceFilters = z.output<typeof adminInvoiceFilters>;

export type AdminInvoiceList = {
  rows: AdminInvoiceRow[];
  /** every invoice the filters match, over all pages */
  matching: number;
  /** what the matching invoices come to (every page, as filtered), per currency, never added across currencies */
  totals: { currency: string; total: string; amountDue: string; count: number }[];
  page: number;
  pages: number;
  pageSize: number;
};

function conditions(filters: AdminInvoiceFilters, now: Date): SQL | undefined {
  const where: (SQL | undefined)[] = [];
  const overdue = or(isNotNull(invoices.overdueAt), lt(invoices.dueDate, now));
  if (filters.status === 'overdue') where.push(eq(invoices.status, 'open'), overdue);
  else if (filters.status === 'open') where.push(eq(invoices.status, 'open'), isNull(invoices.overdueAt), or(isNull(invoices.dueDate), gte(invoices.dueDate, now)));
  else if (filters.status) where.push(eq(invoices.status, filters.status));
  if (filters.customer_id) where.push(eq(invoices.customerId, filters.customer_id));
  if (filters.currency) where.push(eq(invoices.currency, filters.currency));
  // a draft has no issue date: a date range leaves drafts out
  if (filters.from) where.push(gte(invoices.issuedAt, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) where.push(lt(invoices.issuedAt, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)));
  // `%`, `_` and `\` typed into the search box are matched literally
  if (filters.number) where.push(ilike(invoices.number, `%${filters.number.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return and(...where);
}

/**
 * The workspace's invoices across every customer, drafts included, newest first (by issue date, a
 * draft by its creation), a page at a time, with how many match and what they come to per currency.
 * Status `open` means open and not yet overdue, as the list shows it.
 */
export async function listAdminInvoices({ database }: AdminWorkspace, filters: AdminInvoiceFilters, now: Date): Promise<AdminInvoiceList> {
  const { db } = database;
  const pageSize = filters.per_page ?? DEFAULT_PAGE_SIZE;
  const where = conditions(filters, now);
  const totals = await db
    .select({
      currency: invoices.currency,
      total: sql<string>`sum(${invoices.total})::text`,
      amountDue: sql<string>`sum(${invoices.amountDue})::text`,
      count: sql<number>`count(*)::int`,
    })
    .from(invoices)
    .where(where)
    .groupBy(invoices.currency)
    .orderBy(invoices.currency);
  const [{ matching } = { matching: 0 }] = await db.select({ matching: sql<number>`count(*)::int` }).from(invoices).where(where);
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const page = Math.min(filters.page ?? 1, pages);
  const rows = await db
    .select({ invoice: invoices, customerName: customers.name })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(where)
    .orderBy(sql`coalesce(${invoices.issuedAt}, ${invoices.createdAt}) desc`, sql`${invoices.id} desc`)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    rows: rows.map((row) => ({ ...toInvoiceSummary(row.invoice, now), customerId: row.invoice.customerId, customerName: row.customerName })),
    matching,
    totals,
    page,
    pages,
    pageSize,
  };
}
