import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatPeriod } from './format-date';

describe('formatPeriod: a half-open period [start, end) through its last day', () => {
  it('ends a month-long period on the last day of the month', () => {
    expect(formatPeriod('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')).toBe('Oct 1 – Oct 31, 2026');
    expect(formatPeriod(new Date('2028-02-01T00:00:00Z'), new Date('2028-03-01T00:00:00Z'))).toBe('Feb 1 – Feb 29, 2028');
    // the dashboard's Lyceum example: the day before the next period starts
    expect(formatPeriod('2026-10-22T00:00:00.000Z', '2026-11-21T00:00:00.000Z')).toBe('Oct 22 – Nov 20, 2026');
  });

  it('prints one year when the last day is in the start’s year, both when it is not', () => {
    // [Dec 1, Jan 1) ends on Dec 31: one year, although `end` is in the next
    expect(formatPeriod('2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')).toBe('Dec 1 – Dec 31, 2026');
    expect(formatPeriod('2026-12-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z')).toBe('Dec 15, 2026 – Jan 14, 2027');
    expect(formatPeriod('2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')).toBe('Jan 1 – Dec 31, 2026');
  });

  it('counts the day a period ends in when it ends after midnight', () => {
    expect(formatPeriod('2026-10-15T10:00:00.000Z', '2026-11-15T10:00:00.000Z')).toBe('Oct 15 – Nov 15, 2026');
    expect(formatPeriod('2026-10-15T00:00:00.000Z', '2026-11-15T00:00:00.001Z')).toBe('Oct 15 – Nov 15, 2026');
    // a one-day period is that day alone
    expect(formatPeriod('2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z')).toBe('Nov 22, 2026');
  });

  it('never prints a last day before the first, and a dash for a missing end', () => {
    expect(formatPeriod('2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z')).toBe('Nov 22, 2026');
    expect(formatPeriod('2026-11-22T00:00:00.000Z', null)).toBe('—');
  });
});

describe('instants', () => {
  it('prints the UTC day of the moment, whatever the reader’s zone', () => {
    // the instant a period [Oct 22, Nov 21) ends is the day the next one starts
    expect(formatDate('2026-11-21T00:00:00.000Z')).toBe('Nov 21, 2026');
    expect(formatDate(new Date('2026-11-21T23:30:00-05:00'))).toBe('Nov 22, 2026');
    expect(formatDateTime('2026-11-22T05:00:00.000Z')).toBe('Nov 22, 2026, 05:00 UTC');
    expect(formatDate(null)).toBe('—');
  });
});
