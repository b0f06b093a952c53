// UTC days, the one calendar billing uses: periods, rollups, due dates, grace and retry delays all
// count whole UTC days of 24 hours (UTC has no daylight saving), and a day is written 'YYYY-MM-DD'.
// Pure and free of imports, so the billing core, the pages, the tests and the e2e suite share it.

/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;

/** `at` plus a whole (or negative) number of 24-hour days. */
export function addUtcDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** 00:00 UTC of the day holding `at` (a Date or epoch milliseconds). */
export function startOfUtcDay(at: Date | number): Date {
  return new Date(Math.floor(new Date(at).getTime() / DAY_MS) * DAY_MS);
}

/** The UTC day holding `at` (a Date, epoch milliseconds or an ISO timestamp), as 'YYYY-MM-DD'. */
export function utcDay(at: Date | number | string): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * The last UTC day a half-open period [start, end) covers, as 'YYYY-MM-DD': the day of the last instant
 * before `end`. [Oct 1, Nov 1) ends on Oct 31; a period ending at 10:00 on Nov 15 covers part of Nov 15.
 */
export function lastUtcDayOfPeriod(end: Date | number | string): string {
  return utcDay(new Date(end).getTime() - 1);
}

/** 00:00 UTC of a 'YYYY-MM-DD' day. */
export function parseUtcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/**
 * Whether `text` is a real 'YYYY-MM-DD' day: the shape alone would let Feb 30 roll over to Mar 2 and
 * month 13 become an invalid date, so the day must print back as itself.
 */
export function isUtcDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = parseUtcDay(text);
  return !Number.isNaN(parsed.getTime()) && utcDay(parsed) === text;
}

/** How many days [from, to] spans, both ends included ('2026-11-01'…'2026-11-30' is 30); 0 or less when `to` is before `from`. */
export function utcDaysInclusive(from: string, to: string): number {
  return Math.round((parseUtcDay(to).getTime() - parseUtcDay(from).getTime()) / DAY_MS) + 1;
}

/** Every day in [from, to], both 'YYYY-MM-DD' and included (as a date picker gives them). */
export function utcDaysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = parseUtcDay(from).getTime(), last = parseUtcDay(to).getTime(); t <= last; t += DAY_MS) days.push(utcDay(t));
  return days;
}
