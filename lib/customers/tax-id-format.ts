// The shape a tax id takes in the customer's country: EU VAT numbers as VIES writes them (country
// prefix, then the national part), the UK's VAT number, Switzerland's UID with its VAT suffix and the
// US employer id (EIN). Only the shape is checked (no checksum, no VIES call): a typo in the length or
// a prefix from another country is caught at the form, which is what the customer needs to see.
// Pure, so the settings form (a client component) shows the same hint the server enforces.
import { countryName } from '@/lib/format/format-text';

export type TaxIdRule = {
  /** what the id is called there: "VAT number", "EIN" */
  name: string;
  /** the expected format in words, for the error message and the hint */
  format: string;
  /** a valid example, for the input's placeholder */
  example: string;
  /** the id with spaces, dots and hyphens removed and in capitals */
  pattern: RegExp;
  /** how a valid compact id is stored and printed */
  print?: (compact: string) => string;
  /** an EU VAT number's prefix: typed without it, the prefix is added */
  prefix?: string;
};

const eu = (prefix: string, national: string, format: string, example: string): TaxIdRule => ({
  name: 'VAT number',
  format: `${prefix} followed by ${format}`,
  example,
  pattern: new RegExp(`^${prefix}(${national})$`),
  prefix,
});

// VIES's national formats (ec.europa.eu/taxation_customs/vies, "VAT number validation" FAQ)
const RULES: Record<string, TaxIdRule> = {
  AT: eu('ATU', '\\d{8}', '8 digits', 'ATU12345678'),
  BE: eu('BE', '[01]\\d{9}', '10 digits starting with 0 or 1', 'BE0123456789'),
  BG: eu('BG', '\\d{9,10}', '9 or 10 digits', 'BG123456789'),
  CY: eu('CY', '\\d{8}[A-Z]', '8 digits and a letter', 'CY12345678X'),
  CZ: eu('CZ', '\\d{8,10}', '8 to 10 digits', 'CZ12345678'),
  DE: eu('DE', '\\d{9}', '9 digits', 'DE123456789'),
  DK: eu('DK', '\\d{8}', '8 digits', 'DK12345678'),
  EE: eu('EE', '\\d{9}', '9 digits', 'EE123456789'),
  // Greece's VAT prefix is EL, not its ISO code
  GR: eu('EL', '\\d{9}', '9 digits', 'EL123456789'),
  ES: eu('ES', '[A-Z0-9]\\d{7}[A-Z0-9]', 'a letter or digit, 7 digits and a letter or digit', 'ESX1234567X'),
  FI: eu('FI', '\\d{8}', '8 digits', 'FI12345678'),
  FR: eu('FR', '[A-HJ-NP-Z0-9]{2}\\d{9}', '2 letters or digits and 9 digits', 'FRXX123456789'),
  HR: eu('HR', '\\d{11}', '11 digits', 'HR12345678901'),
  HU: eu('HU', '\\d{8}', '8 digits', 'HU12345678'),
  IE: eu('IE', '\\d{7}[A-W][A-IW]?|\\d[A-Z+*]\\d{5}[A-W]', '7 digits and 1 or 2 letters', 'IE1234567WA'),
  IT: eu('IT', '\\d{11}', '11 digits', 'IT12345678901'),
  LT: eu('LT', '\\d{9}|\\d{12}', '9 or 12 digits', 'LT123456789'),
  LU: eu('LU', '\\d{8}', '8 digits', 'LU12345678'),
  LV: eu('LV', '\\d{11}', '11 digits', 'LV12345678901'),
  MT: eu('MT', '\\d{8}', '8 digits', 'MT12345678'),
  NL: eu('NL', '\\d{9}B\\d{2}', '9 digits, the letter B and 2 digits', 'NL123456789B01'),
  PL: eu('PL', '\\d{10}', '10 digits', 'PL1234567890'),
  PT: eu('PT', '\\d{9}', '9 digits', 'PT123456789'),
  RO: eu('RO', '\\d{2,10}', '2 to 10 digits', 'RO1234567890'),
  SE: eu('SE', '\\d{10}01', '12 digits ending in 01', 'SE123456789001'),
  SI: eu('SI', '\\d{8}', '8 digits', 'SI12345678'),
  SK: eu('SK', '\\d{10}', '10 digits', 'SK1234567890'),
  GB: {
    name: 'VAT number',
    format: 'GB followed by 9 or 12 digits (or GD/HA and 3 digits for government bodies)',
    example: 'GB123456789',
    pattern: /^GB(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
    prefix: 'GB',
  },
  CH: {
    name: 'UID / VAT number',
    format: 'CHE-123.456.789, optionally followed by MWST, TVA or IVA',
    example: 'CHE-123.456.789 MWST',
    pattern: /^CHE\d{9}(MWST|TVA|IVA)?$/,
    print: (c) => `CHE-${c.slice(3, 6)}.${c.slice(6, 9)}.${c.slice(9, 12)}${c.length > 12 ? ` ${c.slice(12)}` : ''}`,
  },
  US: {
    name: 'EIN',
    format: '2 digits, a hyphen and 7 digits (12-3456789)',
    example: '12-3456789',
    pattern: /^\d{9}$/,
    print: (c) => `${c.slice(0, 2)}-${c.slice(2)}`,
  },
};

/** The rule for a country (ISO 3166-1 alpha-2, any case), or null where no format is known. */
export function taxIdRule(country: string | null | undefined): TaxIdRule | null {
  return (country && RULES[country.toUpperCase()]) || null;
}

/** Countries with a known tax id format. */
export const TAX_ID_COUNTRIES = Object.keys(RULES);

export type TaxIdCheck = { ok: true; value: string } | { ok: false; message: string };

// an id elsewhere: letters, digits and the separators people type, nothing else
const ANY_TAX_ID = /^[A-Z0-9][A-Z0-9 .\-/]{1,48}[A-Z0-9]$/;

/**
 * Checks a typed tax id against the country's format and answers it as stored (compact for VAT
 * numbers, "12-3456789" for an EIN, "CHE-123.456.789 MWST" for a Swiss UID); the message names the
 * expected format when it does not fit. Countries without a known format take any plausible id.
 */
export function checkTaxId(country: string | null | undefined, input: string): TaxIdCheck {
  const typed = input.trim().toUpperCase();
  if (typed === '') return { ok: false, message: 'enter a tax ID or leave the field empty' };
  const rule = taxIdRule(country);
  if (!rule) {
    return ANY_TAX_ID.test(typed) ? { ok: true, value: typed } : { ok: false, message: 'use letters, digits, spaces, dots, hyphens or slashes (3 to 50 characters)' };
  }
  const compact = typed.replace(/[\s.\-/]/g, '');
  // a VAT number typed without its prefix ("123456789" in Germany) gets it; another country's prefix does not
  const candidate = rule.prefix && /^\d/.test(compact) ? `${rule.prefix}${compact}` : compact;
  if (rule.pattern.test(candidate)) return { ok: true, value: rule.print ? rule.print(candidate) : candidate };
  return { ok: false, message: `not a valid ${rule.name} for ${countryName(country!)}: expected ${rule.format}, e.g. ${rule.example}` };
}
