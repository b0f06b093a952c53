// How dates and times read on every page and document. Billing times are UTC instants, so they are
// printed in UTC: every reader, wherever they are, sees the day the invoice says. Pure, with no
// `server-only`, so Server Components, client islands and the documents share it.
//
// Two kinds of date are printed, and each has one formatter:
// - an instant (issued, due, paid, overdue since, "Renews", "Ends", "Trial ends"): the day the moment
//   falls on, formatDate. "Renews" and "Ends" print a period's `end`, the instant the next period starts
//   (or the subscription stops), so [Oct 22, Nov 21) renews on Nov 21.
// - a period, [start, end) as billing stores it: the days it covers, its first day through its last,
//   formatPeriod (and "Last day of the period", lastUtcDayOfPeriod). The last day is the one holding the
//   last instant before `end`, so [Oct 22, Nov 21) reads "Oct 22 – Nov 20, 2026", as an invoice does.

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

/** Two days, both included, as given: "Mar 3 – Apr 2, 2026", both years when they span New Year, one day once. */
export function formatDateRange(start: DateInput | null | undefined, end: DateInput | null | undefined): string {
  if (!start || !end) return '—';
  const [from, to] = [toDate(start), toDate(end)];
  if (dateFormat.format(from) === dateFormat.format(to)) return dateFormat.format(from);
  if (from.getUTCFullYear() === to.getUTCFullYear()) return `${dayMonthFormat.format(from)} – ${dateFormat.format(to)}`;
  return `${dateFormat.format(from)} – ${dateFormat.format(to)}`;
}

/**
 * A half-open billing period [start, end) as the days it covers, both included: "Oct 1 – Oct 31, 2026"
 * for [Oct 1, Nov 1), "Dec 15, 2026 – Jan 14, 2027" across New Year. A period ending at 10:00 covers
 * part of that day, so that day is its last: [Oct 15 10:00, Nov 15 10:00) is "Oct 15 – Nov 15, 2026".
 */
export function formatPeriod(start: DateInput | null | undefined, end: DateInput | null | undefined): string {
  if (!start || !end) return '—';
  const from = toDate(start);
  // an empty period (end = start) covers its start day, never a day before it
  const last = new Date(Math.max(from.getTime(), toDate(end).getTime() - 1));
  return formatDateRange(from, last);
}

/** "250 ms", "4.2 s", "3 min 12 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
