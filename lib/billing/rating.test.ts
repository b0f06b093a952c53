import { describe, expect, it } from 'vitest';
import { formatMoney } from '@/lib/format/format-money';
import { rateCharges, usageKey, type RatedChargeInput } from './rating';
import { invoiceTotals } from './totals';

describe('usageKey', () => {
  it('is the bare metric code without filters', () => {
    expect(usageKey('licenses')).toBe('licenses');
    expect(usageKey('licenses', {})).toBe('licenses');
  });

  it('appends filters sorted by key, whatever their insertion order', () => {
    expect(usageKey('licenses', { tier: 'professional' })).toBe('licenses{tier=professional}');
    expect(usageKey('clusters', { type: 'production', size: 'medium' })).toBe('clusters{size=medium,type=production}');
    expect(usageKey('clusters', { size: 'medium', type: 'production' })).toBe('clusters{size=medium,type=production}');
  });
});

describe('Lyceum pricing', () => {
  const perUnit = (description: string, metric: string, unitPrice: string, filters?: Record<string, string>): RatedChargeInput => ({
    model: 'per_unit',
    unit_price: unitPrice,
    metric_code: metric,
    description,
    ...(filters ? { filters } : {}),
  });
  const cluster = (size: string, type: string, unitPrice: string) =>
    perUnit(`${size} ${type} clusters`, 'clusters', unitPrice, { size, type });

  const plan: RatedChargeInput[] = [
    { id: 'platform', model: 'flat', amount: '10.00', metric_code: null, description: 'Platform fee' },
    perUnit('Basic licenses', 'licenses', '5.00', { tier: 'basic' }),
    perUnit('Professional licenses', 'licenses', '15.00', { tier: 'professional' }),
    perUnit('Enterprise licenses', 'licenses', '25.00', { tier: 'enterprise' }),
    cluster('small', 'development', '20.00'),
    cluster('small', 'production', '40.00'),
    cluster('small', 'analytics', '30.00'),
    cluster('medium', 'production', '80.00'),
    cluster('large', 'production', '160.00'),
    cluster('large', 'analytics', '120.00'),
    perUnit('Additional users', 'additional_users', '3.00'),
    perUnit('Storage overage (GB)', 'storage_overage_gb', '0.10'),
  ];
  const amountFor = (lines: { description: string; amount: string }[], description: string) =>
    lines.find((line) => line.description === description)?.amount;

  it('Basic: $10 + 2 basic licenses + 1 small development cluster = $40.00', () => {
    const usage = {
      [usageKey('licenses', { tier: 'basic' })]: '2',
      [usageKey('clusters', { type: 'development', size: 'small' })]: '1',
    };
    const { lines, subtotal } = rateCharges(plan, usage, 'usd');
    expect(lines).toHaveLength(plan.length);
    expect(amountFor(lines, 'Basic licenses')).toBe('10.00');
    expect(amountFor(lines, 'small development clusters')).toBe('20.00');
    expect(amountFor(lines, 'Enterprise licenses')).toBe('0.00');
    expect(subtotal).toBe('40.00');

    const totals = invoiceTotals({ line_amounts: lines.map((l) => l.amount), currency: 'usd', tax_rate: '0.21', treatment: 'exempt' });
    expect(totals).toEqual({ subtotal: '40.00', tax_rate: '0', tax: '0.00', total: '40.00', credits_applied: '0.00', amount_due: '40.00' });
    expect(formatMoney(totals.total, 'usd')).toBe('$40.00');
  });

  it('Professional: $10 + $75 + $160 + $9 + $0.50 = $254.50', () => {
    const usage = {
      'licenses{tier=professional}': '5',
      'clusters{size=medium,type=production}': '2',
      additional_users: '3',
      storage_overage_gb: '5',
    };
    const { lines, subtotal } = rateCharges(plan, usage, 'usd');
    expect(amountFor(lines, 'Platform fee')).toBe('10.00');
    expect(amountFor(lines, 'Professional licenses')).toBe('75.00');
    expect(amountFor(lines, 'medium production clusters')).toBe('160.00');
    expect(amountFor(lines, 'Additional users')).toBe('9.00');
    expect(amountFor(lines, 'Storage overage (GB)')).toBe('0.50');
    expect(subtotal).toBe('254.50');

    const totals = invoiceTotals({ line_amounts: lines.map((l) => l.amount), currency: 'usd', tax_rate: '0', treatment: 'standard' });
    expect(totals.total).toBe('254.50');
    expect(totals.amount_due).toBe('254.50');
    expect(formatMoney(totals.total, 'usd')).toBe('$254.50');
  });

  it('Enterprise: $10 + $250 + $480 + $240 + $30 = $1,010.00', () => {
    const usage = {
      'licenses{tier=enterprise}': '10',
      'clusters{size=large,type=production}': '3',
      'clusters{size=large,type=analytics}': '2',
      additional_users: '10',
    };
    const { lines, subtotal } = rateCharges(plan, usage, 'usd');
    expect(amountFor(lines, 'Enterprise licenses')).toBe('250.00');
    expect(amountFor(lines, 'large production clusters')).toBe('480.00');
    expect(amountFor(lines, 'large analytics clusters')).toBe('240.00');
    expect(amountFor(lines, 'Additional users')).toBe('30.00');
    expect(subtotal).toBe('1010.00');

    const totals = invoiceTotals({ line_amounts: lines.map((l) => l.amount), currency: 'usd', tax_rate: '0', treatment: 'exempt' });
    expect(formatMoney(totals.total, 'usd')).toBe('$1,010.00');
  });

  it('does not count usage of other filter values', () => {
    const { subtotal } = rateCharges(plan, { 'licenses{tier=gold}': '100', licenses: '100' }, 'usd');
    expect(subtotal).toBe('10.00');
  });
});

