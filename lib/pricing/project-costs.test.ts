// The CostProjector's arithmetic and verdicts: the Billing Engine's own examples, each service type's
// target, no revenue, a loss, a margin exactly at its target, how margins round, and bad input.
import { describe, expect, it } from 'vitest';
import { apiError } from '@/test/api-error';
import { percentString, projectCosts, recommend, type ProjectionInput } from './project-costs';

const project = (input: Partial<ProjectionInput>, currency = 'usd') =>
  projectCosts({ expected_calls_per_month: 50000, api_cost_per_call: '0.002', proposed_price_per_1k: '5', ...input } as ProjectionInput, currency);

/** The fields and messages of the 422 a route would answer for `input`. */
async function fieldErrors(input: unknown): Promise<{ field?: string; message: string }[]> {
  const error = await apiError(Promise.resolve().then(() => projectCosts(input as ProjectionInput, 'usd')));
  expect(error.status).toBe(422);
  return error.fields.map((field, i) => ({ field, message: error.messages[i]! }));
}

describe('projectCosts', () => {
  it('projects the Billing Engine example: 50,000 calls at $0.002, $5 per 1,000 → $100 cost, $250 revenue, $150 profit, 60%, Viable', () => {
    expect(project({})).toEqual({
      calls_per_month: '50000',
      monthly_cost: '100.00',
      monthly_revenue: '250.00',
      monthly_profit: '150.00',
      margin_percent: '60.00',
      target_margin_percent: '50.00',
      recommendation: 'Viable',
      currency: 'usd',
      service_type: 'api',
    });
  });

  it('projects the complete example: 100,000 calls at $0.002, $10 per 1,000 → 80%', () => {
    expect(project({ expected_calls_per_month: '100000', proposed_price_per_1k: '10.0' })).toMatchObject({
      calls_per_month: '100000',
      monthly_cost: '200.00',
      monthly_revenue: '1000.00',
      monthly_profit: '800.00',
      margin_percent: '80.00',
      recommendation: 'Viable',
    });
  });

  it('holds each service type to its own target: the same 60% is Viable for api and data processing, thin for custom code', () => {
    expect(project({ service_type: 'api' })).toMatchObject({ target_margin_percent: '50.00', recommendation: 'Viable', service_type: 'api' });
    expect(project({ service_type: 'data_processing' })).toMatchObject({ target_margin_percent: '60.00', recommendation: 'Viable' });
    expect(project({ service_type: 'custom_code' })).toMatchObject({ target_margin_percent: '70.00', recommendation: 'Thin margins' });
  });

  it('is Viable exactly at the target and thin just below it', () => {
    // $0.0015 a call against $5 per 1,000: (5 − 1.5) / 5 = 70% exactly
    expect(project({ api_cost_per_call: '0.0015', service_type: 'custom_code' })).toMatchObject({ margin_percent: '70.00', recommendation: 'Viable' });
    expect(project({ api_cost_per_call: '0.0015001', service_type: 'custom_code' })).toMatchObject({ margin_percent: '70.00', recommendation: 'Viable' });
    expect(project({ api_cost_per_call: '0.0015003', service_type: 'custom_code' })).toMatchObject({ margin_percent: '69.99', recommendation: 'Thin margins' });
    // $0.0025 a call: 50% exactly, the api target
    expect(project({ api_cost_per_call: '0.0025' })).toMatchObject({ monthly_profit: '125.00', margin_percent: '50.00', recommendation: 'Viable' });
  });

  it('calls a loss Unprofitable with a negative margin, and a break-even too', () => {
    expect(project({ api_cost_per_call: '0.006' })).toMatchObject({ monthly_cost: '300.00', monthly_revenue: '250.00', monthly_profit: '-50.00', margin_percent: '-20.00', recommendation: 'Unprofitable' });
    expect(project({ api_cost_per_call: '0.005' })).toMatchObject({ monthly_profit: '0.00', margin_percent: '0.00', recommendation: 'Unprofitable' });
  });

  it('gives no revenue a margin of 0.00 instead of dividing by zero: no calls, or a price of 0', () => {
    expect(project({ expected_calls_per_month: 0 })).toMatchObject({ calls_per_month: '0', monthly_cost: '0.00', monthly_revenue: '0.00', monthly_profit: '0.00', margin_percent: '0.00', recommendation: 'Unprofitable' });
    expect(project({ proposed_price_per_1k: '0' })).toMatchObject({ monthly_cost: '100.00', monthly_revenue: '0.00', monthly_profit: '-100.00', margin_percent: '0.00', recommendation: 'Unprofitable' });
  });

  it('rounds the margin half-up to 2 decimals, ties away from zero for losses too', () => {
    // 1,000 calls at $200 per 1,000 = $200; a cost of $175.31 leaves 24.69 / 200 = 12.345%
    expect(project({ expected_calls_per_month: 1000, proposed_price_per_1k: '200', api_cost_per_call: '0.17531' })).toMatchObject({ monthly_profit: '24.69', margin_percent: '12.35' });
    // $224.69 loses 24.69 / 200 = −12.345%
    expect(project({ expected_calls_per_month: 1000, proposed_price_per_1k: '200', api_cost_per_call: '0.22469' })).toMatchObject({ monthly_profit: '-24.69', margin_percent: '-12.35' });
    // a third: 33.333…% → 33.33; two thirds: 66.666…% → 66.67
    expect(project({ expected_calls_per_month: 3, proposed_price_per_1k: '3000', api_cost_per_call: '2' })).toMatchObject({ margin_percent: '33.33' });
    expect(project({ expected_calls_per_month: 3, proposed_price_per_1k: '3000', api_cost_per_call: '1' })).toMatchObject({ margin_percent: '66.67' });
    expect(percentString('49.995')).toBe('50.00');
    expect(percentString('-0.001')).toBe('0.00');
  });

  it('compares the rounded margin with the target, so the verdict matches the figure shown', () => {
    expect(recommend('50.00', '50')).toBe('Viable');
    expect(recommend('49.99', '50')).toBe('Thin margins');
    expect(recommend('0.01', '50')).toBe('Thin margins');
    expect(recommend('0.00', '50')).toBe('Unprofitable');
    // 10,000 calls at $0.0050005 against $10 per 1,000: 49.995% shows as 50.00 and is Viable
    expect(project({ expected_calls_per_month: 10000, proposed_price_per_1k: '10', api_cost_per_call: '0.0050005' })).toMatchObject({ margin_percent: '50.00', recommendation: 'Viable' });
  });

  it('keeps tiny unit costs exact and rounds money to the currency: a token at $0.0000005, yen without decimals', () => {
    expect(project({ expected_calls_per_month: 3_000_000, api_cost_per_call: '0.0000005', proposed_price_per_1k: '0.001' })).toMatchObject({ monthly_cost: '1.50', monthly_revenue: '3.00', margin_percent: '50.00' });
    expect(project({ expected_calls_per_month: 1500, api_cost_per_call: '1', proposed_price_per_1k: '3333' }, 'jpy')).toMatchObject({ monthly_cost: '1500', monthly_revenue: '5000', monthly_profit: '3500', currency: 'jpy' });
  });

  it('refuses bad input with a 422 naming the field', async () => {
    const valid = { expected_calls_per_month: 50000, api_cost_per_call: '0.002', proposed_price_per_1k: '5' };
    expect(await fieldErrors({ ...valid, expected_calls_per_month: -1 })).toEqual([{ field: 'expected_calls_per_month', message: 'must not be negative' }]);
    expect(await fieldErrors({ ...valid, expected_calls_per_month: 1.5 })).toEqual([{ field: 'expected_calls_per_month', message: 'must be a whole number of calls, such as 50000' }]);
    expect(await fieldErrors({ ...valid, expected_calls_per_month: 'lots' })).toEqual([{ field: 'expected_calls_per_month', message: 'must be a whole number of calls, such as 50000' }]);
    expect(await fieldErrors({ ...valid, expected_calls_per_month: 1_000_000_000_001 })).toEqual([{ field: 'expected_calls_per_month', message: 'must be at most 1000000000000' }]);
    expect(await fieldErrors({ ...valid, api_cost_per_call: '-0.002' })).toEqual([{ field: 'api_cost_per_call', message: 'api_cost_per_call must be a non-negative decimal string with at most 10 decimals' }]);
    expect(await fieldErrors({ ...valid, api_cost_per_call: 0.002 })).toEqual([{ field: 'api_cost_per_call', message: 'api_cost_per_call must be a decimal string, such as "0.002"' }]);
    expect((await fieldErrors({ ...valid, proposed_price_per_1k: 'five' }))[0]!.field).toBe('proposed_price_per_1k');
    expect((await fieldErrors({ ...valid, proposed_price_per_1k: '1e3' }))[0]!.field).toBe('proposed_price_per_1k');
    expect(await fieldErrors({ ...valid, service_type: 'saas' })).toEqual([{ field: 'service_type', message: 'must be one of api, custom_code, data_processing' }]);
    expect(await fieldErrors({ ...valid, currency: 'usd' })).toEqual([{ field: 'currency', message: expect.stringMatching(/unknown field/i) }]);
    expect((await fieldErrors({ api_cost_per_call: '0.002', proposed_price_per_1k: '5' }))[0]!.field).toBe('expected_calls_per_month');
  });
});
