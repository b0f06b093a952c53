import { describe, expect, it } from 'vitest';
import { DEFAULT_INVOICE_NUMBER_FORMAT, formatInvoiceNumber, invoiceNumberSeries, invoiceNumberUsesYear } from './invoice-number';

describe('formatInvoiceNumber', () => {
  it('formats the default format', () => {
    expect(DEFAULT_INVOICE_NUMBER_FORMAT).toBe('INV-{year}-{number:04d}');
    expect(formatInvoiceNumber(DEFAULT_INVOICE_NUMBER_FORMAT, { year: 2025, number: 42 })).toBe('INV-2025-0042');
  });

  it('formats the Vigint format', () => {
    expect(formatInvoiceNumber('VIGINT-{year}-{number:04d}', { year: 2024, number: 1 })).toBe('VIGINT-2024-0001');
  });

  it('prints numbers wider than the padding in full', () => {
    expect(formatInvoiceNumber(DEFAULT_INVOICE_NUMBER_FORMAT, { year: 2025, number: 12345 })).toBe('INV-2025-12345');
    expect(formatInvoiceNumber(DEFAULT_INVOICE_NUMBER_FORMAT, { year: 2025, number: 9999 })).toBe('INV-2025-9999');
  });

  it('supports an unpadded number and other widths', () => {
    expect(formatInvoiceNumber('{year}/{number}', { year: 2025, number: 7 })).toBe('2025/7');
    expect(formatInvoiceNumber('F{number:06d}', { year: 2025, number: 7 })).toBe('F000007');
  });

  it('rejects unknown placeholders, a missing {number} and invalid parts', () => {
    expect(() => formatInvoiceNumber('INV-{yaer}-{number}', { year: 2025, number: 1 })).toThrow(/unknown placeholder \{yaer\}/);
    expect(() => formatInvoiceNumber('INV-{number:4d}', { year: 2025, number: 1 })).toThrow(RangeError);
    expect(() => formatInvoiceNumber('INV-{year}', { year: 2025, number: 1 })).toThrow(/no \{number\}/);
    expect(() => formatInvoiceNumber(DEFAULT_INVOICE_NUMBER_FORMAT, { year: 2025, number: -1 })).toThrow(RangeError);
    expect(() => formatInvoiceNumber(DEFAULT_INVOICE_NUMBER_FORMAT, { year: 2025, number: 1.5 })).toThrow(RangeError);
  });
});

describe('invoiceNumberSeries', () => {
  it('reduces placeholders to bare markers', () => {
    expect(invoiceNumberSeries('INV-{year}-{number:04d}')).toBe('INV-{year}-{number}');
    expect(invoiceNumberSeries('VIGINT-{year}-{number:04d}')).toBe('VIGINT-{year}-{number}');
  });

  it('keeps the same series when only the padding changes', () => {
    expect(invoiceNumberSeries('INV-{year}-{number:06d}')).toBe(invoiceNumberSeries('INV-{year}-{number:04d}'));
    expect(invoiceNumberSeries('INV-{year}-{number}')).toBe(invoiceNumberSeries('INV-{year}-{number:04d}'));
  });

  it('starts a new series when the literal text changes', () => {
    expect(invoiceNumberSeries('VIGINT-{year}-{number:04d}')).not.toBe(invoiceNumberSeries(DEFAULT_INVOICE_NUMBER_FORMAT));
  });
});

describe('invoiceNumberUsesYear', () => {
  it('tells whether numbering restarts each year', () => {
    expect(invoiceNumberUsesYear(DEFAULT_INVOICE_NUMBER_FORMAT)).toBe(true);
    expect(invoiceNumberUsesYear('INV-{number:05d}')).toBe(false);
  });
});
