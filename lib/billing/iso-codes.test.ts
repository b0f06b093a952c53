import { describe, expect, it } from 'vitest';
import { isIsoCountry, isIsoCurrency, ISO_COUNTRY_COUNT } from './iso-codes';

describe('ISO codes', () => {
  it('accepts current ISO 4217 currencies in any case and nothing else', () => {
    for (const code of ['usd', 'EUR', 'jpy', 'kwd', 'chf', 'Gbp']) expect(isIsoCurrency(code)).toBe(true);
    for (const code of ['xyz', 'abc', 'eu', 'euro', '', 'us$', 'USDT']) expect(isIsoCurrency(code)).toBe(false);
  });

  it('accepts the 249 assigned ISO 3166-1 alpha-2 countries and Kosovo, not regions or retired codes', () => {
    expect(ISO_COUNTRY_COUNT).toBe(250);
    for (const code of ['NL', 'us', 'DE', 'GB', 'XK', 'SS', 'CW']) expect(isIsoCountry(code)).toBe(true);
    for (const code of ['EU', 'UK', 'UN', 'YU', 'ZZ', 'XX', 'NLD', 'N', '']) expect(isIsoCountry(code)).toBe(false);
  });
});
