// Invoice views for the document tests: Vigint's week, 1,000 × €0.0010 + 5,000 × €0.0005 = €3.50,
// 21% VAT €0.74 (0.735 rounded half-up), total €4.24, as loadInvoiceView returns it.
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import type { BankDetails } from './invoice-document';

export const SAMPLE_BANK: BankDetails = { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' };

export function sampleInvoiceView(overrides: Partial<InvoiceView> = {}): InvoiceView {
  return {
    id: '7c1e1f9a-3b6d-4f43-9d1c-2a5e8b0c4d11',
    number: 'VIGINT-2026-0001',
    customer_id: '0b8e6a52-6d0b-4f3e-8f0a-6f1f3b7a9c21',
    subscription_id: null,
    kind: 'subscription',
    source: 'meterbill',
    billing_timing: 'arrears',
    status: 'open',
    currency: 'eur',
    period_start: '2026-01-01T00:00:00.000Z',
    period_end: '2026-01-08T00:00:00.000Z',
    issued_at: '2026-01-08T00:00:00.000Z',
    due_date: '2026-01-22T00:00:00.000Z',
    subtotal: '3.50',
    tax_rate: '0.21',
    tax_treatment: 'standard',
    tax: '0.74',
    total: '4.24',
    credits_applied: '0.00',
    amount_paid: '0.00',
    amount_due: '4.24',
    payment_reference: null,
    paid_at: null,
    seller: { name: 'Vigint SAS', email: 'billing@vigint.example', address_lines: ['12 Rue de la Paix', '75002 Paris', 'France'], country: 'France', tax_id: 'FR40303265045' },
    buyer: { name: 'Acme Corporation', email: 'billing@acme.example', address_lines: ['Keizersgracht 100', '1015 CW Amsterdam', 'Netherlands'], country: 'NL', tax_id: null },
    lines: [
      { description: 'RTSP Streaming', metric: 'rtsp_requests', quantity: '1000', unit_price: '0.001', amount: '1.00' },
      { description: 'API Calls', metric: 'api_calls', quantity: '5000', unit_price: '0.0005', amount: '2.50' },
    ],
    hosted_invoice_url: null,
    invoice_pdf: null,
    created: '2026-01-08T00:00:00.000Z',
    ...overrides,
  };
}
