/*
 * Invoice number formats: literal text with {year}, {number} and {number:0Nd} (zero-padded to N digits)
 * placeholders. Any other {…} is rejected rather than printed, so a typo in the configured format can
 * never reach a legal document.
 */

export const DEFAULT_INVOICE_NUMBER_FORMAT = 'INV-{year}-{number:04d}';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PADDED_NUMBER = /^number:0(\d{1,2})d$/;

type Placeholder = { kind: 'year' } | { kind: 'number'; width: number };

function parsePlaceholder(name: string, format: string): Placeholder {
  if (name === 'year') return { kind: 'year' };
  if (name === 'number') return { kind: 'number', width: 0 };
  const padded = PADDED_NUMBER.exec(name);
  if (padded?.[1] !== undefined) return { kind: 'number', width: Number(padded[1]) };
  throw new RangeError(`unknown placeholder {${name}} in invoice number format ${JSON.stringify(format)}`);
}

function replacePlaceholders(format: string, render: (placeholder: Placeholder) => string): string {
  let hasNumber = false;
  const result = format.replace(PLACEHOLDER, (_match, name: string) => {
    const placeholder = parsePlaceholder(name, format);
    if (placeholder.kind === 'number') hasNumber = true;
    return render(placeholder);
  });
  // Without {number} every invoice would get the same number.
  if (!hasNumber) throw new RangeError(`invoice number format ${JSON.stringify(format)} has no {number} placeholder`);
  return result;
}

/** 'VIGINT-{year}-{number:04d}' + {year: 2024, number: 1} → 'VIGINT-2024-0001'; wider numbers print in full. */
export function formatInvoiceNumber(format: string, parts: { year: number; number: number }): string {
  if (!Number.isSafeInteger(parts.year) || parts.year < 0) throw new RangeError(`invalid invoice year ${parts.year}`);
  if (!Number.isSafeInteger(parts.number) || parts.number < 0) throw new RangeError(`invalid invoice number ${parts.number}`);
  return replacePlaceholders(format, (placeholder) =>
    placeholder.kind === 'year' ? String(parts.year) : String(parts.number).padStart(placeholder.width, '0'),
  );
}

/**
 * The key a numbering sequence is counted under: the format with every placeholder reduced to its bare
 * marker, 'INV-{year}-{number:04d}' → 'INV-{year}-{number}'. Padding is presentation only, so widening it
 * from 4 to 6 digits continues the same sequence instead of restarting at 1 and reissuing numbers, while
 * changing the literal text ('INV-' → 'VIGINT-') starts a new series. The year stays a marker rather than
 * a value because sequences are stored per (series, year).
 */
export function invoiceNumberSeries(format: string): string {
  return replacePlaceholders(format, (placeholder) => `{${placeholder.kind}}`);
}

/**
 * Whether numbers restart every year. A format without {year} must be counted under one fixed year:
 * restarting it in January would issue 'INV-0001' a second time.
 */
export function invoiceNumberUsesYear(format: string): boolean {
  let usesYear = false;
  replacePlaceholders(format, (placeholder) => {
    if (placeholder.kind === 'year') usesYear = true;
    return '';
  });
  return usesYear;
}
