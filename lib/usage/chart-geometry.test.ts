import { describe, expect, it } from 'vitest';
import { allowanceLine, barSlot, dayIndex, labelledDays, niceTicks, parseChartDays, scaleHeight, valueAxis } from './chart-geometry';

describe('niceTicks: round numbers from 0 to at or above the highest value', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceTicks(105)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(5)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(12_500)).toEqual([0, 5000, 10000, 15000]);
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('has no float noise in fractional steps', () => {
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0.0007)).toEqual([0, 0.0002, 0.0004, 0.0006, 0.0008]);
  });

  it('always reaches the highest value and gives an empty chart a 0–1 axis', () => {
    for (const max of [1, 3, 7, 9.99, 33, 101, 999, 1234.5]) expect(niceTicks(max).at(-1)!).toBeGreaterThanOrEqual(max);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});

describe('valueAxis: round ticks across zero', () => {
  it('runs from 0 to a round top when nothing is negative, 0–1 when everything is 0', () => {
    expect(valueAxis([120, 400, 300])).toEqual({ ticks: [0, 100, 200, 300, 400], low: 0, high: 400 });
    expect(valueAxis([0, 0])).toEqual({ ticks: [0, 1], low: 0, high: 1 });
    expect(valueAxis([])).toEqual({ ticks: [0, 1], low: 0, high: 1 });
  });

  it('goes below zero in the same steps for a negative value, zero among the ticks', () => {
    expect(valueAxis([300, -120])).toEqual({ ticks: [-200, -100, 0, 100, 200, 300], low: -200, high: 300 });
    expect(valueAxis([-45])).toEqual({ ticks: [-60, -40, -20, 0], low: -60, high: 0 });
  });
});

describe('scaleHeight', () => {
  it('is proportional to the top tick, 0 for nothing, and never passes the top', () => {
    expect(scaleHeight(50, 100, 200)).toBe(100);
    expect(scaleHeight(0, 100, 200)).toBe(0);
    expect(scaleHeight(150, 100, 200)).toBe(200);
    expect(scaleHeight(5, 0, 200)).toBe(0);
  });
});

describe('barSlot and labelledDays', () => {
  it('splits the plot into equal slots with the bar centred in each', () => {
    const first = barSlot(0, 30, { left: 50, width: 600 });
    expect(first.slotX).toBe(50);
    expect(first.slotWidth).toBe(20);
    expect(first.width).toBeCloseTo(14.4);
    expect(first.center).toBeCloseTo(60);
    expect(barSlot(29, 30, { left: 50, width: 600 }).center).toBeCloseTo(640);
    // 90 bars still fit the plot
    const last = barSlot(89, 90, { left: 50, width: 600 });
    expect(last.x + last.width).toBeLessThanOrEqual(650);
  });

  it('labels the first and last day and evenly spaced ones between', () => {
    expect(labelledDays(30)).toEqual([0, 7, 15, 22, 29]);
    expect(labelledDays(90)).toEqual([0, 22, 45, 67, 89]);
    expect(labelledDays(3)).toEqual([0, 1, 2]);
    expect(labelledDays(0)).toEqual([]);
  });

  it('finds a day among the chart’s days', () => {
    expect(dayIndex(['2026-11-01', '2026-11-02'], '2026-11-02')).toBe(1);
    expect(dayIndex(['2026-11-01'], '2026-10-31')).toBeNull();
  });
});

describe('allowanceLine', () => {
  it('is the included level for a metric that measures a level', () => {
    expect(allowanceLine('100', 'max', 30)).toEqual({ kind: 'level', value: '100', included: '100', periodDays: 30 });
    expect(allowanceLine('5', 'latest', 31)).toMatchObject({ kind: 'level', value: '5' });
  });

  it('is the period’s allowance spread evenly over its days for what adds up, exactly to 2 decimals', () => {
    expect(allowanceLine('10000', 'sum', 30)).toEqual({ kind: 'per_day', value: '333.33', included: '10000', periodDays: 30 });
    expect(allowanceLine('3000', 'count', 30)).toMatchObject({ kind: 'per_day', value: '100' });
  });

  it('is absent when the plan includes nothing', () => {
    expect(allowanceLine('0', 'sum', 30)).toBeNull();
  });
});

describe('parseChartDays', () => {
  it('takes 30 or 90 and falls back to 30 for anything else', () => {
    expect(parseChartDays('90')).toBe(90);
    expect(parseChartDays('30')).toBe(30);
    expect(parseChartDays(['90', '30'])).toBe(90);
    for (const raw of [undefined, '', '7', '90x', ' 90', '1e2']) expect(parseChartDays(raw)).toBe(30);
  });
});
