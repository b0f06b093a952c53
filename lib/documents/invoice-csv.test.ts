import { describe, expect, it } from 'vitest';
import { billingPeriodText, invoiceCsv, spreadsheetSafe } from './invoice-csv';
import { sampleInvoiceView } from './sample-invoice.fixture';

/**
 * An RFC 4180 reader, only for reading our own output back in the tests (csv-parse is not a
 * dependency): quoted fields may hold commas, doubled quotes and line breaks.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

describe('invoice CSV (Vigint layout)', () => {
  it('writes Vigint’s header rows, the line table and the totals, exactly', () => {
    expect(invoiceCsv(sampleInvoiceView())).toBe(
      [
        'Invoice Number,VIGINT-2026-0001',
        'Client Name,Acme Corporation',
        'Billing Period,2026-01-01 to 2026-01-07',
        'Issue Date,2026-01-08',
        'Due Date,2026-01-22',
        'Service,Quantity,Unit Price (EUR),Total (EUR)',
        'RTSP Streaming,1000,0.001,1.00',
        'API Calls,5000,0.0005,2.50',
        'Subtotal,,,3.50',
        'Tax (21%),,,0.74',
        'Total,,,4.24',
        'Amount Paid,,,0.00',
        'Amount Due,,,4.24',
        '',
      ].join('\n'),
    );
  });

  it('quotes a description holding a comma and a quote, and reads back to the same values', () => {
    const description = 'Consulting, "premium" tier';
    const csv = invoiceCsv(
      sampleInvoiceView({
        buyer: { name: 'Smith, Jones & "Partners"', address_lines: [], tax_id: null },
        lines: [{ description, metric: null, quantity: '2.5', unit_price: '1.40', amount: '3.50' }],
      }),
    );
    expect(csv).toContain('Client Name,"Smith, Jones & ""Partners"""\n');
    expect(csv).toContain('"Consulting, ""premium"" tier",2.5,1.40,3.50\n');
    const records = parseCsv(csv);
    expect(records[1]).toEqual(['Client Name', 'Smith, Jones & "Partners"']);
    expect(records[6]).toEqual([description, '2.5', '1.40', '3.50']);
    expect(records.at(-3)).toEqual(['Total', '', '', '4.24']);
  });

  it('keeps a line break inside a description in one quoted field', () => {
    const records = parseCsv(invoiceCsv(sampleInvoiceView({ lines: [{ description: 'Two\nlines', metric: null, quantity: '1', unit_price: '3.5', amount: '3.50' }] })));
    expect(records[6]).toEqual(['Two\nlines', '1', '3.5', '3.50']);
  });

  it('says DRAFT instead of a number, and names the tax treatment', () => {
    const draft = invoiceCsv(sampleInvoiceView({ status: 'draft', number: null, issued_at: null }));
    expect(draft.startsWith('Invoice Number,DRAFT\n')).toBe(true);
    expect(draft).toContain('Issue Date,\n');
    expect(invoiceCsv(sampleInvoiceView({ tax_treatment: 'reverse_charge', tax_rate: '0', tax: '0.00' }))).toContain('Tax (reverse charge),,,0.00\n');
    expect(invoiceCsv(sampleInvoiceView({ tax_treatment: 'exempt', tax_rate: '0', tax: '0.00' }))).toContain('Tax (exempt),,,0.00\n');
    expect(invoiceCsv(sampleInvoiceView({ credits_applied: '1.00', amount_due: '3.24' }))).toContain('Credits Applied,,,1.00\nTotal,,,4.24\nAmount Paid,,,0.00\nAmount Due,,,3.24\n');
    expect(invoiceCsv(sampleInvoiceView({ amount_due: '2.00' }))).toContain('Total,,,4.24\nCredit Notes,,,2.24\nAmount Paid,,,0.00\nAmount Due,,,2.00\n');
  });

  it('leaves the period empty on a one-time invoice and prints a period’s last day', () => {
    expect(billingPeriodText({ period_start: null, period_end: null })).toBe('');
    expect(billingPeriodText({ period_start: '2026-10-01T00:00:00.000Z', period_end: '2026-11-01T00:00:00.000Z' })).toBe('2026-10-01 to 2026-10-31');
    // a period that does not end at midnight covers part of its last day
    expect(billingPeriodText({ period_start: '2026-10-01T10:00:00.000Z', period_end: '2026-11-01T10:00:00.000Z' })).toBe('2026-10-01 to 2026-11-01');
  });

  it('defuses spreadsheet formulas in typed text, never in amounts', () => {
    expect(spreadsheetSafe('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(spreadsheetSafe('+1')).toBe("'+1");
    expect(spreadsheetSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(spreadsheetSafe('API calls')).toBe('API calls');
    const csv = invoiceCsv(sampleInvoiceView({ lines: [{ description: '-discount', metric: null, quantity: '1', unit_price: '-1', amount: '-1.00' }] }));
    expect(csv).toContain("'-discount,1,-1,-1.00\n");
  });
});
