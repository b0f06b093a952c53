/*
 * Anniversary billing periods in UTC, half-open [start, end).
 *
 * Month-based periods are always computed from the anchor (anchor + n months), never by chaining from the
 * previous period end: chaining would let Jan 31 → Feb 28 drift to the 28th forever, while Stripe-style
 * anniversaries come back to Mar 31, Apr 30, May 31 ... Days past the end of a short month clamp to its
 * last day. Day and week periods are exact 24h / 7d multiples, which UTC makes free of DST surprises.
 */

import { DAY_MS } from '@/lib/time/utc-day';

export type PlanInterval = 'day' | 'week' | 'month' | 'quarter' | 'year';

const FIXED_MS: Partial<Record<PlanInterval, number>> = { day: DAY_MS, week: 7 * DAY_MS };
const MONTHS: Partial<Record<PlanInterval, number>> = { month: 1, quarter: 3, year: 12 };

function checkDate(date: Date, label: string): void {
  if (Number.isNaN(date.getTime())) throw new RangeError(`${label} is not a valid date`);
}

function checkInteger(value: number, label: string, min?: number): void {
  if (!Number.isSafeInteger(value) || (min !== undefined && value < min)) {
    throw new RangeError(`${label} must be an integer${min === undefined ? '' : ` >= ${min}`}, got ${value}`);
  }
}

function monthsPer(interval: PlanInterval): number | undefined {
  return MONTHS[interval];
}

function addMonths(anchor: Date, months: number): Date {
  const monthIndex = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  // setUTCFullYear rather than Date.UTC, which would map years 0-99 to 1900-1999.
  const lastOfMonth = new Date(0);
  lastOfMonth.setUTCFullYear(year, month + 1, 0);
  const result = new Date(anchor.getTime());
  result.setUTCFullYear(year, month, Math.min(anchor.getUTCDate(), lastOfMonth.getUTCDate()));
  return result;
}

/** anchor + times × (count intervals); the anchor's UTC time of day is kept. */
export function addInterval(anchor: Date, interval: PlanInterval, count: number, times = 1): Date {
  checkDate(anchor, 'anchor');
  checkInteger(count, 'count');
  checkInteger(times, 'times');
  const units = count * times;
  checkInteger(units, 'count × times');
  const fixed = FIXED_MS[interval];
  const months = monthsPer(interval);
  let result: Date;
  if (fixed !== undefined) result = new Date(anchor.getTime() + units * fixed);
  else if (months !== undefined) result = addMonths(anchor, units * months);
  else throw new RangeError(`unknown interval ${JSON.stringify(interval)}`);
  checkDate(result, 'resulting date');
  return result;
}

/** The index-th period (0 = the one starting at the anchor). */
export function periodAt(anchor: Date, interval: PlanInterval, intervalCount: number, index: number): { start: Date; end: Date } {
  checkInteger(intervalCount, 'intervalCount', 1);
  checkInteger(index, 'index', 0);
  return {
    start: addInterval(anchor, interval, intervalCount, index),
    end: addInterval(anchor, interval, intervalCount, index + 1),
  };
}

/** The period holding `at`; an instant equal to a period's end belongs to the next period. */
export function periodContaining(
  anchor: Date,
  interval: PlanInterval,
  intervalCount: number,
  at: Date,
): { start: Date; end: Date; index: number } {
  checkDate(anchor, 'anchor');
  checkDate(at, 'at');
  checkInteger(intervalCount, 'intervalCount', 1);
  if (at.getTime() < anchor.getTime()) {
    throw new RangeError(`${at.toISOString()} is before the billing anchor ${anchor.toISOString()}`);
  }

  // Estimate the index arithmetically, then correct by at most a step or two, so a decades-old daily
  // subscription costs the same as a new one.
  let index: number;
  const fixed = FIXED_MS[interval];
  const months = monthsPer(interval);
  if (fixed !== undefined) {
    index = Math.floor((at.getTime() - anchor.getTime()) / (fixed * intervalCount));
  } else if (months !== undefined) {
    const monthDiff =
      (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
    index = Math.max(0, Math.floor(monthDiff / (months * intervalCount)));
  } else {
    throw new RangeError(`unknown interval ${JSON.stringify(interval)}`);
  }

  let period = periodAt(anchor, interval, intervalCount, index);
  while (index > 0 && period.start.getTime() > at.getTime()) {
    index -= 1;
    period = periodAt(anchor, interval, intervalCount, index);
  }
  while (period.end.getTime() <= at.getTime()) {
    index += 1;
    period = periodAt(anchor, interval, intervalCount, index);
  }
  return { ...period, index };
}

/**
 * The calendar period holding `at`: the UTC day, the week from Monday 00:00 (Vigint bills every
 * Monday), the month from the 1st, the quarter from Jan/Apr/Jul/Oct 1, the year from Jan 1.
 */
export function calendarPeriodContaining(interval: PlanInterval, at: Date): { start: Date; end: Date } {
  checkDate(at, 'at');
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const monthStart = (monthIndex: number) => {
    const start = new Date(0);
    start.setUTCFullYear(at.getUTCFullYear(), monthIndex, 1);
    return start;
  };
  switch (interval) {
    case 'day':
      return { start: new Date(midnight), end: new Date(midnight + DAY_MS) };
    case 'week': {
      const daysSinceMonday = (at.getUTCDay() + 6) % 7;
      const start = midnight - daysSinceMonday * DAY_MS;
      return { start: new Date(start), end: new Date(start + 7 * DAY_MS) };
    }
    case 'month':
    case 'quarter':
    case 'year': {
      const months = MONTHS[interval]!;
      const first = Math.floor(at.getUTCMonth() / months) * months;
      return { start: monthStart(first), end: monthStart(first + months) };
    }
    default:
      throw new RangeError(`unknown interval ${JSON.stringify(interval)}`);
  }
}
