import { describe, expect, it } from 'vitest';
import { invoiceTotals, type InvoiceTotalsInput } from './totals';

const base: InvoiceTotalsInput = { line_amounts: [], currency: 'usd', tax_rate: '0.21', treatment: 'standard' };

describe('invoiceTotals', () => {
  it('computes Vigint: 3.50 + 21% VAT (0.735 → 0.74) = 4.24', () => {
    expect(invoiceTotals({ ...base, currency: 'eur', line_amounts: ['1.00', '2.50'] })).toEqual({
      subtotal: '3.50',
      tax_rate: '0.21',
      tax: '0.74',
      total: '4.24',
      credits_applied: '0.00',
      amount_due: '4.24',
    });
  });

  it('rounds tax half-up on the invoice subtotal, exactly', () => {
    // 0.50 × 0.21 = 0.105, which is 0.10499… as a double.
    expect(invoiceTotals({ ...base, line_amounts: ['0.50'] }).tax).toBe('0.11');
    expect(invoiceTotals({ ...base, line_amounts: ['0.33', '0.33', '0.34'], tax_rate: '0.125' }).tax).toBe('0.13');
  });

  it('taxes the subtotal once rather than each line', () => {
    // Per line: 0.105 → 0.11 three times = 0.33; on the subtotal: 1.50 × 0.21 = 0.315 → 0.32.
    expect(invoiceTotals({ ...base, line_amounts: ['0.50', '0.50', '0.50'] }).tax).toBe('0.32');
  });

  it('charges no tax and shows no rate for exempt and reverse-charge invoices', () => {
    for (const treatment of ['exempt', 'reverse_charge'] as const) {
      expect(invoiceTotals({ ...base, line_amounts: ['100.00'], treatment })).toMatchObject({ tax_rate: '0', tax: '0.00', total: '100.00' });
    }
  });

  it('returns the rate as a canonical decimal', () => {
    expect(invoiceTotals({ ...base, tax_rate: '0.210000' }).tax_rate).toBe('0.21');
    expect(invoiceTotals({ ...base, tax_rate: '0' }).tax_rate).toBe('0');
  });

  it('applies credits up to the total and never below zero', () => {
    const partial = invoiceTotals({ ...base, line_amounts: ['100.00'], credits: '20' });
    expect(partial).toMatchObject({ total: '121.00', credits_applied: '20.00', amount_due: '101.00' });
    const surplus = invoiceTotals({ ...base, line_amounts: ['100.00'], credits: '500' });
    expect(surplus).toMatchObject({ credits_applied: '121.00', amount_due: '0.00' });
  });

  it('subtracts payments and never asks for a negative amount', () => {
    expect(invoiceTotals({ ...base, line_amounts: ['100.00'], amount_paid: '21.00' }).amount_due).toBe('100.00');
    expect(invoiceTotals({ ...base, line_amounts: ['100.00'], credits: '100', amount_paid: '50' }).amount_due).toBe('0.00');
  });

  it('uses the currency minor unit (JPY, KWD)', () => {
    expect(invoiceTotals({ ...base, currency: 'jpy', line_amounts: ['1005'], tax_rate: '0.1' })).toMatchObject({
      subtotal: '1005',
      tax: '101',
      total: '1106',
    });
    expect(invoiceTotals({ ...base, currency: 'kwd', line_amounts: ['1.005'], tax_rate: '0.05' })).toMatchObject({
      tax: '0.050',
      total: '1.055',
    });
  });

  it('rounds negative tax away from zero and applies no credit to a negative total', () => {
    expect(invoiceTotals({ ...base, line_amounts: ['-0.50'], credits: '10' })).toEqual({
      subtotal: '-0.50',
      tax_rate: '0.21',
      tax: '-0.11',
      total: '-0.61',
      credits_applied: '0.00',
      amount_due: '0.00',
    });
  });

  it('totals an empty invoice to zero', () => {
    expect(invoiceTotals(base)).toEqual({
      subtotal: '0.00',
      tax_rate: '0.21',
      tax: '0.00',
      total: '0.00',
      credits_applied: '0.00',
      amount_due: '0.00',
    });
  });

  it('rejects a percentage passed as a rate, negative rates, credits and payments', () => {
    expect(() => invoiceTotals({ ...base, tax_rate: '21' })).toThrow(RangeError);
    expect(() => invoiceTotals({ ...base, tax_rate: '-0.1' })).toThrow(RangeError);
    expect(() => invoiceTotals({ ...base, credits: '-1' })).toThrow(RangeError);
    expect(() => invoiceTotals({ ...base, amount_paid: '-1' })).toThrow(RangeError);
    expect(() => invoiceTotals({ ...base, line_amounts: ['ten'] })).toThrow(RangeError);
  });
});
