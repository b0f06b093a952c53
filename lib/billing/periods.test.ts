import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addInterval, periodAt, periodContaining, type PlanInterval } from './periods';

const utc = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('addInterval', () => {
  it('computes months from the anchor, clamping to the month end', () => {
    const anchor = utc('2025-01-31T10:15:00.000Z');
    const starts = Array.from({ length: 14 }, (_, i) => iso(addInterval(anchor, 'month', 1, i)).slice(0, 10));
    expect(starts).toEqual([
      '2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30', '2025-07-31',
      '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31', '2026-02-28',
    ]);
  });

  it('keeps the anchor time of day', () => {
    expect(iso(addInterval(utc('2025-01-31T10:15:30.250Z'), 'month', 1, 1))).toBe('2025-02-28T10:15:30.250Z');
  });

  it('uses Feb 29 in leap years', () => {
    expect(iso(addInterval(utc('2024-01-31T00:00:00Z'), 'month', 1))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('clamps a Feb 29 yearly anchor to Feb 28 and returns to Feb 29 in the next leap year', () => {
    const anchor = utc('2024-02-29T12:00:00Z');
    expect([1, 2, 3, 4].map((n) => iso(addInterval(anchor, 'year', 1, n)))).toEqual([
      '2025-02-28T12:00:00.000Z',
      '2026-02-28T12:00:00.000Z',
      '2027-02-28T12:00:00.000Z',
      '2028-02-29T12:00:00.000Z',
    ]);
  });

  it('treats a quarter as three months from the anchor', () => {
    const anchor = utc('2024-11-30T00:00:00Z');
    expect([1, 2, 3, 4].map((n) => iso(addInterval(anchor, 'quarter', 1, n)).slice(0, 10))).toEqual([
      '2025-02-28',
      '2025-05-30',
      '2025-08-30',
      '2025-11-30',
    ]);
    expect(iso(addInterval(utc('2025-08-31T00:00:00Z'), 'quarter', 1, 2)).slice(0, 10)).toBe('2026-02-28');
  });

  it('multiplies count by times', () => {
    expect(iso(addInterval(utc('2025-01-31T00:00:00Z'), 'month', 2, 3))).toBe('2025-07-31T00:00:00.000Z');
    expect(iso(addInterval(utc('2025-01-31T00:00:00Z'), 'month', 1, 0))).toBe('2025-01-31T00:00:00.000Z');
  });

  it('adds exact days and weeks in UTC', () => {
    // Spans the EU and US DST switches: UTC periods stay exactly 7 × 24h.
    expect(iso(addInterval(utc('2025-03-03T12:00:00Z'), 'week', 1, 4))).toBe('2025-03-31T12:00:00.000Z');
    expect(iso(addInterval(utc('2025-01-15T00:00:00Z'), 'day', 30, 2))).toBe('2025-03-16T00:00:00.000Z');
  });

  it('rejects invalid dates and non-integer counts', () => {
    expect(() => addInterval(new Date(Number.NaN), 'day', 1)).toThrow(RangeError);
    expect(() => addInterval(utc('2025-01-01T00:00:00Z'), 'day', 1.5)).toThrow(RangeError);
    expect(() => addInterval(utc('2025-01-01T00:00:00Z'), 'fortnight' as PlanInterval, 1)).toThrow(RangeError);
  });
});

describe('periodAt', () => {
  it('returns half-open anniversary periods', () => {
    const anchor = utc('2025-01-31T00:00:00Z');
    expect(periodAt(anchor, 'month', 1, 0)).toEqual({ start: anchor, end: utc('2025-02-28T00:00:00Z') });
    expect(periodAt(anchor, 'month', 1, 1)).toEqual({ start: utc('2025-02-28T00:00:00Z'), end: utc('2025-03-31T00:00:00Z') });
  });

  it('supports a fixed 30-day cycle', () => {
    const anchor = utc('2025-01-15T00:00:00Z');
    expect(periodAt(anchor, 'day', 30, 1)).toEqual({ start: utc('2025-02-14T00:00:00Z'), end: utc('2025-03-16T00:00:00Z') });
  });

  it('rejects a negative index or a zero interval count', () => {
    const anchor = utc('2025-01-15T00:00:00Z');
    expect(() => periodAt(anchor, 'month', 1, -1)).toThrow(RangeError);
    expect(() => periodAt(anchor, 'month', 0, 1)).toThrow(RangeError);
  });
});

describe('periodContaining', () => {
  const anchor = utc('2025-01-31T00:00:00Z');

  it('puts the anchor itself in period 0', () => {
    expect(periodContaining(anchor, 'month', 1, anchor)).toEqual({ start: anchor, end: utc('2025-02-28T00:00:00Z'), index: 0 });
  });

  it('keeps the last millisecond of the last day in the period', () => {
    expect(periodContaining(anchor, 'month', 1, utc('2025-02-27T23:59:59.999Z')).index).toBe(0);
  });

  it('puts an instant equal to a period end into the next period', () => {
    expect(periodContaining(anchor, 'month', 1, utc('2025-02-28T00:00:00Z'))).toEqual({
      start: utc('2025-02-28T00:00:00Z'),
      end: utc('2025-03-31T00:00:00Z'),
      index: 1,
    });
  });

  it('handles a day inside a month where the anniversary comes later', () => {
    // Mar 30 is after the Feb 28 start but before the Mar 31 anniversary.
    expect(periodContaining(anchor, 'month', 1, utc('2025-03-30T12:00:00Z')).index).toBe(1);
  });

  it('works at boundaries of weekly and 30-day plans', () => {
    const weekly = utc('2025-03-03T12:00:00Z');
    expect(periodContaining(weekly, 'week', 1, utc('2025-03-10T11:59:59.999Z')).index).toBe(0);
    expect(periodContaining(weekly, 'week', 1, utc('2025-03-10T12:00:00Z')).index).toBe(1);
    const thirty = utc('2025-01-15T00:00:00Z');
    expect(periodContaining(thirty, 'day', 30, utc('2025-02-13T23:59:59.999Z')).index).toBe(0);
    expect(periodContaining(thirty, 'day', 30, utc('2025-02-14T00:00:00Z')).index).toBe(1);
  });

  it('finds periods far from the anchor directly', () => {
    const daily = periodContaining(utc('2000-01-01T06:00:00Z'), 'day', 1, utc('2100-06-15T05:59:59.999Z'));
    expect(daily.index).toBe(36_689);
    expect(daily.start).toEqual(utc('2100-06-14T06:00:00Z'));

    const monthly = periodContaining(utc('1990-01-31T00:00:00Z'), 'month', 1, utc('2090-03-30T00:00:00Z'));
    expect(monthly).toEqual({ start: utc('2090-02-28T00:00:00Z'), end: utc('2090-03-31T00:00:00Z'), index: 1201 });
  });

  it('rejects an instant before the anchor', () => {
    expect(() => periodContaining(anchor, 'month', 1, utc('2025-01-30T23:59:59.999Z'))).toThrow(RangeError);
  });

  it('always returns the period that holds the instant', () => {
    const intervalArb = fc.constantFrom<PlanInterval>('day', 'week', 'month', 'quarter', 'year');
    const minMs = Date.UTC(1990, 0, 1);
    const maxMs = Date.UTC(2090, 0, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: minMs, max: maxMs }),
        fc.integer({ min: 0, max: maxMs - minMs }),
        intervalArb,
        fc.integer({ min: 1, max: 36 }),
        (anchorMs, offset, interval, count) => {
          const anchorDate = new Date(anchorMs);
          const at = new Date(anchorMs + offset);
          const found = periodContaining(anchorDate, interval, count, at);
          expect(found.start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(found.end.getTime()).toBeGreaterThan(at.getTime());
          expect(periodAt(anchorDate, interval, count, found.index)).toEqual({ start: found.start, end: found.end });
        },
      ),
      { numRuns: 500 },
    );
  });
});
