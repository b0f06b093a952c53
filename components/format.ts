// Display helpers shared by the dashboard pages. Times are stored in UTC and billing periods are
// UTC instants, so dates are printed in UTC: every reader sees the same day the invoice says.

const dateFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
const dayMonthFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function formatDate(date: Date | null | undefined): string {
  return date ? dateFormat.format(date) : '—';
}

/** "Mar 3", for a day of the current stretch where the year goes without saying. */
export function formatShortDate(date: Date | null | undefined): string {
  return date ? dayMonthFormat.format(date) : '—';
}

/** A calendar day given as 'YYYY-MM-DD' (a UTC day, as the usage series give them) as a Date. */
export function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function formatDateTime(date: Date | null | undefined): string {
  return date ? `${dateTimeFormat.format(date)} UTC` : '—';
}

/** "Mar 3 – Apr 2, 2026", or with both years when the period spans New Year. */
export function formatPeriod(start: Date | null, end: Date | null): string {
  if (!start || !end) return '—';
  if (start.getUTCFullYear() === end.getUTCFullYear()) return `${dayMonthFormat.format(start)} – ${dateFormat.format(end)}`;
  return `${dateFormat.format(start)} – ${dateFormat.format(end)}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

const UNIT: Record<string, [string, string]> = {
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  quarter: ['quarter', 'quarters'],
  year: ['year', 'years'],
};

/** "per month", "every 30 days". */
export function formatInterval(interval: string, count: number): string {
  const [one, many] = UNIT[interval] ?? [interval, interval];
  return count === 1 ? `per ${one}` : `every ${count} ${many}`;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function countryName(code: string | null): string {
  if (!code) return '—';
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "past_due" → "Past due". */
export function humanize(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/**
 * A decimal quantity with thousands separators: "12,500", "0.25". The string goes to Intl as is, which
 * formats numeric strings exactly, so no digit is lost on the way through a float.
 */
export function formatQuantity(value: string): string {
  return quantityFormat.format(value as `${number}`);
}

/** "1 license", "3 licenses", "105 GB": lowercase units take an English plural, abbreviations do not. */
export function formatUnit(unit: string, quantity: string): string {
  if (!unit) return '';
  if (quantity === '1' || !/^[a-z]/.test(unit)) return unit;
  if (/[^aeiou]y$/.test(unit)) return `${unit.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(unit)) return `${unit}es`;
  return `${unit}s`;
}

/** A quantity and its unit: "5 licenses", "105 GB", "12,500 calls". */
export function formatQuantityWithUnit(value: string, unit: string): string {
  const label = formatUnit(unit, value);
  return label ? `${formatQuantity(value)} ${label}` : formatQuantity(value);
}
