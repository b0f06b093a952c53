import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactDecimal } from './exact-decimal';
import { prorateFlatLines, prorationFactor } from './proration';
import { rateCharges, type RatedChargeInput } from './rating';
import { DAY_MS } from '@/lib/time/utc-day';

const cycle = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
const change = new Date('2026-11-11T00:00:00Z');
const growth: RatedChargeInput[] = [
  { model: 'flat', amount: '99', metric_code: null, description: 'Monthly base fee' },
  { model: 'per_unit', unit_price: '0.01', included_units: '10000', metric_code: 'api_calls', description: 'API calls over 10,000' },
];

describe('proration of flat fees when a plan change splits the cycle', () => {
  it('bills 10 of 30 days of $99 as $33.00 and leaves usage lines alone', () => {
    const rated = rateCharges(growth, { api_calls: '12000' }, 'usd');
    const lines = prorateFlatLines(rated.lines, growth, { start: cycle.start, end: change }, cycle, 'usd');
    expect(lines[0]).toMatchObject({ description: 'Monthly base fee (prorated: 10 of 30 days)', quantity: '1', unit_price: '33.00', amount: '33.00' });
    expect(lines[0]!.details?.proration).toMatchObject({ full_amount: '99', factor: '0.3333333333' });
    expect(lines[1]).toEqual(rated.lines[1]);
  });

  it('counts time to the millisecond: a change at noon on day 11 bills 10.5 days', () => {
    const noon = new Date('2026-11-11T12:00:00Z');
    const [line] = prorateFlatLines(rateCharges(growth.slice(0, 1), {}, 'usd').lines, growth.slice(0, 1), { start: cycle.start, end: noon }, cycle, 'usd');
    expect(line).toMatchObject({ amount: '34.65', description: 'Monthly base fee (prorated: 10.5 of 30 days)' });
  });

  it('refuses a part outside its cycle', () => {
    expect(() => prorationFactor({ start: cycle.start, end: new Date('2026-12-02T00:00:00Z') }, cycle)).toThrow(RangeError);
  });

  it('splits any fee at any instant into two parts that add up to it within a cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * DAY_MS - 1 }), fc.integer({ min: 1, max: 10_000_000 }), (offset, cents) => {
        const at = new Date(cycle.start.getTime() + offset);
        const fee: RatedChargeInput[] = [{ model: 'flat', amount: new ExactDecimal(cents).div(100).toFixed(2), metric_code: null, description: 'Fee' }];
        const lines = rateCharges(fee, {}, 'usd').lines;
        const [before] = prorateFlatLines(lines, fee, { start: cycle.start, end: at }, cycle, 'usd');
        const [after] = prorateFlatLines(lines, fee, { start: at, end: cycle.end }, cycle, 'usd');
        const drift = new ExactDecimal(before!.amount).plus(after!.amount).minus(fee[0]!.amount!).abs();
        expect(drift.lte('0.01')).toBe(true);
      }),
    );
  });
});
