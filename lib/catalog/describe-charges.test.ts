import { describe, expect, it } from 'vitest';
import { describeCharge, describeCharges, describeInterval, type DescribablePlan } from './describe-charges';

const MONTHLY: DescribablePlan = { currency: 'usd', interval: 'month', interval_count: 1, pay_in_advance: false };
const IN_ADVANCE: DescribablePlan = { ...MONTHLY, pay_in_advance: true };
const EVERY_30_DAYS: DescribablePlan = { currency: 'usd', interval: 'day', interval_count: 30, pay_in_advance: false };
const EUR_WEEKLY: DescribablePlan = { currency: 'eur', interval: 'week', interval_count: 1, pay_in_advance: false };

describe('describeInterval', () => {
  it('names one unit with "a" and several with "every"', () => {
    expect(describeInterval({ interval: 'month', interval_count: 1 })).toBe('a month');
    expect(describeInterval({ interval: 'quarter', interval_count: 1 })).toBe('a quarter');
    expect(describeInterval({ interval: 'day', interval_count: 30 })).toBe('every 30 days');
    expect(describeInterval({ interval: 'month', interval_count: 2 })).toBe('every 2 months');
  });
});

describe('describeCharge', () => {
  it('flat: the amount per period and when it is billed', () => {
    const fee = { metric: null, model: 'flat' as const, amount: '49', description: 'Professional subscription' };
    expect(describeCharge(fee, IN_ADVANCE)).toEqual({ label: 'Professional subscription', text: '$49.00 a month, billed at the start of each period' });
    expect(describeCharge(fee, MONTHLY).text).toBe('$49.00 a month, billed at the end of each period');
    expect(describeCharge({ ...fee, amount: '10.000000' }, EVERY_30_DAYS).text).toBe('$10.00 every 30 days, billed at the end of each period');
  });

  it('per unit with included units: the allowance per period, then the price of each unit', () => {
    const calls = { metric: 'api_calls', model: 'per_unit' as const, unit_price: '0.002', included_units: '10000', description: 'API calls' };
    expect(describeCharge(calls, MONTHLY)).toEqual({ label: 'API calls', text: 'first 10,000 a month included, then $0.002 each' });
    expect(describeCharge(calls, MONTHLY, 'call').text).toBe('first 10,000 calls a month included, then $0.002 per call');
    // an allowance over several units of time follows the period
    expect(describeCharge({ ...calls, unit_price: '0.10', included_units: '100' }, EVERY_30_DAYS, 'GB').text).toBe('first 100 GB included every 30 days, then $0.10 per GB');
    // prices keep every digit they have, in the plan's currency
    expect(describeCharge({ metric: 'api_calls', model: 'per_unit', unit_price: '0.0005', description: 'API Calls' }, EUR_WEEKLY, 'call').text).toBe('€0.0005 per call');
  });

  it('package: the price of a block, a started block counting in full, after the allowance', () => {
    const storage = { metric: 'storage_gb', model: 'package' as const, amount: '5', package_size: '1000', description: 'Exports' };
    expect(describeCharge(storage, MONTHLY).text).toBe('$5.00 per 1,000 (a started 1,000 counts in full)');
    expect(describeCharge({ ...storage, package_size: '50', included_units: '100' }, MONTHLY, 'GB').text).toBe(
      'first 100 GB a month included, then $5.00 per 50 GB (a started 50 GB counts in full)',
    );
  });

  it('graduated: one line per tier, each priced for the units inside it, a zero price is free', () => {
    const credits = {
      metric: 'ai_credits',
      model: 'graduated' as const,
      description: 'AI credits',
      tiers: [
        { up_to: '5000', unit_price: '0' },
        { up_to: '50000', unit_price: '0.0015' },
        { up_to: null, unit_price: '0.001' },
      ],
    };
    expect(describeCharge(credits, MONTHLY, 'credit')).toEqual({
      label: 'AI credits',
      text: 'each tier’s price for the units within it:',
      tiers: ['first 5,000 credits: free', 'next 45,000 credits (up to 50,000): $0.0015 per credit', 'over 50,000 credits: $0.001 per credit'],
    });
    // a single open tier, with an allowance before it
    expect(describeCharge({ ...credits, included_units: '100', tiers: [{ up_to: null, unit_price: '0.01' }] }, MONTHLY)).toEqual({
      label: 'AI credits',
      text: 'first 100 a month included, then each tier’s price for the units within it:',
      tiers: ['every unit: $0.01 each'],
    });
  });

  it('volume: every unit at the tier the total reaches, with a tier’s flat amount', () => {
    const calls = {
      metric: 'api_calls',
      model: 'volume' as const,
      description: 'API Calls',
      tiers: [
        { up_to: '100000', unit_price: '0.0005' },
        { up_to: '1000000', unit_price: '0.0004' },
        { up_to: null, unit_price: '0.0003', flat_amount: '50' },
      ],
    };
    expect(describeCharge(calls, EUR_WEEKLY, 'call')).toEqual({
      label: 'API Calls',
      text: 'every unit at the price of the tier the period’s total reaches:',
      tiers: ['a total up to 100,000 calls: €0.0005 per call', 'a total over 100,000 up to 1,000,000 calls: €0.0004 per call', 'a total over 1,000,000 calls: €0.0003 per call plus €50.00'],
    });
  });

  it('flat amounts on tiers: alone, a tier is a fixed fee; with a price, both', () => {
    const seats = {
      metric: 'seats',
      model: 'graduated' as const,
      description: 'Seats',
      tiers: [
        { up_to: '10', unit_price: '0', flat_amount: '20' },
        { up_to: null, unit_price: '3', flat_amount: '5' },
      ],
    };
    expect(describeCharge(seats, MONTHLY, 'seat').tiers).toEqual(['first 10 seats: $20.00 flat', 'over 10 seats: $3.00 per seat plus $5.00']);
    // a flat_amount of zero says nothing
    expect(describeCharge({ ...seats, tiers: [{ up_to: null, unit_price: '1', flat_amount: '0' }] }, MONTHLY, 'seat').tiers).toEqual(['every seat: $1.00 per seat']);
  });

  it('zero prices read as free in every model', () => {
    expect(describeCharge({ metric: null, model: 'flat', amount: '0', description: 'Base' }, MONTHLY).text).toBe('free');
    expect(describeCharge({ metric: 'x', model: 'per_unit', unit_price: '0.000000', description: 'X' }, MONTHLY).text).toBe('free');
    expect(describeCharge({ metric: 'x', model: 'per_unit', unit_price: '0', included_units: '10', description: 'X' }, MONTHLY).text).toBe('first 10 a month included, the rest free');
    expect(describeCharge({ metric: 'x', model: 'package', amount: '0', package_size: '10', description: 'X' }, MONTHLY).text).toBe('free');
    expect(describeCharge({ metric: 'x', model: 'volume', description: 'X', tiers: [{ up_to: null, unit_price: '0' }] }, MONTHLY).tiers).toEqual(['any total: free']);
  });

  it('amounts round to the currency’s minor unit, as on an invoice', () => {
    expect(describeCharge({ metric: null, model: 'flat', amount: '1000', description: 'Fee' }, { ...MONTHLY, currency: 'jpy' }).text).toBe('¥1,000 a month, billed at the end of each period');
  });
});

describe('describeCharges', () => {
  it('describes every charge in order, each with its metric’s unit', () => {
    const described = describeCharges(
      [
        { metric: null, model: 'flat', amount: '99', description: 'Monthly base fee' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls over 10,000' },
      ],
      MONTHLY,
      new Map([['api_calls', 'call']]),
    );
    expect(described.map((d) => `${d.label}: ${d.text}`)).toEqual([
      'Monthly base fee: $99.00 a month, billed at the end of each period',
      'API calls over 10,000: first 10,000 calls a month included, then $0.01 per call',
    ]);
  });
});
