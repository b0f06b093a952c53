// How codes stored for machines read for people: statuses, intervals, countries.

/** "past_due" → "Past due". */
export function humanize(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
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

/** "DE" → "Germany"; the code itself when Intl does not know it. */
export function countryName(code: string | null): string {
  if (!code) return '—';
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
