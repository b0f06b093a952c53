// What /billing/invoices reads from its address: a status filter and a page of the list. Pure, so the
// page can say exactly which value was wrong instead of failing.
import { z } from 'zod';

/** The list's filters: the stored statuses a customer sees, and overdue (open and past due). */
export const INVOICE_LIST_FILTERS = ['open', 'overdue', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceListFilter = (typeof INVOICE_LIST_FILTERS)[number];

export const DEFAULT_INVOICE_PAGE_SIZE = 10;
export const MAX_INVOICE_PAGE_SIZE = 50;

const cursor = (what: string) => z.uuid({ message: `must be an invoice id from the ${what} page` });

export const invoiceListQuerySchema = z
  .object({
    // the form's "All statuses" option submits an empty value
    status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(INVOICE_LIST_FILTERS, { message: `must be one of ${INVOICE_LIST_FILTERS.join(', ')}` }).optional()),
    starting_after: cursor('previous').optional(),
    ending_before: cursor('next').optional(),
    limit: z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_INVOICE_PAGE_SIZE, `must be at most ${MAX_INVOICE_PAGE_SIZE}`)
      .optional(),
  })
  .refine((q) => !(q.starting_after && q.ending_before), { message: 'give starting_after or ending_before, not both', path: ['ending_before'] });

export type InvoiceListQuery = z.output<typeof invoiceListQuerySchema>;

export type QueryProblem = { field: string; value: string; message: string };

/**
 * Next's searchParams as a query, or what is wrong with them: a parameter given twice, a status
 * that is no filter, a cursor that is no invoice id. Other parameters are ignored, as links from
 * elsewhere may carry their own.
 */
export function parseInvoiceListQuery(params: Record<string, string | string[] | undefined>): { ok: true; query: InvoiceListQuery } | { ok: false; problems: QueryProblem[] } {
  const known = ['status', 'starting_after', 'ending_before', 'limit'] as const;
  const flat: Record<string, string> = {};
  const problems: QueryProblem[] = [];
  for (const key of known) {
    const value = params[key];
    if (Array.isArray(value)) problems.push({ field: key, value: value.join(', '), message: 'is given more than once' });
    else if (value !== undefined) flat[key] = value;
  }
  if (problems.length) return { ok: false, problems };
  const parsed = invoiceListQuerySchema.safeParse(flat);
  if (parsed.success) return { ok: true, query: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? 'query');
      return { field, value: flat[field] ?? '', message: issue.message };
    }),
  };
}
