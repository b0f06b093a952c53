// How dates and times read on every page and document. Billing times are UTC instants, so they are
// printed in UTC: every reader, wherever they are, sees the day the invoice says. Pure, with no
// `server-only`, so Server Components, client islands and the documents share it.

const dateFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
const dayMonthFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const monthYearFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A Date, or an ISO timestamp as the API views carry them. */
export type DateInput = Date | string;

const toDate = (value: DateInput) => (typeof value === 'string' ? new Date(value) : value);

/** "Nov 22, 2026"; "—" for a date that is not there. */
export function formatDate(date: DateInput | null | undefined): string {
  return date ? dateFormat.format(toDate(date)) : '—';
}

/** "Mar 3", for a day of the current stretch where the year goes without saying. */
export function formatShortDate(date: DateInput | null | undefined): string {
  return date ? dayMonthFormat.format(toDate(date)) : '—';
}

/** "November 2026". */
export function formatMonth(date: DateInput): string {
  return monthYearFormat.format(toDate(date));
}

/** "Nov 22, 2026, 05:00 UTC". */
export function formatDateTime(date: DateInput | null | undefined): string {
  return date ? `${dateTimeFormat.format(toDate(date))} UTC` : '—';
}

/** "Mar 3 – Apr 2, 2026", or with both years when the range spans New Year; both ends as given. */
export function formatDateRange(start: DateInput | null | undefined, end: DateInput | null | undefined): string {
  if (!start || !end) return '—';
  const [from, to] = [toDate(start), toDate(end)];
  if (from.getUTCFullYear() === to.getUTCFullYear()) return `${dayMonthFormat.format(from)} – ${dateFormat.format(to)}`;
  return `${dateFormat.format(from)} – ${dateFormat.format(to)}`;
}

/** "250 ms", "4.2 s", "3 min 12 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
