import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { priceCharge, validateChargeSpec, type ChargeSpec, type PriceTier } from './charges';

const amountOf = (spec: ChargeSpec, usage: Decimal.Value) => priceCharge(spec, usage).amount.toFixed();

describe('flat', () => {
  const spec: ChargeSpec = { model: 'flat', amount: '99.00' };

  it('charges its amount whatever the usage, including zero', () => {
    expect(priceCharge(spec, '0')).toMatchObject({ billable_quantity: '1', unit_price: '99' });
    expect(amountOf(spec, '0')).toBe('99');
    expect(amountOf(spec, '123456.789')).toBe('99');
  });
});

describe('per_unit', () => {
  const spec: ChargeSpec = { model: 'per_unit', unit_price: '0.10' };

  it('is zero at zero usage', () => {
    expect(priceCharge(spec, '0')).toMatchObject({ billable_quantity: '0', unit_price: '0.1' });
    expect(amountOf(spec, 0)).toBe('0');
  });

  it('prices fractional usage exactly', () => {
    expect(amountOf(spec, '2.5')).toBe('0.25');
    expect(amountOf({ model: 'per_unit', unit_price: '0.000123' }, '0.1')).toBe('0.0000123');
  });

  it('subtracts included units first and never goes below zero', () => {
    const withAllowance: ChargeSpec = { ...spec, included_units: '100' };
    expect(priceCharge(withAllowance, '150')).toMatchObject({ billable_quantity: '50' });
    expect(amountOf(withAllowance, '150')).toBe('5');
    expect(priceCharge(withAllowance, '40')).toMatchObject({ billable_quantity: '0' });
    expect(amountOf(withAllowance, '40')).toBe('0');
  });

  it('stays exact past the 20 significant digits decimal.js keeps by default', () => {
    expect(amountOf({ model: 'per_unit', unit_price: '0.000123' }, '123456789012.3456789')).toBe('15185185.0485185185047');
  });
});

describe('graduated', () => {
  const tiers: PriceTier[] = [
    { up_to: '100', unit_price: '0.10' },
    { up_to: '1000', unit_price: '0.08', flat_amount: '5' },
    { up_to: null, unit_price: '0.05' },
  ];
  const spec: ChargeSpec = { model: 'graduated', tiers };

  it('is zero at zero usage: no tier entered, so no flat amount', () => {
    expect(priceCharge(spec, '0')).toMatchObject({ billable_quantity: '0', tiers: [] });
    expect(amountOf(spec, '0')).toBe('0');
    const flatFirst: ChargeSpec = { model: 'graduated', tiers: [{ up_to: null, unit_price: '1', flat_amount: '20' }] };
    expect(amountOf(flatFirst, '0')).toBe('0');
    expect(amountOf(flatFirst, '0.001')).toBe('20.001');
  });

  it('keeps a quantity exactly at up_to inside the lower tier', () => {
    const priced = priceCharge(spec, '100');
    expect(priced.amount.toFixed()).toBe('10');
    expect(priced.tiers).toHaveLength(1);
    expect(amountOf(spec, '1000')).toBe('87');
  });

  it('enters the next tier (and its flat amount) with any fraction above the bound', () => {
    expect(amountOf(spec, '100.5')).toBe('15.04');
  });

  it('sums every tier the usage passes through, with a breakdown', () => {
    const priced = priceCharge(spec, '1500');
    expect(priced.amount.toFixed()).toBe('112');
    expect(priced.unit_price).toBe('0.074667');
    expect(priced.tiers).toEqual([
      { from: '0', up_to: '100', quantity: '100', unit_price: '0.1', flat_amount: '0', amount: '10' },
      { from: '100', up_to: '1000', quantity: '900', unit_price: '0.08', flat_amount: '5', amount: '77' },
      { from: '1000', up_to: null, quantity: '500', unit_price: '0.05', flat_amount: '0', amount: '25' },
    ]);
  });

  it('applies included units before the tiers', () => {
    expect(priceCharge({ ...spec, included_units: '50' }, '150')).toMatchObject({ billable_quantity: '100' });
    expect(amountOf({ ...spec, included_units: '50' }, '150')).toBe('10');
    expect(amountOf({ ...spec, included_units: '5000' }, '150')).toBe('0');
  });

  it('shows the first tier price as the unit price when nothing is billable', () => {
    expect(priceCharge(spec, '0').unit_price).toBe('0.1');
  });
});

