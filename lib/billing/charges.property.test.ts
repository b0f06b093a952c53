import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCharge, type ChargeSpec, type PriceTier } from './charges';
import { minorUnitDigits } from './money';
import { rateCharges, usageKey, type RatedChargeInput } from './rating';

// The oracle needs the same headroom as the code under test: the global Decimal keeps only 20 significant
// digits, and quantities up to 2e9 times prices up to 1e7 exceed that.
const D = Decimal.clone({ precision: 100 });

// Decimal strings built from integers and a scale, never from floats, so every generated value is exact.
const decimalArb = (maxUnits: number, maxScale: number) =>
  fc
    .record({ units: fc.integer({ min: 0, max: maxUnits }), scale: fc.integer({ min: 0, max: maxScale }) })
    .map(({ units, scale }) => new D(units).div(new D(10).pow(scale)).toFixed());

const quantityArb = decimalArb(2_000_000_000, 4);
const priceArb = decimalArb(10_000_000, 6);
const positiveArb = (maxUnits: number, maxScale: number) =>
  decimalArb(maxUnits, maxScale).filter((value) => new D(value).gt(0));

const tiersArb: fc.Arbitrary<PriceTier[]> = fc
  .array(
    fc.record({ width: positiveArb(100_000, 2), unit_price: priceArb, flat_amount: fc.option(priceArb, { nil: undefined }) }),
    { minLength: 1, maxLength: 5 },
  )
  .map((rows) => {
    let bound = new D(0);
    return rows.map((row, index): PriceTier => {
      bound = bound.plus(row.width);
      const tier: PriceTier = { up_to: index === rows.length - 1 ? null : bound.toFixed(), unit_price: row.unit_price };
      if (row.flat_amount !== undefined) tier.flat_amount = row.flat_amount;
      return tier;
    });
  });

const includedArb = fc.option(quantityArb, { nil: undefined });

const specArb: fc.Arbitrary<ChargeSpec> = fc.oneof(
  fc.record({ model: fc.constant('per_unit' as const), unit_price: priceArb, included_units: includedArb }),
  fc.record({ model: fc.constant('graduated' as const), tiers: tiersArb, included_units: includedArb }),
  fc.record({
    model: fc.constant('package' as const),
    amount: priceArb,
    package_size: positiveArb(10_000, 2),
    included_units: includedArb,
  }),
);

describe('monotonic models never charge less for more usage', () => {
  it('per_unit, graduated and package', () => {
    fc.assert(
      fc.property(specArb, quantityArb, quantityArb, (spec, base, extra) => {
        const lower = priceCharge(spec, base).amount;
        const higher = priceCharge(spec, new D(base).plus(extra)).amount;
        expect(higher.gte(lower)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('graduated', () => {
  it('splits the billable quantity across tiers and sums their amounts', () => {
    fc.assert(
      fc.property(tiersArb, quantityArb, (tiers, usage) => {
        const priced = priceCharge({ model: 'graduated', tiers }, usage);
        const rows = priced.tiers ?? [];
        const quantity = rows.reduce((sum, row) => sum.plus(row.quantity), new D(0));
        const amount = rows.reduce((sum, row) => sum.plus(row.amount), new D(0));
        expect(quantity.toFixed()).toBe(new D(usage).toFixed());
        expect(priced.amount.eq(amount)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('volume', () => {
  it('prices every billable unit at the reached tier plus its flat amount', () => {
    fc.assert(
      fc.property(tiersArb, quantityArb, includedArb, (tiers, usage, included) => {
        const spec: ChargeSpec = { model: 'volume', tiers, included_units: included ?? null };
        const billable = D.max(0, new D(usage).minus(included ?? 0));
        const priced = priceCharge(spec, usage);
        if (billable.isZero()) {
          expect(priced.amount.isZero()).toBe(true);
          return;
        }
        const reached = tiers.find((tier) => tier.up_to === null || billable.lte(tier.up_to));
        if (reached === undefined) throw new Error('generated tiers always end open-ended');
        const expected = billable.times(reached.unit_price).plus(reached.flat_amount ?? 0);
        expect(priced.amount.toFixed()).toBe(expected.toFixed());
      }),
      { numRuns: 300 },
    );
  });
});

describe('rating', () => {
  const currencyArb = fc.constantFrom('usd', 'eur', 'jpy', 'kwd');
  const chargesArb = fc.array(specArb, { minLength: 1, maxLength: 8 }).map((specs) =>
    specs.map((spec, index): RatedChargeInput => ({ ...spec, metric_code: `m${index}`, description: `charge ${index}` })),
  );

  it('lines always sum exactly to the subtotal and each is within half a minor unit of the exact amount', () => {
    fc.assert(
      fc.property(chargesArb, fc.array(quantityArb, { minLength: 8, maxLength: 8 }), currencyArb, (charges, quantities, currency) => {
        const usage: Record<string, string> = {};
        charges.forEach((charge, index) => {
          usage[usageKey(charge.metric_code ?? '')] = quantities[index] ?? '0';
        });
        const { lines, subtotal } = rateCharges(charges, usage, currency);
        expect(lines).toHaveLength(charges.length);

        const digits = minorUnitDigits(currency);
        const halfMinor = new D(10).pow(-digits).div(2);
        let sum = new D(0);
        lines.forEach((line, index) => {
          const charge = charges[index];
          if (charge === undefined) throw new Error('one line per charge');
          const exact = priceCharge(charge, usage[usageKey(charge.metric_code ?? '')] ?? '0').amount;
          expect(new D(line.amount).minus(exact).abs().lte(halfMinor)).toBe(true);
          expect(new D(line.amount).decimalPlaces()).toBeLessThanOrEqual(digits);
          sum = sum.plus(line.amount);
        });
        expect(new D(subtotal).eq(sum)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
