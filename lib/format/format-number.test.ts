import { describe, expect, it } from 'vitest';
import { formatQuantity, formatQuantityWithUnit, formatTaxRate } from './format-number';

describe('number formatting', () => {
  it('prints quantities with separators and tax rates as percentages, exactly', () => {
    expect(formatQuantity('1000')).toBe('1,000');
    expect(formatQuantity('2.5')).toBe('2.5');
    expect(formatQuantity('0.000001')).toBe('0.000001');
    expect(formatTaxRate('0.21')).toBe('21%');
    expect(formatTaxRate('0.055')).toBe('5.5%');
    expect(formatTaxRate('0')).toBe('0%');
  });

  it('gives lowercase units an English plural and leaves abbreviations alone', () => {
    expect(formatQuantityWithUnit('1', 'license')).toBe('1 license');
    expect(formatQuantityWithUnit('3', 'license')).toBe('3 licenses');
    expect(formatQuantityWithUnit('2', 'query')).toBe('2 queries');
    expect(formatQuantityWithUnit('105', 'GB')).toBe('105 GB');
    expect(formatQuantityWithUnit('12500', 'call')).toBe('12,500 calls');
    expect(formatQuantityWithUnit('7', '')).toBe('7');
  });
});
