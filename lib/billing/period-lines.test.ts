import { describe, expect, it } from 'vitest';
import { periodInvoiceLines, type PeriodLinesInput } from './period-lines';
import type { RatedChargeInput } from './rating';

// The Billing Engine's hybrid plan: $99 a month with 10,000 calls included, then $0.01 a call
const HYBRID: RatedChargeInput[] = [
  { metric_code: null, model: 'flat', amount: '99', description: 'Platform fee' },
  { metric_code: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls' },
];
const NOVEMBER = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
const base: PeriodLinesInput = { charges: HYBRID, usage: { api_calls: '15000' }, currency: 'usd', period: NOVEMBER, cycle: null, timing: 'arrears', flatFees: 'arrears' };
const amounts = (input: Partial<PeriodLinesInput>) => periodInvoiceLines({ ...base, ...input }).map((l) => [l.description.split(' (')[0], l.amount]);

describe('periodInvoiceLines', () => {
  it('bills the fee and the usage at the end by default: $99 + $50 at 15,000 calls', () => {
    expect(amounts({})).toEqual([['Platform fee', '99.00'], ['API calls', '50.00']]);
    expect(amounts({ timing: 'advance' })).toEqual([]);
  });

  it('in advance, bills $99 when the period starts and only the overage at its end', () => {
    expect(amounts({ timing: 'advance', flatFees: 'advance' })).toEqual([['Platform fee', '99.00']]);
    expect(amounts({ timing: 'arrears', flatFees: 'advance' })).toEqual([['API calls', '50.00']]);
  });

  it('leaves the fee to Stripe when a Stripe subscription bills it', () => {
    expect(amounts({ flatFees: 'stripe' })).toEqual([['API calls', '50.00']]);
    expect(amounts({ timing: 'advance', flatFees: 'stripe' })).toEqual([]);
  });

  it('prorates the advance fee of a calendar plan started on Nov 11 by 20 of 30 days: $66.00', () => {
    const period = { start: new Date('2026-11-11T00:00:00Z'), end: NOVEMBER.end };
    const [fee] = periodInvoiceLines({ ...base, period, cycle: NOVEMBER, timing: 'advance', flatFees: 'advance' });
    expect(fee).toMatchObject({ amount: '66.00', description: 'Platform fee (prorated: 20 of 30 days)' });
    // usage is never prorated: the part bills its own usage against the full allowance
    const [usage] = periodInvoiceLines({ ...base, period, cycle: NOVEMBER, timing: 'arrears', flatFees: 'advance' });
    expect(usage).toMatchObject({ amount: '50.00' });
  });

  it('has nothing to bill at the end of an advance period of a plan without usage charges', () => {
    expect(periodInvoiceLines({ ...base, charges: [HYBRID[0]!], flatFees: 'advance' })).toEqual([]);
  });
});
