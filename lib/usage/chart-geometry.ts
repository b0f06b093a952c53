// The usage chart's arithmetic, apart from its markup: y-axis ticks at round numbers, the scale from a
// quantity to a height, where each day's bar sits, which days get a date label, where the billing
// period starts, and the allowance line. Geometry is display only, so it uses numbers; anything the
// chart prints as text (the allowance) stays an exact decimal string. Pure, no clock.
import { z } from 'zod';
import { toExact } from '@/lib/billing/exact-decimal';
import { decimalString } from '@/lib/billing/money';
import type { Aggregation } from './usage-aggregation';

/** The days a customer can switch the chart between; the first is the default. */
export const CHART_DAY_OPTIONS = [30, 90] as const;
export type ChartDays = (typeof CHART_DAY_OPTIONS)[number];

// a bad value in a link is not worth an error page: the chart falls back to its default
const chartDaysSchema = z
  .enum(['30', '90'])
  .transform((d) => Number(d) as ChartDays)
  .catch(CHART_DAY_OPTIONS[0]);

/** `?days=` as the page receives it: 30 or 90, anything else (missing, "7", "90x", a list) is the default 30. */
export function parseChartDays(raw: string | string[] | undefined): ChartDays {
  return chartDaysSchema.parse(Array.isArray(raw) ? raw[0] : raw);
}

/** Drops the float noise of a multiplication (0.1 × 3 = 0.30000000000000004) without changing the value. */
const clean = (n: number) => Number(n.toPrecision(12));

/**
 * Round tick values from 0 to the first round number at or above `max`: steps of 1, 2, 2.5 or 5 times
 * a power of ten, about `target` of them. A chart with nothing to show still gets a 0–1 axis.
 */
export function niceTicks(max: number, target = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => clean(m * power)).find((s) => s >= rough)!;
  const count = Math.ceil(clean(max / step));
  return Array.from({ length: count + 1 }, (_, i) => clean(i * step));
}

/**
 * A value axis that may go below zero (a negative gross margin): round ticks of one step from the lowest
 * value (0 when none is negative) to the highest, zero always among them; `low` and `high` are its ends.
 */
export function valueAxis(values: number[]): { ticks: number[]; low: number; high: number } {
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const spread = niceTicks(Math.max(high, -low));
  const step = spread[1]!;
  const up = Math.max(Math.ceil(high / step - 1e-9), low < 0 ? 0 : 1);
  const down = Math.ceil(-low / step - 1e-9);
  const ticks = Array.from({ length: up + down + 1 }, (_, i) => Number(((i - down) * step).toPrecision(12)));
  return { ticks, low: down === 0 ? 0 : -down * step, high: up * step };
}

/** A value's height in a plot `height` tall whose top is `top` (the highest tick): 0 at the baseline, never past the top. */
export function scaleHeight(value: number, top: number, height: number): number {
  if (!(top > 0) || !(value > 0)) return 0;
  return Math.min(value / top, 1) * height;
}

/** Day `index` of `count`'s slot in a plot `width` wide from `left`: the bar's x, its width and its centre. */
export function barSlot(index: number, count: number, { left, width }: { left: number; width: number }) {
  const slot = width / Math.max(count, 1);
  // narrow slots (90 days) keep a thinner gap so the bars stay visible
  const barWidth = Math.max(slot * (count > 45 ? 0.8 : 0.72), 1);
  const x = left + index * slot + (slot - barWidth) / 2;
  return { x, width: barWidth, center: x + barWidth / 2, slotX: left + index * slot, slotWidth: slot };
}

/** Which of `count` days carry a date under the axis: the first, the last and evenly spaced ones between, about `labels` in all. */
export function labelledDays(count: number, labels = 5): number[] {
  if (count <= 0) return [];
  if (count <= labels) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (labels - 1);
  return [...new Set(Array.from({ length: labels }, (_, i) => Math.round(i * step)))];
}

/** The index of `day` ('YYYY-MM-DD') among the chart's days, or null when the chart does not show it. */
export function dayIndex(days: string[], day: string): number | null {
  const index = days.indexOf(day);
  return index === -1 ? null : index;
}

export type AllowanceLine = {
  /** level: the included units apply to each day's reading; per_day: the period's units spread evenly over its days */
  kind: 'level' | 'per_day';
  /** where the line is drawn, in the metric's units per day (exact, at most 2 decimals for per_day) */
  value: string;
  /** the plan's included units per period */
  included: string;
  periodDays: number;
};

/**
 * The included allowance as a line on a per-day chart. For a level (max, latest: storage, seats) the
 * plan includes that level, so the line is the included units themselves. For what adds up over days
 * (sum, count) the allowance is for the whole period, so the line is its even share per day: usage above
 * it uses the allowance up faster than the period passes. Null when nothing is included.
 */
export function allowanceLine(included: string, aggregation: Aggregation, periodDays: number): AllowanceLine | null {
  const units = toExact(included, 'included');
  if (units.lte(0)) return null;
  if (aggregation === 'sum' || aggregation === 'count') {
    const days = Math.max(1, periodDays);
    return { kind: 'per_day', value: decimalString(units.div(days).toDecimalPlaces(2)), included: decimalString(units), periodDays: days };
  }
  return { kind: 'level', value: decimalString(units), included: decimalString(units), periodDays };
}
