// Every template rendered from realistic props: its subject, the figures as the invoice documents
// print them, the workspace's brand in the HTML, a plain-text part a person can read, and nothing
// of a value that went missing ("undefined", "NaN", "[object Object]").
import { describe, expect, it } from 'vitest';
import { EMAIL_TYPES, type EmailType } from '@/lib/notifications/notification-types';
import { DEFAULT_ACCENT_COLOR, emailBrand, textColorOn } from './email-brand';
import { parseEmailPayload } from './email-payloads';
import { SAMPLE_BRAND, sampleEmailProps } from './email-samples.fixture';
import { EMAIL_TEMPLATES, renderEmail, type EmailTemplateProps, type RenderedEmail } from './render-email';

const props = sampleEmailProps();

async function rendered<K extends EmailType>(type: K, override?: Partial<EmailTemplateProps[K]>): Promise<RenderedEmail> {
  const email = await renderEmail(type, { ...props[type], ...override } as EmailTemplateProps[K]);
  expectWellFormed(email);
  return email;
}

/** What every email must be, whatever its type. */
function expectWellFormed(email: RenderedEmail) {
  for (const part of [email.subject, email.html, email.text]) {
    expect(part).not.toMatch(/undefined|NaN|\[object /);
  }
  expect(email.html).toMatch(/^<!DOCTYPE html/);
  // the brand: its colour on the top rule, its name in the header and the footer
  expect(email.html).toContain(SAMPLE_BRAND.accentColor);
  expect(email.html).toContain('Acme Cloud Ltd');
  expect(email.html).toContain('1 Market Street · London EC2A 4NE · United Kingdom');
  // a text part of words, not markup
  expect(email.text.length).toBeGreaterThan(80);
  expect(email.text).not.toMatch(/<[a-z/!]/i);
  expect(email.text).toContain('Acme Cloud Ltd');
  expect(email.text).toContain('billing@acme.example');
}

/** The text part's "Label   Value" line of a detail table. */
const row = (label: string, value: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +${value.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&')}$`, 'm');

describe('email templates', () => {
  it('has a template for every email type', () => {
    expect(Object.keys(EMAIL_TEMPLATES).sort()).toEqual([...EMAIL_TYPES].sort());
  });

  it('invoice_issued: number, total and due date as the invoice prints them, and a pay link', async () => {
    const email = await rendered('invoice_issued');
    expect(email.subject).toBe('Invoice INV-2026-0001 from Acme Cloud Ltd: $254.50 due Dec 15, 2026');
    expect(email.text).toMatch(row('Total', '$254.50'));
    expect(email.text).toMatch(row('Due date', 'Dec 15, 2026'));
    expect(email.text).toMatch(row('Billing period', 'Nov 1 – Nov 30, 2026'));
    expect(email.text).toContain('Pay $254.50 https://billing.acme.example/billing/invoices/5f0c7a8e-2b1d-4c3e-9f6a-8b7c6d5e4f30');
    expect(email.html).toContain('href="https://billing.acme.example/billing/invoices/5f0c7a8e-2b1d-4c3e-9f6a-8b7c6d5e4f30"');
    expect(email.text).toContain('The invoice is attached as INV-2026-0001.pdf.');
    // the heading keeps its case in the text part
    expect(email.text).toContain('Invoice INV-2026-0001\n');
  });

  it('invoice_issued to a bank-transfer customer: IBAN, BIC, amount and the invoice number as the reference', async () => {
    const email = await rendered('invoice_issued', { payment: { kind: 'bank_transfer', iban: 'GB33BUKB20201555555555', bic: 'BUKBGB22', reference: 'INV-2026-0001' } });
    expect(email.text).toMatch(row('IBAN', 'GB33BUKB20201555555555'));
    expect(email.text).toMatch(row('BIC', 'BUKBGB22'));
    expect(email.text).toMatch(row('Amount', '$254.50'));
    expect(email.text).toMatch(row('Payment reference', 'INV-2026-0001'));
    expect(email.text).not.toContain('Pay $254.50');
  });

  it('invoice_issued in euros with an automatic charge, and without a way to pay: whom to ask', async () => {
    const eur = { ...props.invoice_issued.invoice, currency: 'eur', total: '4.24', amount_due: '4.24' };
    const auto = await rendered('invoice_issued', { invoice: eur, payment: { kind: 'pay_online', url: 'https://invoice.stripe.com/i/acct_1/test_1', autoCharge: true } });
    expect(auto.subject).toBe('Invoice INV-2026-0001 from Acme Cloud Ltd: €4.24 due Dec 15, 2026');
    expect(auto.text).toContain('collect €4.24 from your saved payment method');
    expect(auto.html).toContain('href="https://invoice.stripe.com/i/acct_1/test_1"');
    const contact = await rendered('invoice_issued', { payment: { kind: 'contact', email: 'billing@acme.example' } });
    expect(contact.text).toContain('For payment details, contact billing@acme.example.');
  });

  it('payment_succeeded: a receipt with the number, amount paid, method and date', async () => {
    const email = await rendered('payment_succeeded');
    expect(email.subject).toBe('Receipt for invoice INV-2026-0001: $254.50 paid');
    expect(email.text).toMatch(row('Invoice number', 'INV-2026-0001'));
    expect(email.text).toMatch(row('Amount paid', '$254.50'));
    expect(email.text).toMatch(row('Payment method', 'Card'));
    expect(email.text).toMatch(row('Payment date', 'Dec 3, 2026'));
    const transfer = await rendered('payment_succeeded', { receipt: { amount: '254.5', method: 'bank_transfer', paidAt: null, reference: 'BANK-REF-77' } });
    expect(transfer.text).toMatch(row('Payment method', 'Bank transfer'));
    expect(transfer.text).toMatch(row('Reference', 'BANK-REF-77'));
    expect(transfer.text).not.toContain('Payment date');
  });

  it('payment_failed: amount, the failure message, the next attempt and the payment-methods link', async () => {
    const email = await rendered('payment_failed');
    expect(email.subject).toBe('Payment failed for invoice INV-2026-0001: $254.50');
    expect(email.text).toMatch(row('Reason', 'Your card was declined.'));
    expect(email.text).toMatch(row('Next attempt', 'Dec 18, 2026'));
    expect(email.text).toContain('Update payment method https://billing.acme.example/billing/payment-methods');
    const last = await rendered('payment_failed', { nextAttemptAt: null, failureMessage: null });
    expect(last.text).toMatch(row('Next attempt', 'None scheduled'));
    expect(last.text).toContain('No further attempt is scheduled');
  });

  it('payment_method_required: the invoice number and the payment-methods link', async () => {
    const email = await rendered('payment_method_required');
    expect(email.subject).toBe('Action needed: add a payment method to pay invoice INV-2026-0001');
    expect(email.text).toContain('invoice INV-2026-0001 ($254.50)');
    expect(email.html).toContain('href="https://billing.acme.example/billing/payment-methods"');
    const bare = await rendered('payment_method_required', { amountDue: null });
    expect(bare.text).toContain('You pay Acme Cloud Ltd by card or direct debit, but there is no payment method on file to pay invoice INV-2026-0001.');
  });

  it('invoice_overdue: number, amount due, due date and how to pay', async () => {
    const email = await rendered('invoice_overdue');
    expect(email.subject).toBe('Overdue: invoice INV-2026-0001 ($254.50, due Dec 15, 2026)');
    expect(email.text).toContain('was due on Dec 15, 2026 and $254.50 is still outstanding');
    expect(email.text).toMatch(row('Amount due', '$254.50'));
    expect(email.text).toMatch(row('IBAN', 'GB33BUKB20201555555555'));
    expect(email.text).toMatch(row('Payment reference', 'INV-2026-0001'));
  });

  it('account_suspended: what happened, the invoices to pay and the invoices link', async () => {
    const email = await rendered('account_suspended');
    expect(email.subject).toBe('Your Acme Cloud Ltd account is suspended');
    expect(email.text).toContain('more than 14 days past its due date');
    expect(email.text).toMatch(row('Invoice INV-2026-0001', '$254.50'));
    expect(email.text).toContain('View and pay your invoices https://billing.acme.example/billing/invoices');
  });

  it('account_reactivated: active again, with what is still open', async () => {
    const email = await rendered('account_reactivated');
    expect(email.subject).toBe('Your Acme Cloud Ltd account is active again');
    expect(email.text).toContain('your Acme Cloud Ltd account is active again');
    expect(email.text).not.toContain('Still open');
    const open = await rendered('account_reactivated', { openInvoices: [{ ...props.invoice_issued.invoice, number: 'INV-2026-0002', amount_due: '12' }] });
    expect(open.text).toMatch(row('Invoice INV-2026-0002', '$12.00'));
  });

  it('credit_note_issued: the credit note number, total, the invoice it credits and the reason', async () => {
    const email = await rendered('credit_note_issued');
    expect(email.subject).toBe('Credit note CN-2026-0001 from Acme Cloud Ltd: $55.00 for invoice INV-2026-0001');
    expect(email.text).toMatch(row('Credits invoice', 'INV-2026-0001'));
    expect(email.text).toMatch(row('Reason', 'Service outage on Nov 12'));
    expect(email.text).toMatch(row('Total credited', '$55.00'));
    expect(email.text).toMatch(row('Now due on INV-2026-0001', '$199.50'));
    expect(email.text).toContain('The credit note is attached as CN-2026-0001.pdf.');
    const refund = await rendered('credit_note_issued', { creditNote: { ...props.credit_note_issued.creditNote, method: 'refund' } });
    expect(refund.text).toContain('which you have already paid: this amount is refunded to you');
    expect(refund.text).not.toContain('Now due');
  });

  it('upcoming_invoice: what the open period has cost so far', async () => {
    const email = await rendered('upcoming_invoice');
    expect(email.subject).toBe('Your Acme Cloud Ltd charges so far: $1,210.40 for Dec 1 – Dec 31, 2026');
    expect(email.text).toMatch(row('Charges so far', '$1,210.40'));
    expect(email.text).toMatch(row('Notification threshold', '$1,000.00'));
    const noThreshold = await rendered('upcoming_invoice', { threshold: null });
    expect(noThreshold.text).not.toContain('threshold');
  });

  it('usage_alert: a quantity against its threshold, the percentage floored', async () => {
    const email = await rendered('usage_alert');
    expect(email.subject).toBe('Usage alert: API calls passed 80% of your plan');
    expect(email.text).toMatch(row('Current', '80,500'));
    expect(email.text).toMatch(row('Threshold', '100,000'));
    expect(email.text).toMatch(row('Of threshold', '80%'));
    expect(email.text).toMatch(row('Period', 'Dec 1 – Dec 31, 2026'));
    expect(email.text).toContain('View your usage https://billing.acme.example/billing/usage');
  });

  it('budget_alert: money against the budget, to the admins', async () => {
    const email = await rendered('budget_alert');
    expect(email.subject).toBe('Budget alert: Globex passed its $1,000.00 monthly budget');
    expect(email.text).toMatch(row('Current', '$1,210.40'));
    expect(email.text).toMatch(row('Threshold', '$1,000.00'));
    expect(email.text).toMatch(row('Of threshold', '121%'));
    expect(email.text).toContain('Hello,');
    expect(email.text).toContain('Open the dashboard https://billing.acme.example/admin');
  });

  it('admin_alert: title, message paragraphs, the details table and the link', async () => {
    const email = await rendered('admin_alert');
    expect(email.subject).toBe('[Acme Cloud Ltd] Billing run failed for 2 customers');
    expect(email.text).toContain('The automated billing run finished with errors.\n\nThe failed customers are retried on the next run.');
    expect(email.text).toMatch(row('Failed', '2'));
    expect(email.text).toContain('Take a look https://billing.acme.example/admin');
    const bare = await rendered('admin_alert', { alert: { title: 'Webhook endpoint disabled', message: 'It failed for 3 days.' }, link: null });
    expect(bare.text).not.toContain('Take a look');
  });

  it('escapes what people typed: a customer name or a reason is text, never markup', async () => {
    const email = await renderEmail('credit_note_issued', {
      ...props.credit_note_issued,
      customerName: '<script>alert(1)</script> & Co',
      creditNote: { ...props.credit_note_issued.creditNote, reason: '<img src=x onerror=alert(1)>' },
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).toContain('Hello <script>alert(1)</script> & Co,');
  });
});

describe('email brand', () => {
  const seller = { seller: { name: 'Vigint SAS', email: null, address_lines: [], country: null, tax_id: null } };

  it('takes the workspace’s colour and logo, a blue when it chose none, and never a non-http logo', async () => {
    expect(emailBrand({ brandColor: null, logoUrl: null }, seller)).toMatchObject({ accentColor: DEFAULT_ACCENT_COLOR, onAccentColor: '#ffffff', logoUrl: null });
    expect(emailBrand({ brandColor: 'red', logoUrl: 'javascript:alert(1)' }, seller)).toMatchObject({ accentColor: DEFAULT_ACCENT_COLOR, logoUrl: null });
    const brand = emailBrand({ brandColor: '#FACC15', logoUrl: 'https://cdn.vigint.example/logo.png' }, seller);
    expect(brand).toMatchObject({ accentColor: '#facc15', onAccentColor: '#0f172a', logoUrl: 'https://cdn.vigint.example/logo.png' });
    const email = await renderEmail('payment_method_required', { ...props.payment_method_required, brand });
    expect(email.html).toContain('src="https://cdn.vigint.example/logo.png"');
    expect(email.html).toContain('alt="Vigint SAS"');
    expect(email.html).toContain('#facc15');
    // no address, no email: the footer is the name alone
    expect(email.text).not.toContain('mailto');
  });

  it('writes white on dark accents and dark on light ones', () => {
    expect(textColorOn('#2563eb')).toBe('#ffffff');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#ffffff')).toBe('#0f172a');
    expect(textColorOn('#fde68a')).toBe('#0f172a');
  });
});

describe('email payloads', () => {
  it('accepts the payload shapes and names the field that is wrong', () => {
    expect(parseEmailPayload('usage_alert', { title: 'API calls', value: '80500', threshold: '100000', currency: 'USD', extra: 1 })).toEqual({ title: 'API calls', value: '80500', threshold: '100000', currency: 'usd' });
    expect(() => parseEmailPayload('budget_alert', { title: 'Spend', value: 12.5, threshold: '10' })).toThrow(/budget_alert email's payload is not valid: value: must be a decimal string/);
    expect(() => parseEmailPayload('upcoming_invoice', { period_start: 'yesterday', period_end: '2027-01-01T00:00:00Z', amount: '1', currency: 'usd' })).toThrow(/period_start/);
    expect(() => parseEmailPayload('admin_alert', { title: 'x', message: 'y', link: 'javascript:alert(1)' })).toThrow(/link: must be an http\(s\) URL or a path/);
    expect(parseEmailPayload('admin_alert', { title: 'x', message: 'y', link: '/admin/invoices' }).link).toBe('/admin/invoices');
    expect(parseEmailPayload('payment_failed', { number: 'INV-1', failure_message: 'Declined', next_attempt_at: null, attempt: 2 })).toEqual({ failure_message: 'Declined', next_attempt_at: null, attempt: 2 });
  });
});
