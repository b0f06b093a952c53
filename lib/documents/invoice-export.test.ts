import { ZodError } from 'zod';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, exportFileName, exportRecord, invoiceExportCsv, parseExportRange } from './invoice-export';
import { sampleInvoiceView } from './sample-invoice.fixture';

const range = (query: string) => parseExportRange(new URLSearchParams(query));

function fieldErrors(query: string): { field: string; message: string }[] {
  try {
    range(query);
  } catch (error) {
    if (error instanceof ZodError) return error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('accounting export', () => {
  it('writes a header and one row per invoice, exactly', () => {
    const reverse = sampleInvoiceView({
      id: '5d6c1b7e-0000-4000-8000-000000000002',
      number: 'VIGINT-2026-0002',
      status: 'paid',
      issued_at: '2026-01-15T00:00:00.000Z',
      due_date: '2026-01-29T00:00:00.000Z',
      period_start: '2026-01-08T00:00:00.000Z',
      period_end: '2026-01-15T00:00:00.000Z',
      buyer: { name: 'Müller, Schmidt & "Partner" GmbH', address_lines: [], tax_id: 'DE123456789' },
      tax_rate: '0',
      tax_treatment: 'reverse_charge',
      tax: '0.00',
      total: '3.50',
      amount_paid: '3.50',
      amount_due: '0.00',
    });
    // Stripe's own invoice for the recurring fee, in Stripe's numbering
    const fromStripe = sampleInvoiceView({ number: 'B1C2D3E4-0001', source: 'stripe', subtotal: '49.00', tax_rate: '0', tax: '0.00', total: '49.00', amount_due: '49.00' });
    expect(invoiceExportCsv([sampleInvoiceView(), reverse, fromStripe])).toBe(
      [
        'invoice_number,issue_date,due_date,customer_name,customer_tax_id,currency,subtotal,tax_rate,tax_treatment,tax,total,amount_paid,amount_due,status,period_start,period_end,source',
        'VIGINT-2026-0001,2026-01-08,2026-01-22,Acme Corporation,,EUR,3.50,0.21,standard,0.74,4.24,0.00,4.24,open,2026-01-01,2026-01-07,meterbill',
        'VIGINT-2026-0002,2026-01-15,2026-01-29,"Müller, Schmidt & ""Partner"" GmbH",DE123456789,EUR,3.50,0,reverse_charge,0.00,3.50,3.50,0.00,paid,2026-01-08,2026-01-14,meterbill',
        'B1C2D3E4-0001,2026-01-08,2026-01-22,Acme Corporation,,EUR,49.00,0,standard,0.00,49.00,0.00,49.00,open,2026-01-01,2026-01-07,stripe',
        '',
      ].join('\n'),
    );
  });

  it('writes the header alone when no invoice was issued in the range', () => {
    expect(invoiceExportCsv([])).toBe(`${EXPORT_COLUMNS.join(',')}\n`);
  });

  it('leaves the period of a one-time invoice empty', () => {
    const record = exportRecord(sampleInvoiceView({ kind: 'one_time', period_start: null, period_end: null }));
    const column = (name: (typeof EXPORT_COLUMNS)[number]) => record[EXPORT_COLUMNS.indexOf(name)];
    expect([column('period_start'), column('period_end')]).toEqual(['', '']);
    expect(record).toHaveLength(EXPORT_COLUMNS.length);
  });

  it('takes both dates inclusive, in UTC', () => {
    const r = range('from=2026-01-01&to=2026-01-31');
    expect(r).toMatchObject({ from: '2026-01-01', to: '2026-01-31' });
    expect(r.start.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(range('from=2026-03-05&to=2026-03-05').end.toISOString()).toBe('2026-03-06T00:00:00.000Z');
    expect(exportFileName(r)).toBe('invoices-2026-01-01-2026-01-31.csv');
  });

  it('allows 366 days and no more', () => {
    expect(range('from=2024-01-01&to=2024-12-31').to).toBe('2024-12-31'); // a leap year: 366 days
    expect(fieldErrors('from=2025-01-01&to=2026-01-02')).toEqual([{ field: 'to', message: 'the range may span at most 366 days' }]);
  });

  it('refuses missing, malformed, unreal and reversed dates, naming the field', () => {
    expect(fieldErrors('')).toEqual([
      { field: 'from', message: 'from is required, as YYYY-MM-DD' },
      { field: 'to', message: 'to is required, as YYYY-MM-DD' },
    ]);
    expect(fieldErrors('from=2026-1-1&to=2026-01-31')).toEqual([{ field: 'from', message: 'must be a date, YYYY-MM-DD' }]);
    expect(fieldErrors('from=2026-01-01&to=2026-02-30')).toEqual([{ field: 'to', message: 'is not a real date' }]);
    expect(fieldErrors('from=2026-01-01&to=2026-13-01')).toEqual([{ field: 'to', message: 'is not a real date' }]);
    expect(fieldErrors('from=2026-02-01&to=2026-01-31')).toEqual([{ field: 'to', message: 'must not be before from' }]);
    expect(fieldErrors('from=<script>&to=2026-01-31')).toEqual([{ field: 'from', message: 'must be a date, YYYY-MM-DD' }]);
  });
});