describe('Vigint (EUR, 21% VAT)', () => {
  const plan: RatedChargeInput[] = [
    { model: 'per_unit', unit_price: '0.0010', metric_code: 'rtsp_streaming', description: 'RTSP Streaming' },
    { model: 'per_unit', unit_price: '0.0005', metric_code: 'api_calls', description: 'API Calls' },
  ];
  const usage = { rtsp_streaming: '1000', api_calls: '5000' };

  it('rates 1.00 + 2.50 = 3.50, VAT 0.735 → 0.74, total 4.24', () => {
    const { lines, subtotal } = rateCharges(plan, usage, 'eur');
    expect(lines.map((l) => [l.quantity, l.unit_price, l.amount])).toEqual([
      ['1000', '0.001', '1.00'],
      ['5000', '0.0005', '2.50'],
    ]);
    expect(subtotal).toBe('3.50');

    const totals = invoiceTotals({ line_amounts: lines.map((l) => l.amount), currency: 'eur', tax_rate: '0.21', treatment: 'standard' });
    expect(totals).toEqual({ subtotal: '3.50', tax_rate: '0.21', tax: '0.74', total: '4.24', credits_applied: '0.00', amount_due: '4.24' });
    expect(formatMoney(totals.total, 'eur')).toBe('€4.24');
  });

  it('charges no VAT under reverse charge', () => {
    const { lines } = rateCharges(plan, usage, 'eur');
    const totals = invoiceTotals({ line_amounts: lines.map((l) => l.amount), currency: 'eur', tax_rate: '0.21', treatment: 'reverse_charge' });
    expect(totals).toMatchObject({ tax_rate: '0', tax: '0.00', total: '3.50' });
  });
});

describe('Billing Engine hybrid', () => {
  it('$99 flat + 5,000 API calls over the 10,000 included at $0.01 = $149.00', () => {
    const plan: RatedChargeInput[] = [
      { id: 'base', model: 'flat', amount: '99.00', metric_code: null, description: 'Platform' },
      { id: 'calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', metric_code: 'api_calls', description: 'API calls' },
    ];
    const { lines, subtotal } = rateCharges(plan, { api_calls: '15000' }, 'usd');
    expect(lines).toEqual([
      { charge_id: 'base', description: 'Platform', metric: null, quantity: '1', unit_price: '99', amount: '99.00' },
      {
        charge_id: 'calls',
        description: 'API calls',
        metric: 'api_calls',
        quantity: '5000',
        unit_price: '0.01',
        amount: '50.00',
        details: { usage: '15000', included_units: '10000' },
      },
    ]);
    expect(subtotal).toBe('149.00');
  });
});

