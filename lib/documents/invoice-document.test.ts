import { describe, expect, it } from 'vitest';
import { creditedAmount, documentFileName, invoiceDocument, safeHttpUrl } from './invoice-document';
import { SAMPLE_BANK, sampleInvoiceView } from './sample-invoice.fixture';

describe('invoice document model', () => {
  it('prints the billing period through its last day', () => {
    const model = invoiceDocument(sampleInvoiceView({ period_start: '2026-10-22T00:00:00.000Z', period_end: '2026-11-21T00:00:00.000Z' }), SAMPLE_BANK);
    expect(model.details).toContainEqual({ label: 'Billing period', value: 'Oct 22 – Nov 20, 2026' });
  });

  it('rounds nothing: JPY amounts and the Vigint totals come out as stored', () => {
    const yen = invoiceDocument(
      sampleInvoiceView({ currency: 'jpy', subtotal: '679', tax_rate: '0.1', tax: '68', total: '747', amount_due: '747', lines: [{ description: 'Calls', metric: null, quantity: '1234', unit_price: '0.55', amount: '679' }] }),
      SAMPLE_BANK,
    );
    expect(yen.lines).toEqual([{ description: 'Calls', quantity: '1,234', unitPrice: '¥0.55', amount: '¥679' }]);
    expect(yen.totals.map((r) => [r.label, r.value])).toEqual([
      ['Subtotal', '¥679'],
      ['Tax (10%)', '¥68'],
      ['Total', '¥747'],
      ['Amount paid', '¥0'],
      ['Amount due', '¥747'],
    ]);
    const eur = invoiceDocument(sampleInvoiceView(), SAMPLE_BANK);
    expect(eur.totals.find((r) => r.label === 'Total')?.value).toBe('€4.24');
    expect(eur.payment).toEqual({ kind: 'due', amountDue: '€4.24', bankTransfer: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', reference: 'VIGINT-2026-0001' }, payOnlineUrl: null, contact: 'billing@vigint.example' });
  });

  it('shows credits applied as a deduction', () => {
    const doc = invoiceDocument(sampleInvoiceView({ credits_applied: '1.00', amount_due: '3.24' }), SAMPLE_BANK);
    expect(doc.totals.map((r) => r.label)).toEqual(['Subtotal', 'Tax (21%)', 'Total', 'Credits applied', 'Amount paid', 'Amount due']);
    expect(doc.totals.find((r) => r.label === 'Credits applied')?.value).toBe('-€1.00');
  });

  it('accounts for a credit note, which lowers the amount due and nothing else', () => {
    // €4.24 invoice, €2.24 credited by a credit note, €2.00 left to pay
    const doc = invoiceDocument(sampleInvoiceView({ amount_due: '2.00' }), SAMPLE_BANK);
    expect(doc.totals.map((r) => [r.label, r.value])).toEqual([
      ['Subtotal', '€3.50'],
      ['Tax (21%)', '€0.74'],
      ['Total', '€4.24'],
      ['Credit notes', '-€2.24'],
      ['Amount paid', '€0.00'],
      ['Amount due', '€2.00'],
    ]);
    expect(doc.payment).toMatchObject({ kind: 'due', amountDue: '€2.00' });
    // paid in full, or with credits applied at issue: nothing unexplained, no row
    expect(creditedAmount(sampleInvoiceView({ status: 'paid', amount_paid: '4.24', amount_due: '0.00' }))).toBe('0');
    expect(creditedAmount(sampleInvoiceView({ credits_applied: '1.00', amount_due: '3.24' }))).toBe('0');
  });

  it('names files after the number, or draft-<id>, with nothing a header or file system would choke on', () => {
    expect(documentFileName(sampleInvoiceView(), 'pdf')).toBe('VIGINT-2026-0001.pdf');
    expect(documentFileName(sampleInvoiceView({ status: 'draft', number: null }), 'pdf')).toBe('draft-7c1e1f9a-3b6d-4f43-9d1c-2a5e8b0c4d11.pdf');
    expect(documentFileName(sampleInvoiceView({ number: 'RE/2026 "7"' }), 'csv')).toBe('RE_2026_7_.csv');
  });

  it('links only http(s) URLs', () => {
    expect(safeHttpUrl('https://pay.example.com/x')).toBe('https://pay.example.com/x');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,hi')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
