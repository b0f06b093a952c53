// The PDF parses and shows the right figures: rendered with @react-pdf/renderer, read back with pdf.js.
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf } from './invoice-pdf';
import { SAMPLE_BANK, sampleInvoiceView } from './sample-invoice.fixture';

// the PDF names Helvetica without embedding it; pdf.js reads its metrics from its own font files
const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

async function pdfText(buffer: Buffer): Promise<{ pages: number; text: string; title: unknown }> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), standardFontDataUrl, useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const parts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : ' ');
    }
    const { info } = await pdf.getMetadata();
    return { pages: pdf.numPages, text: parts.join('').replace(/[ \t]+/g, ' '), title: (info as { Title?: unknown }).Title };
  } finally {
    await pdf.destroy();
  }
}

describe('invoice PDF', () => {
  it('renders Vigint’s invoice with its number, lines, €4.24 total and the bank details', async () => {
    const buffer = await renderInvoicePdf(sampleInvoiceView(), SAMPLE_BANK);
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text, title } = await pdfText(buffer);
    expect(pages).toBe(1);
    expect(title).toBe('Invoice VIGINT-2026-0001');
    for (const expected of [
      'Invoice VIGINT-2026-0001',
      'Vigint SAS',
      'VAT ID: FR40303265045',
      'Acme Corporation',
      'Keizersgracht 100',
      'Jan 8, 2026', // issued
      'Jan 22, 2026', // due
      'Jan 1 – Jan 7, 2026', // [Jan 1, Jan 8) printed with its last day
      'RTSP Streaming',
      'API Calls',
      '1,000',
      '€0.001',
      '€0.0005',
      '€1.00',
      '€2.50',
      '€3.50',
      'Tax (21%)',
      '€0.74',
      '€4.24',
      'IBAN: DE89370400440532013000',
      'BIC: COBADEFFXXX',
      'Reference: VIGINT-2026-0001',
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('DRAFT');
    expect(text).not.toContain('Reverse charge');
  });

  it('marks a draft and prints no number; states reverse charge and links to online payment', async () => {
    const view = sampleInvoiceView({
      status: 'draft',
      number: null,
      issued_at: null,
      tax_treatment: 'reverse_charge',
      tax_rate: '0',
      tax: '0.00',
      total: '3.50',
      amount_due: '3.50',
      buyer: { name: 'Müller GmbH', email: null, address_lines: ['Hauptstraße 1', 'Berlin'], country: 'DE', tax_id: 'DE123456789' },
      hosted_invoice_url: 'https://pay.example.com/i/abc',
    });
    const { text } = await pdfText(await renderInvoicePdf(view, SAMPLE_BANK));
    expect(text).toContain('DRAFT');
    expect(text).toContain('Draft invoice');
    expect(text).not.toContain('VIGINT-2026');
    expect(text).toContain('Müller GmbH');
    expect(text).toContain('VAT ID: DE123456789');
    expect(text).toContain('Reverse charge — VAT to be accounted for by the recipient');
    expect(text).toContain('€3.50');
    expect(text).toContain('Pay online');
    expect(text).toContain('https://pay.example.com/i/abc');
  });

  it('flows a long invoice over several pages', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => ({ description: `Line ${i + 1}`, metric: null, quantity: '1', unit_price: '1', amount: '1.00' }));
    const { pages, text } = await pdfText(await renderInvoicePdf(sampleInvoiceView({ lines, subtotal: '80.00', tax: '16.80', total: '96.80', amount_due: '96.80' }), SAMPLE_BANK));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Line 80');
    expect(text).toContain('€96.80');
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });
});
