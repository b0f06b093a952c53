import { describe, expect, it } from 'vitest';
import { formatMoney, formatUnitPrice } from './format-money';

describe('formatMoney', () => {
  it('formats with the currency symbol and minor digits', () => {
    expect(formatMoney('254.5', 'usd')).toBe('$254.50');
    expect(formatMoney('3.03', 'eur')).toBe('€3.03');
    expect(formatMoney('1000', 'jpy')).toBe('¥1,000');
    expect(formatMoney('1010', 'usd')).toBe('$1,010.00');
  });

  it('rounds half-up before formatting', () => {
    expect(formatMoney('0.015', 'usd')).toBe('$0.02');
    expect(formatMoney('999.5', 'jpy')).toBe('¥1,000');
  });

  it('shows three decimals for KWD', () => {
    expect(formatMoney('1.5', 'kwd')).toMatch(/1\.500$/);
  });

  it('shows the ISO minor digits even where Intl would drop them (HUF)', () => {
    expect(formatMoney('1234.5', 'huf')).toMatch(/1,234\.50$/);
  });

  it('keeps every digit of amounts too large for a double', () => {
    expect(formatMoney('12345678901234567.89', 'usd')).toBe('$12,345,678,901,234,567.89');
  });

  it('honours the locale', () => {
    expect(formatMoney('254.5', 'eur', 'de-DE')).toBe('254,50\u00a0€');
  });
});

describe('formatUnitPrice', () => {
  it('prints unit prices with every digit they carry and at least the currency’s minor unit', () => {
    expect(formatUnitPrice('0.0005', 'eur')).toBe('€0.0005');
    expect(formatUnitPrice('450', 'usd')).toBe('$450.00');
    expect(formatUnitPrice('0.123456', 'usd')).toBe('$0.123456');
    expect(formatUnitPrice('0.55', 'jpy')).toBe('¥0.55');
    expect(formatUnitPrice('12', 'jpy')).toBe('¥12');
    expect(formatUnitPrice('1.5', 'kwd')).toBe('KWD\u00a01.500'); // Intl puts a no-break space after a currency code
    // beyond a float's 15–17 significant digits, still exact
    expect(formatUnitPrice('123456789012345.123456', 'usd')).toBe('$123,456,789,012,345.123456');
  });
});
