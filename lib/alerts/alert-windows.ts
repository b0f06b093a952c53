// The window an alert rule measures at `now`, as a half-open range [start, end) that holds `now`.
// Pure: the billing calendar (lib/billing/periods.ts) gives the UTC day and the ISO week (Monday 00:00
// UTC, so the week of Thursday 2026-12-31 starts on Monday 2026-12-28 and ends on Monday 2027-01-04),
// and the customer's open billing period comes from the caller (findOpenPeriod's period).
//
// The clamping rule. Money rules (usage_amount, metric_amount) read the open period's estimate, and an
// estimate is per period: the usage charges at the window's end minus at its start only mean something
// when both ends are in the same period. So a day or week window of a money rule is the calendar window
// cut to the open period: a period that starts at 10:00 on a Wednesday makes that day's window
// [10:00, 24:00) and that week's [Wed 10:00, Mon 00:00); the usage before 10:00 belonged to the period
// that closed, whose invoice says what it cost. A window cut that way starts at the period's start, so
// the once-per-window key (rule, customer, window_start) counts it as a window of its own. Unit rules
// (metric_units) count events, which have no period: their day and week are the plain calendar ones.
import { calendarPeriodContaining } from '@/lib/billing/periods';
import type { TimeRange } from '@/lib/billing/proration';
import type { AlertRuleKind, AlertWindowUnit } from './alert-rule-types';

/** The UTC day or ISO week holding `now`. */
export function calendarWindow(unit: 'day' | 'week', now: Date): TimeRange {
  return calendarPeriodContaining(unit, now);
}

/** Whether a rule of this kind reads the period estimate (and so has its day and week cut to the open period). */
export function measuresMoney(kind: AlertRuleKind): boolean {
  return kind === 'usage_amount' || kind === 'metric_amount';
}

/** The overlap of two ranges that both hold `now` (so it is never empty). */
function intersect(a: TimeRange, b: TimeRange): TimeRange {
  return { start: new Date(Math.max(a.start.getTime(), b.start.getTime())), end: new Date(Math.min(a.end.getTime(), b.end.getTime())) };
}

/**
 * The window a rule measures for one customer at `now`: the open period itself for `period`, else the
 * calendar day or week, cut to the open period for money rules (see the clamping rule above).
 * `openPeriod` must hold `now`.
 */
export function customerAlertWindow(kind: AlertRuleKind, unit: AlertWindowUnit, now: Date, openPeriod: TimeRange): TimeRange {
  if (!(openPeriod.start <= now && now < openPeriod.end)) throw new Error(`the open period [${openPeriod.start.toISOString()}, ${openPeriod.end.toISOString()}) does not hold ${now.toISOString()}`);
  if (unit === 'period') return { start: openPeriod.start, end: openPeriod.end };
  const calendar = calendarWindow(unit, now);
  return measuresMoney(kind) ? intersect(calendar, openPeriod) : calendar;
}

/**
 * The window an aggregate rule's alert is keyed by: the calendar day or week, and for `period` the UTC
 * calendar month (customers' periods start on different days, so "the period" of all customers together
 * is the month; each customer still contributes its own open period's value, see measure-alert-values).
 */
export function aggregateAlertWindow(unit: AlertWindowUnit, now: Date): TimeRange {
  return unit === 'period' ? calendarPeriodContaining('month', now) : calendarWindow(unit, now);
}

/** Whether `at` is inside the half-open window. */
export function windowHolds(window: TimeRange, at: Date): boolean {
  return window.start <= at && at < window.end;
}
