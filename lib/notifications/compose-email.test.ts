// The two decisions composeEmail makes before rendering, on plain values: how an invoice is paid and
// who receives the message.
import { describe, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { parseEnv } from '@/lib/env';
import { DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { emailRecipients, paymentInstructions } from './compose-email';

const base = billingConfig(parseEnv({}));
const withBank = { ...base, bank: { iban: 'DE89370400440532013000', bic: 'COBADEFF' } };
const noBank = { ...base, bank: { iban: null, bic: null } };
const APP_URL = 'https://billing.example.com/';
const invoice = { id: 'inv-1', number: 'INV-2026-0007', hosted_invoice_url: null, seller: { name: 'Seller', email: 'ar@seller.example', address_lines: [] } };
const card = { paymentMethod: 'card' as const, stripeCustomerId: 'cus_1', autoPay: false };

describe('paymentInstructions', () => {
  it('links a card or direct-debit customer to Stripe’s hosted page, else to the app’s invoice page', () => {
    expect(paymentInstructions({ ...invoice, hosted_invoice_url: 'https://invoice.stripe.com/i/x' }, card, { config: withBank, appUrl: APP_URL })).toEqual({ kind: 'pay_online', url: 'https://invoice.stripe.com/i/x', autoCharge: false });
    expect(paymentInstructions(invoice, { ...card, paymentMethod: 'direct_debit', autoPay: true }, { config: withBank, appUrl: APP_URL })).toEqual({
      kind: 'pay_online',
      url: 'https://billing.example.com/billing/invoices/inv-1',
      autoCharge: true,
    });
    // a stored javascript: URL never becomes the link
    expect(paymentInstructions({ ...invoice, hosted_invoice_url: 'javascript:alert(1)' }, card, { config: withBank, appUrl: APP_URL })).toMatchObject({ url: 'https://billing.example.com/billing/invoices/inv-1' });
  });

  it('gives bank details, with the invoice number as the reference, to bank-transfer customers and to customers not on Stripe', () => {
    const bank = { kind: 'bank_transfer', iban: 'DE89370400440532013000', bic: 'COBADEFF', reference: 'INV-2026-0007' };
    expect(paymentInstructions({ ...invoice, hosted_invoice_url: 'https://invoice.stripe.com/i/x' }, { ...card, paymentMethod: 'bank_transfer' }, { config: withBank, appUrl: APP_URL })).toEqual(bank);
    expect(paymentInstructions(invoice, { ...card, stripeCustomerId: null }, { config: withBank, appUrl: APP_URL })).toEqual(bank);
  });

  it('falls back to the other way when the preferred one is not set up, and to whom to ask when neither is', () => {
    expect(paymentInstructions(invoice, { ...card, paymentMethod: 'bank_transfer' }, { config: noBank, appUrl: APP_URL })).toMatchObject({ kind: 'pay_online', autoCharge: false });
    expect(paymentInstructions(invoice, { ...card, stripeCustomerId: null }, { config: noBank, appUrl: APP_URL })).toEqual({ kind: 'contact', email: 'ar@seller.example' });
  });
});

describe('emailRecipients', () => {
  const workspace = { id: DEFAULT_WORKSPACE_ID, adminAlertEmails: ['ops@seller.example'] } as Workspace;
  const customer = { email: 'contact@buyer.example', billingEmails: [] as string[] };

  it('prefers the row’s recipients, then the customer’s billing emails, then the customer’s email', () => {
    const message = { template: 'invoice_issued', customerId: 'c1', toEmails: [] as string[] };
    expect(emailRecipients({ ...message, toEmails: ['x@buyer.example', 'X@buyer.example'] }, customer, { workspace, config: base })).toEqual(['x@buyer.example']);
    expect(emailRecipients(message, { ...customer, billingEmails: ['ap@buyer.example'] }, { workspace, config: base })).toEqual(['ap@buyer.example']);
    expect(emailRecipients(message, customer, { workspace, config: base })).toEqual(['contact@buyer.example']);
    expect(() => emailRecipients(message, null, { workspace, config: base })).toThrow(/invoice_issued email has no recipient/);
  });

  it('sends operator alerts, and alerts naming no customer, to the admins, else the seller', () => {
    expect(emailRecipients({ template: 'admin_alert', customerId: null, toEmails: [] }, null, { workspace, config: base })).toEqual(['ops@seller.example']);
    expect(emailRecipients({ template: 'usage_alert', customerId: null, toEmails: [] }, null, { workspace, config: base })).toEqual(['ops@seller.example']);
    expect(emailRecipients({ template: 'usage_alert', customerId: 'c1', toEmails: [] }, customer, { workspace, config: base })).toEqual(['contact@buyer.example']);
    const noAdmins = { ...workspace, adminAlertEmails: [] };
    expect(emailRecipients({ template: 'admin_alert', customerId: null, toEmails: [] }, null, { workspace: noAdmins, config: base })).toEqual([base.seller.email]);
  });
});
