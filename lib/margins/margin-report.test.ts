// The margins arithmetic on its own: cost rounded once per plan and customer so every total adds up,
// currencies never mixed, a unit cost in another currency never converted, unused units costing nothing.
import { describe, expect, it } from 'vitest';
import { marginReport, type RevenueRow, type UnitsRow } from './margin-report';

const revenue = (customerId: string, amount: string, extra: Partial<RevenueRow> = {}): RevenueRow => ({ currency: 'usd', planCode: 'pro', planName: 'Pro', customerId, customerName: customerId.toUpperCase(), revenue: amount, ...extra });
const units = (customerId: string, metricCode: string, count: string, unitCost: string | null, extra: Partial<UnitsRow> = {}): UnitsRow => ({
  currency: 'usd',
  planCode: 'pro',
  planName: 'Pro',
  customerId,
  customerName: customerId.toUpperCase(),
  metricCode,
  units: count,
  unitCost,
  unitCostCurrency: unitCost === null ? null : 'usd',
  ...extra,
});

describe('marginReport', () => {
  it('rounds each plan and customer’s cost once, so the plans, the customers and the total add up', () => {
    // half a cent each: $0.01 per customer, so $0.02 in total, not a rounded $0.01 of the exact sum
    const [usd] = marginReport([revenue('a', '1.00'), revenue('b', '1.00')], [units('a', 'calls', '1', '0.005'), units('b', 'calls', '1', '0.005')]);
    expect(usd).toMatchObject({ revenue: '2.00', cost: '0.02', gross_margin: '1.98', margin_percent: '99.00', cost_complete: true });
    expect(usd!.plans).toEqual([expect.objectContaining({ plan_code: 'pro', cost: '0.02' })]);
    expect(usd!.customers.map((c) => c.cost)).toEqual(['0.01', '0.01']);
  });

  it('gives the same totals without the breakdown, and no plans or customers', () => {
    const rows = [revenue('a', '1.00'), revenue('b', '1.00', { planCode: 'basic', planName: 'Basic' })];
    const used = [units('a', 'calls', '1', '0.005'), units('b', 'calls', '1', '0.005', { planCode: 'basic', planName: 'Basic' }), units('b', 'gpu', '2', null, { planCode: 'basic', planName: 'Basic' })];
    const [full] = marginReport(rows, used);
    const [totals] = marginReport(rows, used, { breakdown: false });
    const { plans: _plans, customers: _customers, ...figures } = full!;
    expect(totals).toEqual({ ...figures, plans: [], customers: [] });
    expect(totals).toMatchObject({ cost: '0.02', cost_complete: false, uncosted: [{ metric: 'gpu', units: '2' }] });
  });

  it('keeps currencies apart and never prices units in another currency’s cost', () => {
    const report = marginReport(
      [revenue('a', '100'), revenue('e', '80', { currency: 'eur', planCode: 'euro', planName: 'Euro' })],
      [units('a', 'gpu', '4', '2', { unitCostCurrency: 'eur' }), units('e', 'gpu', '4', '2', { currency: 'eur', planCode: 'euro', planName: 'Euro', unitCostCurrency: 'eur' })],
    );
    expect(report.map((r) => [r.currency, r.revenue, r.cost, r.cost_complete])).toEqual([
      ['eur', '80.00', '8.00', true],
      ['usd', '100.00', '0.00', false],
    ]);
    expect(report[1]!.uncosted).toEqual([{ metric: 'gpu', units: '4', reason: 'other_currency', unit_cost_currency: 'eur' }]);
  });

  it('lets unused units of an uncosted metric leave the cost complete, and gives no revenue no margin', () => {
    const [usd] = marginReport([], [units('a', 'tokens', '0', null), units('a', 'calls', '10', '0.5')]);
    expect(usd).toMatchObject({ revenue: '0.00', cost: '5.00', gross_margin: '-5.00', margin_percent: null, cost_complete: true, uncosted: [] });
  });
});
