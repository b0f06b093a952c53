import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toExact } from './exact-decimal';
import { creditNoteAmounts, CreditNoteTooLarge } from './credit-note-amounts';

const vigint = { currency: 'eur', subtotal: '3.50', tax: '0.74', tax_rate: '0.21' };

describe('credit note amounts', () => {
  it('credits an invoice in full: net and tax exactly', () => {
    expect(creditNoteAmounts(vigint, [])).toEqual({ subtotal: '3.50', tax: '0.74', total: '4.24' });
  });

  it('taxes a partial credit at the invoice rate, half-up, and the remainder nets the invoice to zero', () => {
    const first = creditNoteAmounts(vigint, [], '1.50'); // 0.315 → 0.32
    expect(first).toEqual({ subtotal: '1.50', tax: '0.32', total: '1.82' });
    expect(creditNoteAmounts(vigint, [first])).toEqual({ subtotal: '2.00', tax: '0.42', total: '2.42' });
  });

  it('refuses more than is left, zero, sub-cent amounts, and a second full credit', () => {
    expect(() => creditNoteAmounts(vigint, [], '3.51')).toThrow(CreditNoteTooLarge);
    expect(() => creditNoteAmounts(vigint, [], '0')).toThrow(CreditNoteTooLarge);
    expect(() => creditNoteAmounts(vigint, [], '0.005')).toThrow(CreditNoteTooLarge);
    expect(() => creditNoteAmounts(vigint, [{ subtotal: '3.50', tax: '0.74' }])).toThrow(/already credited in full/);
  });

  it('gives the credit that takes the last of the net whatever tax rounding left: 1.25 + 1.25 + 1.00', () => {
    const a = creditNoteAmounts(vigint, [], '1.25'); // 0.2625 → 0.26
    const b = creditNoteAmounts(vigint, [a], '1.25');
    const c = creditNoteAmounts(vigint, [a, b], '1.00'); // 0.21 by the rate, but 0.22 is what is left
    expect([a.tax, b.tax, c.tax]).toEqual(['0.26', '0.26', '0.22']);
    expect(() => creditNoteAmounts(vigint, [a, b, c])).toThrow(/already credited in full/);
  });

  it('charges no tax back on a reverse-charge invoice', () => {
    expect(creditNoteAmounts({ currency: 'eur', subtotal: '100.00', tax: '0.00', tax_rate: '0' }, [], '40')).toEqual({ subtotal: '40.00', tax: '0.00', total: '40.00' });
  });

  it('never credits more than the invoice in net or tax, however it is split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1_000_000 }), (parts, subtotalCents) => {
        const subtotal = toExact(subtotalCents).div(100);
        const invoice = { currency: 'usd', subtotal: subtotal.toFixed(2), tax: subtotal.times('0.21').toDecimalPlaces(2, 4).toFixed(2), tax_rate: '0.21' };
        const credited: { subtotal: string; tax: string }[] = [];
        for (const cents of parts) {
          try {
            credited.push(creditNoteAmounts(invoice, credited, toExact(cents).div(100).toFixed(2)));
          } catch (error) {
            if (!(error instanceof CreditNoteTooLarge)) throw error;
          }
        }
        try {
          credited.push(creditNoteAmounts(invoice, credited));
        } catch (error) {
          if (!(error instanceof CreditNoteTooLarge)) throw error;
        }
        const net = credited.reduce((s, c) => s.plus(c.subtotal), toExact(0));
        const tax = credited.reduce((s, c) => s.plus(c.tax), toExact(0));
        // after the final full credit, everything is credited exactly once
        expect(net.toFixed(2)).toBe(invoice.subtotal);
        expect(tax.toFixed(2)).toBe(invoice.tax);
      }),
    );
  });
});
