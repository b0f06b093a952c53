// The credit note's PDF: the invoice's layout with the credit note's number, amounts, reason and the
// invoice it credits, read back with pdf.js.
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { creditNoteDocument, creditNoteFileName, type CreditNoteView } from './credit-note-document';
import { renderCreditNotePdf } from './credit-note-pdf';
import { sampleInvoiceView } from './sample-invoice.fixture';

const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

async function pdfText(buffer: Buffer): Promise<{ text: string; title: unknown }> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), standardFontDataUrl, useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const parts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : ' ');
    }
    const { info } = await pdf.getMetadata();
    return { text: parts.join('').replace(/[ \t]+/g, ' '), title: (info as { Title?: unknown }).Title };
  } finally {
    await pdf.destroy();
  }
}

// €1.00 of Vigint's €3.50 week credited, with its 21% VAT: €1.21
const note: CreditNoteView = {
  id: '9d2f5c1a-7e4b-4a8c-b1d0-3e6f8a9b0c12',
  number: 'CN-2026-0001',
  invoice_id: '7c1e1f9a-3b6d-4f43-9d1c-2a5e8b0c4d11',
  customer_id: '0b8e6a52-6d0b-4f3e-8f0a-6f1f3b7a9c21',
  currency: 'eur',
  subtotal: '1.00',
  tax: '0.21',
  total: '1.21',
  method: 'credit',
  reason: 'Stream outage on Jan 3',
  lines: [{ description: 'Credit for invoice VIGINT-2026-0001', amount: '1.00' }],
  created: '2026-01-10T00:00:00.000Z',
};

describe('credit note PDF', () => {
  it('prints the credit note with its number, reason, the credited invoice and the credited amounts', async () => {
    const buffer = await renderCreditNotePdf(note, sampleInvoiceView());
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, title } = await pdfText(buffer);
    expect(title).toBe('Credit note CN-2026-0001');
    for (const expected of [
      'Credit note CN-2026-0001',
      'Vigint SAS',
      'Acme Corporation',
      'Jan 10, 2026', // issued
      'VIGINT-2026-0001',
      'Jan 8, 2026', // the invoice's date
      'Stream outage on Jan 3',
      'Credit for invoice VIGINT-2026-0001',
      'Tax (21%)',
      '€0.21',
      'Total credited',
      '€1.21',
      '€1.21 is credited against invoice VIGINT-2026-0001',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Invoice VIGINT-2026-0001 '); // not titled as the invoice
    expect(text).not.toContain('IBAN');
  });

  it('says a refund is owed on a paid invoice, keeps the reverse-charge note, and names the file after the note', () => {
    const document = creditNoteDocument({ ...note, method: 'refund' }, sampleInvoiceView({ tax_treatment: 'reverse_charge', tax_rate: '0' }));
    expect(document.payment).toEqual({ kind: 'settled', message: '€1.21 of invoice VIGINT-2026-0001, which was paid, is refunded to the customer.' });
    expect(document.taxNote).toMatch(/^Reverse charge/);
    expect(document.totals.map((r) => r.label)).toEqual(['Subtotal', 'Tax (reverse charge)', 'Total credited']);
    expect(creditNoteFileName({ number: 'CN/2026 01' })).toBe('CN_2026_01.pdf');
  });
});