describe('volume', () => {
  const tiers: PriceTier[] = [
    { up_to: '100', unit_price: '1.00', flat_amount: '7' },
    { up_to: '1000', unit_price: '0.80', flat_amount: '10' },
    { up_to: null, unit_price: '0.50' },
  ];
  const spec: ChargeSpec = { model: 'volume', tiers };

  it('is zero at zero usage, unlike Stripe which would charge the first flat amount', () => {
    expect(priceCharge(spec, '0')).toMatchObject({ billable_quantity: '0', tiers: [] });
    expect(amountOf(spec, '0')).toBe('0');
  });

  it('prices every unit at the tier reached, up_to inclusive', () => {
    expect(amountOf(spec, '1')).toBe('8');
    expect(amountOf(spec, '100')).toBe('107');
    expect(amountOf(spec, '1000')).toBe('810');
    expect(amountOf(spec, '1001')).toBe('500.5');
  });

  it('moves fractional usage above a bound into the next tier, which may be cheaper', () => {
    expect(amountOf(spec, '100.5')).toBe('90.4');
    expect(priceCharge(spec, '100.5').tiers).toEqual([
      { from: '100', up_to: '1000', quantity: '100.5', unit_price: '0.8', flat_amount: '10', amount: '90.4' },
    ]);
  });

  it('includes the flat amount in the effective unit price', () => {
    expect(priceCharge(spec, '3').unit_price).toBe('3.333333');
  });

  it('reaches the tier by the quantity left after included units', () => {
    expect(amountOf({ ...spec, included_units: '100' }, '1100')).toBe('810');
    expect(amountOf({ ...spec, included_units: '2000' }, '1100')).toBe('0');
  });
});

describe('package', () => {
  const spec: ChargeSpec = { model: 'package', amount: '2.00', package_size: '1000' };

  it('charges per started block', () => {
    expect(amountOf(spec, '1500')).toBe('4');
    expect(amountOf(spec, '1000')).toBe('2');
    expect(amountOf(spec, '1000.0001')).toBe('4');
    expect(amountOf(spec, '1')).toBe('2');
  });

  it('shows the block price and the billable units', () => {
    expect(priceCharge(spec, '1500')).toMatchObject({ billable_quantity: '1500', unit_price: '2' });
  });

  it('is zero at zero usage and when the allowance covers usage', () => {
    expect(amountOf(spec, '0')).toBe('0');
    expect(amountOf({ ...spec, included_units: '2000' }, '1500')).toBe('0');
  });

  it('counts blocks after included units', () => {
    expect(amountOf({ ...spec, included_units: '500' }, '1500')).toBe('2');
    expect(amountOf({ ...spec, included_units: '500' }, '1501')).toBe('4');
  });

  it('supports fractional block sizes', () => {
    expect(amountOf({ model: 'package', amount: '1', package_size: '0.5' }, '1.2')).toBe('3');
  });

  it('does not lose a started block to a tiny remainder', () => {
    // 31 significant digits: more than decimal.js keeps by default, so this also guards the working precision.
    expect(amountOf(spec, '3000.000000000000000000000000001')).toBe('8');
  });
});

describe('usage checks', () => {
  const spec: ChargeSpec = { model: 'per_unit', unit_price: '1' };

  it('rejects negative and non-finite usage with RangeError', () => {
    expect(() => priceCharge(spec, '-1')).toThrow(RangeError);
    expect(() => priceCharge(spec, -0.001)).toThrow(RangeError);
    expect(() => priceCharge(spec, 'Infinity')).toThrow(RangeError);
    expect(() => priceCharge(spec, Number.NaN)).toThrow(RangeError);
    expect(() => priceCharge(spec, 'lots')).toThrow(RangeError);
  });

  it('rejects flat charges with bad usage too, even though usage is ignored', () => {
    expect(() => priceCharge({ model: 'flat', amount: '1' }, '-5')).toThrow(RangeError);
  });

  it('refuses to price an invalid spec', () => {
    expect(() => priceCharge({ model: 'per_unit' }, '1')).toThrow(/unit_price is required/);
  });
});

