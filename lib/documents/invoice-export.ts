import 'server-only';
// The accounting export: every issued invoice of a date range, one CSV row each, with the figures a
// bookkeeper posts (net, rate, tax, gross, paid, due) and the party as invoiced. Pure: the rows come in
// as API views (lib/documents/list-export-invoices.ts loads them).
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import { addUtcDays, isUtcDay, lastUtcDayOfPeriod, parseUtcDay, utcDaysInclusive } from '@/lib/time/utc-day';
import { isoDay, spreadsheetSafe } from './invoice-csv';

export const MAX_EXPORT_DAYS = 366;

const day = (field: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required, as YYYY-MM-DD` : 'must be a date, YYYY-MM-DD') })
    // abort: a malformed value gets one message, not a second one from the calendar check
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, YYYY-MM-DD', abort: true })
    .refine(isUtcDay, 'is not a real date');

/** `?from=&to=`: both dates inclusive, UTC, `to` not before `from`, at most 366 days. */
export const exportRangeSchema = z
  .object({ from: day('from'), to: day('to') })
  .superRefine(({ from, to }, ctx) => {
    const days = utcDaysInclusive(from, to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_EXPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_EXPORT_DAYS} days` });
  })
  .transform(({ from, to }) => ({
    from,
    to,
    /** [start, end): the first instant of `from` up to the first instant after `to` */
    start: parseUtcDay(from),
    end: addUtcDays(parseUtcDay(to), 1),
  }));
export type ExportRange = z.output<typeof exportRangeSchema>;

export function parseExportRange(params: URLSearchParams): ExportRange {
  return exportRangeSchema.parse({ from: params.get('from') ?? undefined, to: params.get('to') ?? undefined });
}

export const EXPORT_COLUMNS = [
  'invoice_number',
  'issue_date',
  'due_date',
  'customer_name',
  'customer_tax_id',
  'currency',
  'subtotal',
  'tax_rate',
  'tax_treatment',
  'tax',
  'total',
  'amount_paid',
  'amount_due',
  'status',
  'period_start',
  'period_end',
  'source',
] as const;

/**
 * One invoice's row. Dates are UTC days; the period is printed as on the invoice, both days inclusive
 * (a period [Oct 1, Nov 1) is 2026-10-01 to 2026-10-31). The tax rate is a fraction as in the API.
 */
export function exportRecord(view: InvoiceView): string[] {
  return [
    view.number ?? '',
    isoDay(view.issued_at),
    isoDay(view.due_date),
    spreadsheetSafe(view.buyer?.name),
    spreadsheetSafe(view.buyer?.tax_id),
    view.currency.toUpperCase(),
    view.subtotal,
    view.tax_rate,
    view.tax_treatment,
    view.tax,
    view.total,
    view.amount_paid,
    view.amount_due,
    view.status,
    isoDay(view.period_start),
    view.period_end ? lastUtcDayOfPeriod(view.period_end) : '',
    // "stripe": numbered in Stripe's series, not ours, so a gap check skips it
    view.source,
  ];
}

export function invoiceExportCsv(views: InvoiceView[]): string {
  return stringify([[...EXPORT_COLUMNS], ...views.map(exportRecord)]);
}

export function exportFileName(range: Pick<ExportRange, 'from' | 'to'>): string {
  return `invoices-${range.from}-${range.to}.csv`;
}
