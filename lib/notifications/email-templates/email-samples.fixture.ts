// Realistic props for every template: the unit tests render each, and scripts/render-email-preview.ts
// draws the README's picture from them. Acme Cloud bills Globex $254.50 (a month of API calls and
// storage, 10% tax); fixed instants, no clock.
import { emailBrand, type EmailBrand } from './email-brand';
import type { EmailInvoice } from './email-template';
import type { EmailTemplateProps } from './render-email';

export const SAMPLE_APP_URL = 'https://billing.acme.example';

export const SAMPLE_BRAND: EmailBrand = emailBrand(
  { brandColor: '#7c3aed', logoUrl: null },
  { seller: { name: 'Acme Cloud Ltd', email: 'billing@acme.example', address_lines: ['1 Market Street', 'London EC2A 4NE', 'United Kingdom'], country: 'United Kingdom', tax_id: 'GB123456789' } },
);

export const SAMPLE_INVOICE: EmailInvoice = {
  id: '5f0c7a8e-2b1d-4c3e-9f6a-8b7c6d5e4f30',
  number: 'INV-2026-0001',
  currency: 'usd',
  total: '254.50',
  amount_due: '254.50',
  amount_paid: '0.00',
  issued_at: '2026-12-01T00:00:00.000Z',
  due_date: '2026-12-15T00:00:00.000Z',
  period_start: '2026-11-01T00:00:00.000Z',
  period_end: '2026-12-01T00:00:00.000Z',
  paid_at: null,
};

const customerName = 'Globex Corporation';
const paymentMethodsUrl = `${SAMPLE_APP_URL}/billing/payment-methods`;
const invoicesUrl = `${SAMPLE_APP_URL}/billing/invoices`;

export function sampleEmailProps(brand: EmailBrand = SAMPLE_BRAND): EmailTemplateProps {
  const invoice = SAMPLE_INVOICE;
  return {
    invoice_issued: {
      brand,
      customerName,
      invoice,
      payment: { kind: 'pay_online', url: `${SAMPLE_APP_URL}/billing/invoices/${invoice.id}`, autoCharge: false },
      attachmentName: 'INV-2026-0001.pdf',
    },
    payment_succeeded: {
      brand,
      customerName,
      invoice: { ...invoice, amount_paid: '254.50', amount_due: '0.00', paid_at: '2026-12-03T09:30:00.000Z' },
      receipt: { amount: '254.50', method: 'card', paidAt: '2026-12-03T09:30:00.000Z', reference: null },
    },
    payment_failed: {
      brand,
      customerName,
      invoice,
      failureMessage: 'Your card was declined.',
      nextAttemptAt: '2026-12-18T00:00:00.000Z',
      updatePaymentMethodUrl: paymentMethodsUrl,
    },
    payment_method_required: {
      brand,
      customerName,
      invoiceNumber: invoice.number,
      amountDue: { amount: invoice.amount_due, currency: invoice.currency },
      updatePaymentMethodUrl: paymentMethodsUrl,
    },
    invoice_overdue: {
      brand,
      customerName,
      invoice,
      payment: { kind: 'bank_transfer', iban: 'GB33BUKB20201555555555', bic: 'BUKBGB22', reference: invoice.number },
    },
    account_suspended: { brand, customerName, openInvoices: [invoice], invoicesUrl, graceDays: 14 },
    account_reactivated: { brand, customerName, openInvoices: [], invoicesUrl },
    credit_note_issued: {
      brand,
      customerName,
      creditNote: { number: 'CN-2026-0001', currency: 'usd', subtotal: '50.00', tax: '5.00', total: '55.00', method: 'credit', reason: 'Service outage on Nov 12', created: '2026-12-05T00:00:00.000Z' },
      invoice: { ...invoice, amount_due: '199.50' },
      attachmentName: 'CN-2026-0001.pdf',
    },
    upcoming_invoice: {
      brand,
      customerName,
      periodStart: '2026-12-01T00:00:00.000Z',
      periodEnd: '2027-01-01T00:00:00.000Z',
      amount: '1210.4',
      currency: 'usd',
      threshold: '1000',
      usageUrl: `${SAMPLE_APP_URL}/billing/usage`,
    },
    usage_alert: {
      brand,
      audience: 'customer',
      recipientName: customerName,
      alert: { title: 'API calls passed 80% of your plan', metric: 'api_calls', value: '80500', threshold: '100000', currency: null, period_start: '2026-12-01T00:00:00.000Z', period_end: '2027-01-01T00:00:00.000Z', percent: 80.5 },
      link: `${SAMPLE_APP_URL}/billing/usage`,
    },
    budget_alert: {
      brand,
      audience: 'admin',
      recipientName: null,
      alert: { title: 'Globex passed its $1,000.00 monthly budget', value: '1210.40', threshold: '1000', currency: 'usd', percent: 121.04 },
      link: `${SAMPLE_APP_URL}/admin`,
    },
    admin_alert: {
      brand,
      alert: { title: 'Billing run failed for 2 customers', message: 'The automated billing run finished with errors.\n\nThe failed customers are retried on the next run.', details: { Run: 'cron', Failed: '2', Invoiced: '41' } },
      link: `${SAMPLE_APP_URL}/admin`,
    },
  };
}
