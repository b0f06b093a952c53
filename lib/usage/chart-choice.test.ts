// The chart's metric choice and allowance line, shared by the customer's usage page and the admin's
// customer page.
import { describe, expect, it } from 'vitest';
import { chartAllowance, chartMetrics, type ChartUsage } from './chart-choice';
import type { MeteredChargeUsage } from './usage-summary';

const charge = (code: string, quantity: string, included = '0', key = code): MeteredChargeUsage => ({
  code, key, name: code, unit: 'unit', quantity, included, remaining: '0', overage: '0', overage_amount: '0.00', currency: 'usd',
});
const series = (metric: string, quantities: string[]) => ({ metric, name: metric, unit: 'unit', aggregation: 'sum' as const, points: quantities.map((quantity, i) => ({ day: `2026-11-0${i + 1}`, quantity })) });

describe('chartMetrics', () => {
  it('offers the plan’s metrics first, then others with usage, and defaults to the plan’s first one used', () => {
    const usage: ChartUsage = {
      summary: { metrics: [charge('seats', '0'), charge('api_calls', '12')] },
      metrics: [{ code: 'api_calls' }, { code: 'seats' }, { code: 'storage' }, { code: 'idle' }],
      daily: { series: [series('api_calls', ['12']), series('storage', ['0', '3']), series('idle', ['0'])] },
    };
    expect(chartMetrics(usage)).toEqual({ options: ['seats', 'api_calls', 'storage'], fallback: 'api_calls' });
  });

  it('with no plan and no usage offers every metric and picks the first', () => {
    const usage: ChartUsage = { summary: { metrics: [] }, metrics: [{ code: 'a' }, { code: 'b' }], daily: { series: [series('a', ['0']), series('b', ['0'])] } };
    expect(chartMetrics(usage)).toEqual({ options: ['a', 'b'], fallback: 'a' });
  });
});

describe('chartAllowance', () => {
  it('draws the one charge on the whole metric that includes units, and none for a filtered or free-less charge', () => {
    expect(chartAllowance({ summary: { metrics: [charge('api_calls', '5', '100')] } }, 'api_calls', 30)).toEqual({ included: '100', periodDays: 30 });
    expect(chartAllowance({ summary: { metrics: [charge('api_calls', '5', '0')] } }, 'api_calls', 30)).toBeNull();
    expect(chartAllowance({ summary: { metrics: [charge('seats', '5', '10', 'seats{tier=pro}')] } }, 'seats', 30)).toBeNull();
    expect(chartAllowance({ summary: { metrics: [charge('seats', '5', '10'), charge('seats', '1', '10', 'seats{tier=pro}')] } }, 'seats', 30)).toBeNull();
    expect(chartAllowance({ summary: { metrics: [charge('api_calls', '5', '100')] } }, null, 30)).toBeNull();
  });
});