describe('Ops Center credits: 585 used, 500 included, $2.00 per 1,000', () => {
  const usage = { credits: '585' };

  it('per_unit reading prorates the block price: 85 × $0.002 = $0.17', () => {
    const plan: RatedChargeInput[] = [
      { model: 'per_unit', unit_price: '0.002', included_units: '500', metric_code: 'credits', description: 'Credits overage' },
    ];
    const { lines, subtotal } = rateCharges(plan, usage, 'usd');
    expect(lines[0]).toMatchObject({ quantity: '85', unit_price: '0.002', amount: '0.17' });
    expect(subtotal).toBe('0.17');
  });

  it('package reading charges the whole started block: 85 over → 1 block → $2.00', () => {
    const plan: RatedChargeInput[] = [
      { model: 'package', amount: '2.00', package_size: '1000', included_units: '500', metric_code: 'credits', description: 'Credits overage' },
    ];
    const { lines, subtotal } = rateCharges(plan, usage, 'usd');
    expect(lines[0]).toMatchObject({ quantity: '85', unit_price: '2', amount: '2.00' });
    expect(subtotal).toBe('2.00');
  });
});

describe('rateCharges', () => {
  it('yields a zero line for unused metered charges, with usage details', () => {
    const { lines, subtotal } = rateCharges(
      [{ model: 'per_unit', unit_price: '0.10', metric_code: 'gb', description: 'Storage' }],
      {},
      'usd',
    );
    expect(lines).toEqual([
      { description: 'Storage', metric: 'gb', quantity: '0', unit_price: '0.1', amount: '0.00', details: { usage: '0' } },
    ]);
    expect(subtotal).toBe('0.00');
  });

  it('rounds each line once from the exact amount, not tier by tier', () => {
    const { lines } = rateCharges(
      [
        {
          model: 'graduated',
          tiers: [
            { up_to: '1', unit_price: '0.004' },
            { up_to: null, unit_price: '0.004' },
          ],
          metric_code: 'events',
          description: 'Events',
        },
      ],
      { events: '2' },
      'usd',
    );
    // Per-tier rounding would give 0.00 + 0.00; the exact 0.008 rounds to 0.01.
    expect(lines[0]?.amount).toBe('0.01');
    expect(lines[0]?.details?.tiers).toHaveLength(2);
  });

  it('sums the rounded lines, so the lines add up to the subtotal', () => {
    const half = (metric: string): RatedChargeInput => ({ model: 'per_unit', unit_price: '0.005', metric_code: metric, description: metric });
    const { lines, subtotal } = rateCharges([half('a'), half('b'), half('c')], { a: '1', b: '1', c: '1' }, 'usd');
    expect(lines.map((l) => l.amount)).toEqual(['0.01', '0.01', '0.01']);
    // Rounding the exact sum 0.015 instead would print 0.02 under three 0.01 lines.
    expect(subtotal).toBe('0.03');
  });

  it('rounds to the currency: JPY has no minor unit, KWD has three', () => {
    const charge: RatedChargeInput = { model: 'per_unit', unit_price: '0.5', metric_code: 'x', description: 'x' };
    expect(rateCharges([charge], { x: '3' }, 'jpy')).toMatchObject({ lines: [{ amount: '2' }], subtotal: '2' });
    const kwd: RatedChargeInput = { ...charge, unit_price: '0.0125' };
    expect(rateCharges([kwd], { x: '1' }, 'kwd')).toMatchObject({ lines: [{ amount: '0.013' }], subtotal: '0.013' });
  });

  it('refuses negative prices: credits are applied in invoiceTotals, not as negative charges', () => {
    const credit: RatedChargeInput = { model: 'flat', amount: '-0.005', metric_code: null, description: 'Goodwill' };
    expect(() => rateCharges([credit], {}, 'usd')).toThrow(/must not be negative/);
  });

  it('rejects a metered charge without a metric instead of billing it as zero', () => {
    expect(() => rateCharges([{ model: 'per_unit', unit_price: '1', metric_code: null, description: 'x' }], {}, 'usd')).toThrow(
      /no metric_code/,
    );
  });

  it('ignores usage for flat charges even when they name a metric', () => {
    const { lines } = rateCharges([{ model: 'flat', amount: '5', metric_code: 'seats', description: 'Base' }], { seats: '40' }, 'usd');
    expect(lines[0]).toMatchObject({ quantity: '1', amount: '5.00' });
  });
});
