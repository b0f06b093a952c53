import { describe, expect, it } from 'vitest';
import { checkTaxId, TAX_ID_COUNTRIES, taxIdRule } from './tax-id-format';

const ok = (country: string | null, input: string) => checkTaxId(country, input);

describe('checkTaxId: EU VAT numbers by their country prefix', () => {
  it('accepts each country’s format and stores it compact, in capitals', () => {
    expect(ok('DE', 'DE123456789')).toEqual({ ok: true, value: 'DE123456789' });
    expect(ok('de', 'de 123 456 789')).toEqual({ ok: true, value: 'DE123456789' });
    expect(ok('FR', 'FR XX 123456789')).toEqual({ ok: true, value: 'FRXX123456789' });
    expect(ok('FR', 'FR40303265045')).toEqual({ ok: true, value: 'FR40303265045' });
    expect(ok('NL', 'NL123456789B01')).toEqual({ ok: true, value: 'NL123456789B01' });
    expect(ok('NL', 'nl.1234.56789.b01')).toEqual({ ok: true, value: 'NL123456789B01' });
    expect(ok('AT', 'ATU12345678')).toEqual({ ok: true, value: 'ATU12345678' });
    expect(ok('BE', 'BE0123456789')).toEqual({ ok: true, value: 'BE0123456789' });
    expect(ok('ES', 'ESX1234567X')).toEqual({ ok: true, value: 'ESX1234567X' });
    expect(ok('IE', 'IE1234567WA')).toEqual({ ok: true, value: 'IE1234567WA' });
    expect(ok('IE', 'IE1A23456B')).toEqual({ ok: true, value: 'IE1A23456B' });
    expect(ok('SE', 'SE123456789001')).toEqual({ ok: true, value: 'SE123456789001' });
    expect(ok('IT', 'IT12345678901')).toEqual({ ok: true, value: 'IT12345678901' });
    expect(ok('LT', 'LT123456789012')).toEqual({ ok: true, value: 'LT123456789012' });
  });

  it('adds the prefix to a number typed without it, and uses EL for Greece', () => {
    expect(ok('DE', '123456789')).toEqual({ ok: true, value: 'DE123456789' });
    expect(ok('NL', '123456789B01')).toEqual({ ok: true, value: 'NL123456789B01' });
    expect(ok('GR', '123456789')).toEqual({ ok: true, value: 'EL123456789' });
    expect(ok('GR', 'EL123456789')).toEqual({ ok: true, value: 'EL123456789' });
    expect(ok('GR', 'GR123456789').ok).toBe(false);
  });

  it('refuses a wrong length, a wrong letter or another country’s prefix, naming the expected format', () => {
    expect(ok('DE', 'DE12345678')).toEqual({ ok: false, message: 'not a valid VAT number for Germany: expected DE followed by 9 digits, e.g. DE123456789' });
    expect(ok('DE', 'DE1234567890').ok).toBe(false);
    expect(ok('DE', 'NL123456789B01').ok).toBe(false);
    expect(ok('NL', 'NL123456789')).toEqual({
      ok: false,
      message: 'not a valid VAT number for Netherlands: expected NL followed by 9 digits, the letter B and 2 digits, e.g. NL123456789B01',
    });
    expect(ok('NL', 'NL123456789C01').ok).toBe(false);
    // France's two leading characters never use I or O
    expect(ok('FR', 'FRIO123456789').ok).toBe(false);
    expect(ok('FR', 'FR123456789').ok).toBe(false);
    expect(ok('AT', 'AT12345678').ok).toBe(false);
    expect(ok('BE', 'BE2123456789').ok).toBe(false);
    expect(ok('SE', 'SE123456789012').ok).toBe(false);
  });
});

describe('checkTaxId: outside the EU', () => {
  it('takes UK VAT numbers of 9 or 12 digits and the government series', () => {
    expect(ok('GB', 'GB 123 4567 89')).toEqual({ ok: true, value: 'GB123456789' });
    expect(ok('GB', 'GB123456789012')).toEqual({ ok: true, value: 'GB123456789012' });
    expect(ok('GB', 'GBGD001')).toEqual({ ok: true, value: 'GBGD001' });
    expect(ok('GB', 'GB12345678').ok).toBe(false);
  });

  it('prints a Swiss UID in its official form, with or without the VAT suffix', () => {
    expect(ok('CH', 'CHE-123.456.789 MWST')).toEqual({ ok: true, value: 'CHE-123.456.789 MWST' });
    expect(ok('CH', 'che123456789tva')).toEqual({ ok: true, value: 'CHE-123.456.789 TVA' });
    expect(ok('CH', 'CHE-123.456.789')).toEqual({ ok: true, value: 'CHE-123.456.789' });
    const bad = ok('CH', 'CHE-123.456.78');
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('expected CHE-123.456.789, optionally followed by MWST, TVA or IVA') });
  });

  it('takes a US EIN with or without its hyphen and prints it with one', () => {
    expect(ok('US', '12-3456789')).toEqual({ ok: true, value: '12-3456789' });
    expect(ok('US', '123456789')).toEqual({ ok: true, value: '12-3456789' });
    expect(ok('US', '12-345678')).toEqual({ ok: false, message: 'not a valid EIN for United States: expected 2 digits, a hyphen and 7 digits (12-3456789), e.g. 12-3456789' });
    expect(ok('US', 'DE123456789').ok).toBe(false);
  });

  it('takes any plausible id where no format is known, and refuses punctuation and empty input', () => {
    expect(ok('JP', 'T1234567890123')).toEqual({ ok: true, value: 'T1234567890123' });
    expect(ok(null, 'abc-123')).toEqual({ ok: true, value: 'ABC-123' });
    expect(ok('JP', 'no!').ok).toBe(false);
    expect(ok('DE', '   ').ok).toBe(false);
  });

  it('knows a rule for every EU country, the UK, Switzerland and the US', () => {
    const eu = 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' ');
    expect([...TAX_ID_COUNTRIES].sort()).toEqual([...eu, 'CH', 'GB', 'US'].sort());
    // every example passes its own rule, so the hint never shows an id the form refuses
    for (const country of TAX_ID_COUNTRIES) expect(ok(country, taxIdRule(country)!.example), country).toMatchObject({ ok: true });
    expect(taxIdRule('jp')).toBeNull();
  });
});
