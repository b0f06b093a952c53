import { describe, expect, it } from 'vitest';
import { aggregateAlertWindow, calendarWindow, customerAlertWindow, windowHolds } from './alert-windows';

const at = (iso: string) => new Date(iso);
const range = (start: string, end: string) => ({ start: at(start), end: at(end) });
const iso = (w: { start: Date; end: Date }) => [w.start.toISOString(), w.end.toISOString()];
const NOVEMBER = range('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');

describe('alert windows', () => {
  it('a day is the UTC day: the last millisecond before midnight and midnight itself fall in different days', () => {
    expect(iso(calendarWindow('day', at('2026-11-22T23:59:59.999Z')))).toEqual(['2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
    expect(iso(calendarWindow('day', at('2026-11-23T00:00:00Z')))).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z']);
  });

  it('a week starts on Monday 00:00 UTC: Sunday night is the old week, Monday midnight the new one', () => {
    // 2026-11-22 is a Sunday, 2026-11-23 a Monday
    expect(iso(calendarWindow('week', at('2026-11-22T23:59:59.999Z')))).toEqual(['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
    expect(iso(calendarWindow('week', at('2026-11-23T00:00:00Z')))).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
  });

  it('the ISO week spanning the new year starts in December and ends in January', () => {
    // Thursday 2026-12-31 and Friday 2027-01-01 are in the week of Monday 2026-12-28
    expect(iso(calendarWindow('week', at('2026-12-31T12:00:00Z')))).toEqual(['2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z']);
    expect(iso(calendarWindow('week', at('2027-01-03T23:59:59Z')))).toEqual(['2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z']);
    expect(iso(calendarWindow('week', at('2027-01-04T00:00:00Z')))).toEqual(['2027-01-04T00:00:00.000Z', '2027-01-11T00:00:00.000Z']);
  });

  it('the period window is the open period, half-open: its end belongs to the next period', () => {
    const period = range('2026-11-05T10:00:00Z', '2026-12-05T10:00:00Z');
    expect(iso(customerAlertWindow('usage_amount', 'period', at('2026-11-05T10:00:00Z'), period))).toEqual(['2026-11-05T10:00:00.000Z', '2026-12-05T10:00:00.000Z']);
    expect(windowHolds(period, at('2026-12-05T09:59:59.999Z'))).toBe(true);
    expect(windowHolds(period, at('2026-12-05T10:00:00Z'))).toBe(false);
    expect(() => customerAlertWindow('usage_amount', 'period', at('2026-12-05T10:00:00Z'), period)).toThrow(/does not hold/);
  });

  it('money rules cut a day or week to the open period; unit rules keep the calendar window', () => {
    const period = range('2026-11-18T10:00:00Z', '2026-12-18T10:00:00Z'); // starts on a Wednesday at 10:00
    const afternoon = at('2026-11-18T15:00:00Z');
    expect(iso(customerAlertWindow('usage_amount', 'day', afternoon, period))).toEqual(['2026-11-18T10:00:00.000Z', '2026-11-19T00:00:00.000Z']);
    expect(iso(customerAlertWindow('metric_amount', 'week', afternoon, period))).toEqual(['2026-11-18T10:00:00.000Z', '2026-11-23T00:00:00.000Z']);
    expect(iso(customerAlertWindow('metric_units', 'day', afternoon, period))).toEqual(['2026-11-18T00:00:00.000Z', '2026-11-19T00:00:00.000Z']);
    // the morning of the day the next period starts ends at the period's end
    const previous = range('2026-10-18T10:00:00Z', '2026-11-18T10:00:00Z');
    expect(iso(customerAlertWindow('usage_amount', 'day', at('2026-11-18T09:00:00Z'), previous))).toEqual(['2026-11-18T00:00:00.000Z', '2026-11-18T10:00:00.000Z']);
    // a period starting at midnight changes nothing
    expect(iso(customerAlertWindow('usage_amount', 'day', at('2026-11-22T10:00:00Z'), NOVEMBER))).toEqual(['2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
  });

  it('aggregate windows are the calendar ones, the month for period', () => {
    expect(iso(aggregateAlertWindow('period', at('2026-11-30T23:59:59Z')))).toEqual(['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    expect(iso(aggregateAlertWindow('week', at('2026-11-25T00:00:00Z')))).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
  });
});