describe('validateChargeSpec', () => {
  const openTiers: PriceTier[] = [
    { up_to: '10', unit_price: '1' },
    { up_to: null, unit_price: '0.5' },
  ];

  it('accepts valid specs of every model', () => {
    expect(validateChargeSpec({ model: 'flat', amount: '10' })).toEqual([]);
    expect(validateChargeSpec({ model: 'per_unit', unit_price: '0.000001', included_units: '0' })).toEqual([]);
    expect(validateChargeSpec({ model: 'package', amount: '2', package_size: '1000', included_units: '500' })).toEqual([]);
    expect(validateChargeSpec({ model: 'graduated', tiers: openTiers })).toEqual([]);
    expect(validateChargeSpec({ model: 'volume', tiers: [{ up_to: null, unit_price: '3' }] })).toEqual([]);
  });

  it('reports missing fields per model', () => {
    expect(validateChargeSpec({ model: 'flat' })).toEqual(['amount is required for flat charges']);
    expect(validateChargeSpec({ model: 'per_unit', unit_price: null })).toEqual(['unit_price is required for per_unit charges']);
    expect(validateChargeSpec({ model: 'package', amount: '2' })).toEqual(['package_size is required for package charges']);
    expect(validateChargeSpec({ model: 'graduated' })).toEqual(['tiers are required for graduated charges (at least one tier)']);
    expect(validateChargeSpec({ model: 'volume', tiers: [] })).toHaveLength(1);
  });

  it('reports negative prices and quantities', () => {
    expect(validateChargeSpec({ model: 'flat', amount: '-1' })).toEqual(['amount must not be negative']);
    expect(validateChargeSpec({ model: 'per_unit', unit_price: '1', included_units: '-5' })).toEqual(['included_units must not be negative']);
    expect(validateChargeSpec({ model: 'volume', tiers: [{ up_to: null, unit_price: '1', flat_amount: '-2' }] })).toEqual([
      'tier 1 flat_amount must not be negative',
    ]);
  });

  it('limits unit prices to 6 decimals, ignoring trailing zeros', () => {
    expect(validateChargeSpec({ model: 'per_unit', unit_price: '0.0000001' })).toEqual(['unit_price has more than 6 decimal places']);
    expect(validateChargeSpec({ model: 'per_unit', unit_price: '0.0010000000' })).toEqual([]);
    expect(validateChargeSpec({ model: 'graduated', tiers: [{ up_to: null, unit_price: '0.1234567' }] })).toEqual([
      'tier 1 unit_price has more than 6 decimal places',
    ]);
  });

  it('requires strictly ascending positive bounds and an open-ended last tier', () => {
    const notAscending = validateChargeSpec({
      model: 'graduated',
      tiers: [
        { up_to: '10', unit_price: '1' },
        { up_to: '10', unit_price: '1' },
        { up_to: null, unit_price: '1' },
      ],
    });
    expect(notAscending).toHaveLength(1);
    expect(notAscending[0]).toMatch(/tier 2 up_to 10 must be greater .* strictly ascending/);

    expect(validateChargeSpec({ model: 'volume', tiers: [{ up_to: '10', unit_price: '1' }] })[0]).toMatch(/last tier must be open-ended/);
    expect(
      validateChargeSpec({
        model: 'volume',
        tiers: [
          { up_to: null, unit_price: '1' },
          { up_to: null, unit_price: '1' },
        ],
      }),
    ).toEqual(['tier 1: only the last tier can be open-ended (up_to null)']);
    expect(validateChargeSpec({ model: 'graduated', tiers: [{ up_to: '0', unit_price: '1' }, { up_to: null, unit_price: '1' }] })).toEqual([
      'tier 1 up_to must be greater than 0',
    ]);
  });

  it('requires a positive package size', () => {
    expect(validateChargeSpec({ model: 'package', amount: '2', package_size: '0' })).toEqual(['package_size must be greater than 0']);
    expect(validateChargeSpec({ model: 'package', amount: '2', package_size: '-10' })).toEqual(['package_size must be greater than 0']);
  });

  it('accepts only plain decimals', () => {
    expect(validateChargeSpec({ model: 'flat', amount: '1e3' })[0]).toMatch(/plain decimal/);
    expect(validateChargeSpec({ model: 'flat', amount: 'Infinity' })[0]).toMatch(/plain decimal/);
    expect(validateChargeSpec({ model: 'flat', amount: ' 5' })[0]).toMatch(/plain decimal/);
  });

  it('reports an unknown model', () => {
    const spec = { model: 'tiered' } as unknown as ChargeSpec;
    expect(validateChargeSpec(spec)[0]).toMatch(/unknown charge model "tiered"/);
  });

  it('lists several problems at once', () => {
    expect(validateChargeSpec({ model: 'package', amount: '-2', package_size: '0', included_units: '-1' })).toHaveLength(3);
  });
});
