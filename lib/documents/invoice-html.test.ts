import { describe, expect, it } from 'vitest';
import { escapeHtml, renderInvoiceHtml } from './invoice-html';
import { SAMPLE_BANK, sampleInvoiceView } from './sample-invoice.fixture';

describe('invoice HTML page', () => {
  it('shows the number, parties, lines, totals and the bank transfer details', () => {
    const html = renderInvoiceHtml(sampleInvoiceView(), SAMPLE_BANK);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Invoice VIGINT-2026-0001 — Vigint SAS</title>');
    expect(html).toContain('<dt>Invoice number</dt><dd>VIGINT-2026-0001</dd>');
    expect(html).toContain('<dt>Billing period</dt><dd>Jan 1 – Jan 7, 2026</dd>');
    expect(html).toContain('<p>VAT ID: FR40303265045</p>');
    expect(html).toContain('<td>RTSP Streaming</td><td class="num">1,000</td><td class="num">€0.001</td><td class="num">€1.00</td>');
    expect(html).toContain('<td>API Calls</td><td class="num">5,000</td><td class="num">€0.0005</td><td class="num">€2.50</td>');
    expect(html).toContain('<td>Tax (21%)</td><td class="num">€0.74</td>');
    expect(html).toContain('<tr class="emphasis"><td>Total</td><td class="num">€4.24</td></tr>');
    expect(html).toContain('<tr class="emphasis"><td>Amount due</td><td class="num">€4.24</td></tr>');
    expect(html).toContain('IBAN: <span class="mono">DE89370400440532013000</span>');
    expect(html).toContain('BIC: <span class="mono">COBADEFFXXX</span>');
    expect(html).toContain('Reference: <span class="mono">VIGINT-2026-0001</span>');
    expect(html).not.toContain('DRAFT');
    expect(html).not.toContain('<script');
  });

  it('escapes a hostile description, party name and payment link', () => {
    const html = renderInvoiceHtml(
      sampleInvoiceView({
        lines: [{ description: '<script>alert("x")</script>', metric: null, quantity: '1', unit_price: '3.5', amount: '3.50' }],
        buyer: { name: 'Evil & Co <img src=x onerror=alert(1)>', address_lines: ["O'Brien Street"], tax_id: null },
        hosted_invoice_url: 'https://pay.example.com/i/abc?a=1&b="2"',
      }),
      SAMPLE_BANK,
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>');
    expect(html).toContain('Evil &amp; Co &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('O&#39;Brien Street');
    expect(html).toContain('<a href="https://pay.example.com/i/abc?a=1&amp;b=%222%22" rel="noopener noreferrer">');
  });

  it('never links a javascript: URL', () => {
    const html = renderInvoiceHtml(sampleInvoiceView({ hosted_invoice_url: 'javascript:alert(1)' }), SAMPLE_BANK);
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('Pay online');
  });

  it('states reverse charge, or plain exemption, in words', () => {
    const reverse = renderInvoiceHtml(sampleInvoiceView({ tax_treatment: 'reverse_charge', tax_rate: '0', tax: '0.00', total: '3.50', amount_due: '3.50' }), SAMPLE_BANK);
    expect(reverse).toContain('<p class="note">Reverse charge — VAT to be accounted for by the recipient</p>');
    expect(reverse).toContain('<td>Tax (reverse charge)</td><td class="num">€0.00</td>');
    expect(reverse).not.toContain('Tax exempt');
    const exempt = renderInvoiceHtml(sampleInvoiceView({ tax_treatment: 'exempt', tax_rate: '0', tax: '0.00', total: '3.50', amount_due: '3.50' }), SAMPLE_BANK);
    expect(exempt).toContain('<p class="note">Tax exempt</p>');
    expect(exempt).not.toContain('Reverse charge');
    const standard = renderInvoiceHtml(sampleInvoiceView(), SAMPLE_BANK);
    expect(standard).not.toContain('class="note"');
  });

  it('marks a draft and prints no number', () => {
    const html = renderInvoiceHtml(sampleInvoiceView({ status: 'draft', number: null, issued_at: null }), SAMPLE_BANK);
    expect(html).toContain('data-testid="draft-marker">DRAFT</div>');
    expect(html).toContain('<h1>Draft invoice</h1>');
    expect(html).not.toContain('VIGINT-2026');
    expect(html).not.toContain('Invoice number');
  });

  it('offers the online payment link, and no bank transfer without an IBAN', () => {
    const html = renderInvoiceHtml(sampleInvoiceView({ hosted_invoice_url: 'https://pay.example.com/i/abc' }), { iban: null, bic: null });
    expect(html).toContain('<strong>Pay online:</strong> <a href="https://pay.example.com/i/abc"');
    expect(html).not.toContain('IBAN');
    const neither = renderInvoiceHtml(sampleInvoiceView(), { iban: null, bic: null });
    expect(neither).toContain('For payment details contact billing@vigint.example.');
  });

  it('tells a paid or voided invoice’s reader that nothing is due instead of how to pay', () => {
    const paid = renderInvoiceHtml(sampleInvoiceView({ status: 'paid', amount_paid: '4.24', amount_due: '0.00', paid_at: '2026-01-10T09:00:00.000Z' }), SAMPLE_BANK);
    expect(paid).toContain('Paid in full on Jan 10, 2026. Thank you.');
    expect(paid).not.toContain('IBAN');
    expect(paid).toContain('<td>Amount paid</td><td class="num">€4.24</td>');
    const zero = renderInvoiceHtml(sampleInvoiceView({ status: 'paid', lines: [], subtotal: '0.00', tax: '0.00', total: '0.00', amount_due: '0.00' }), SAMPLE_BANK);
    expect(zero).toContain('Nothing is due on this invoice.');
    expect(zero).not.toContain('IBAN');
    const voided = renderInvoiceHtml(sampleInvoiceView({ status: 'void' }), SAMPLE_BANK);
    expect(voided).toContain('This invoice has been voided; nothing is due.');
    expect(voided).toContain('<dt>Status</dt><dd>Void</dd>');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });
});
