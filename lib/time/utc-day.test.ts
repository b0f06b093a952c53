import { describe, expect, it } from 'vitest';
import { addUtcDays, isUtcDay, lastUtcDayOfPeriod, parseUtcDay, startOfUtcDay, utcDay, utcDaysBetween, utcDaysInclusive } from './utc-day';

describe('UTC days', () => {
  it('finds the day holding an instant, whatever its time of day', () => {
    expect(startOfUtcDay(new Date('2026-11-22T23:59:59.999Z')).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(startOfUtcDay(Date.parse('2026-11-22T00:00:00Z')).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(utcDay(new Date('2026-12-31T23:30:00-05:00'))).toBe('2027-01-01');
  });

  it('adds whole days across month and year ends and leap days', () => {
    expect(addUtcDays(new Date('2028-02-28T10:00:00Z'), 1).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(addUtcDays(new Date('2026-12-31T10:00:00Z'), 1).toISOString()).toBe('2027-01-01T10:00:00.000Z');
    expect(addUtcDays(new Date('2026-11-22T00:00:00Z'), -14).toISOString()).toBe('2026-11-08T00:00:00.000Z');
  });

  it('accepts only real YYYY-MM-DD days', () => {
    expect(isUtcDay('2028-02-29')).toBe(true);
    expect(isUtcDay('2026-02-29')).toBe(false); // would roll over to Mar 1
    expect(isUtcDay('2026-02-30')).toBe(false);
    expect(isUtcDay('2026-13-01')).toBe(false); // an invalid date, not an exception
    expect(isUtcDay('2026-1-01')).toBe(false);
    expect(isUtcDay('2026-11-22T00:00:00Z')).toBe(false);
  });

  it('counts and lists a range with both ends included', () => {
    expect(parseUtcDay('2026-11-01').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(utcDaysInclusive('2026-11-01', '2026-11-30')).toBe(30);
    expect(utcDaysInclusive('2026-11-30', '2026-11-30')).toBe(1);
    expect(utcDaysInclusive('2026-12-01', '2026-11-30')).toBe(0);
    expect(utcDaysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(utcDaysBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });
});

describe('lastUtcDayOfPeriod', () => {
  it('is the day of the last instant before the end', () => {
    expect(lastUtcDayOfPeriod('2026-11-01T00:00:00.000Z')).toBe('2026-10-31');
    expect(lastUtcDayOfPeriod(new Date('2027-01-01T00:00:00Z'))).toBe('2026-12-31');
    expect(lastUtcDayOfPeriod('2026-11-15T10:00:00.000Z')).toBe('2026-11-15');
  });
});
