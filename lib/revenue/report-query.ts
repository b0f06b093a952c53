// The query strings of the finance reports (/api/admin/billing/reports/*, /admin/reports). Unlike the
// lenient list routes, a report refuses a parameter it does not take, by name: a misspelt `form=` would
// otherwise silently report a default range to an accountant. Days are UTC and both ends are included,
// as the invoice export and the margins report count them.
import { z } from 'zod';
import { addUtcDays, isUtcDay, parseUtcDay, utcDay, utcDaysInclusive } from '@/lib/time/utc-day';

/** Two years of months: enough for a year-over-year comparison, bounded so one request stays small. */
export const MAX_REPORT_DAYS = 731;

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const day = (field: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required, as YYYY-MM-DD` : 'must be a date, YYYY-MM-DD') })
    // abort: a malformed value gets one message, not a second one from the calendar check
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, YYYY-MM-DD', abort: true })
    .refine(isUtcDay, 'is not a real date');

const format = z.enum(REPORT_FORMATS, { error: 'must be json or csv' }).optional();

/** A range of whole UTC days, [from, to] both included, and [start, end) as instants. */
export type ReportRange = { from: string; to: string; start: Date; end: Date };

/** `?from=&to=&format=`: `to` not before `from`, at most MAX_REPORT_DAYS days. */
export const reportRangeQuery = z
  .strictObject({ from: day('from'), to: day('to'), format })
  .superRefine(({ from, to }, ctx) => {
    // a day the calendar lacks (Feb 30) is already refused by name; it has no span to measure (the
    // Date parser would roll it over into March)
    if (!isUtcDay(from) || !isUtcDay(to)) return;
    const days = utcDaysInclusive(from, to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_REPORT_DAYS} days` });
  })
  .transform(({ from, to, format }) => ({ range: { from, to, start: parseUtcDay(from), end: addUtcDays(parseUtcDay(to), 1) } satisfies ReportRange, format }));

/** `?as_of=&format=`: the end of the UTC day `as_of` (default: today). */
export const deferredQuery = z.strictObject({ as_of: day('as_of').optional(), format });

/** A query string as the schemas read it: each parameter once (a repeated one is refused, not guessed at). */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/** The months a range touches, each cut to the range: `{month: "2026-11", from, to}` with days included. */
export function monthsOf(range: Pick<ReportRange, 'from' | 'to'>): { month: string; from: string; to: string }[] {
  const months: { month: string; from: string; to: string }[] = [];
  let cursor = range.from;
  while (cursor <= range.to) {
    const [y, m] = cursor.split('-').map(Number) as [number, number];
    const next = new Date(Date.UTC(y, m, 1)); // the 1st of the following month
    const last = addUtcDays(next, -1).toISOString().slice(0, 10);
    const to = last < range.to ? last : range.to;
    months.push({ month: cursor.slice(0, 7), from: cursor, to });
    cursor = next.toISOString().slice(0, 10);
  }
  return months;
}

/** The reports page's default: the last 12 months up to `now`, from the 1st of the month eleven months back to today (UTC). */
export function defaultReportRange(now: Date): { from: string; to: string } {
  return { from: utcDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)), to: utcDay(now) };
}
