import { describe, expect, it } from 'vitest';
import { missingUsage, reratePeriod, toRatedCharges, usageRequests } from './rerate-period';

const period = { start: new Date('2026-09-16T00:00:00Z'), end: new Date('2026-10-01T00:00:00Z') };
const cycle = { start: new Date('2026-09-01T00:00:00Z'), end: new Date('2026-10-01T00:00:00Z') };
const charges = toRatedCharges(
  [
    { metric: null, model: 'flat', amount: '30' },
    { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '100', filters: { region: 'eu' } },
  ],
  new Map([['api_calls', 'API calls']]),
);
const usage = { 'api_calls{region=eu}': '350' };

describe('re-rating a billed period', () => {
  it('names charges as the billing run does and keys usage by metric and filters', () => {
    expect(charges.map((c) => c.description)).toEqual(['Subscription fee', 'API calls']);
    expect(usageRequests(charges)).toEqual([{ metric: 'api_calls', filters: { region: 'eu' } }]);
    expect(missingUsage(usage, usageRequests(charges))).toEqual([]);
    expect(missingUsage({ api_calls: '350' }, usageRequests(charges))).toEqual([{ metric: 'api_calls', filters: { region: 'eu' } }]);
  });

  it('bills flat fees where the period billed them: in arrears, in advance (both invoices), or not at all (Stripe)', () => {
    const billed = { period, cycle: null, usage, otherLines: '0' };
    // 30 + 250 × 0.01
    expect(reratePeriod(charges, { ...billed, flatFees: 'arrears' }, 'usd').subtotal).toBe('32.50');
    expect(reratePeriod(charges, { ...billed, flatFees: 'advance' }, 'usd').lines.map((l) => l.amount)).toEqual(['2.50', '30.00']);
    expect(reratePeriod(charges, { ...billed, flatFees: 'stripe' }, 'usd').subtotal).toBe('2.50');
  });

  it('prorates flat fees by the period’s share of its cycle and keeps the lines no charge priced', () => {
    // 15 of 30 days: 15.00, plus the usage, plus 1.25 of other lines kept as issued
    expect(reratePeriod(charges, { period, cycle, usage, flatFees: 'arrears', otherLines: '1.25' }, 'usd').subtotal).toBe('18.75');
    // zero-decimal currency: every line rounded to whole yen
    expect(reratePeriod(charges, { period, cycle, usage: { 'api_calls{region=eu}': '150' }, flatFees: 'arrears', otherLines: '0' }, 'jpy').subtotal).toBe('16');
  });
});
