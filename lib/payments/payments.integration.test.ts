// Collecting an invoice without Stripe configured: bank transfer instructions, never a charge.
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { customers } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { describeEachEngine } from '@/test/test-database';
import { listPaymentMethods } from './list-payment-methods';
import { processPayment } from './process-payment';

const NOW = new Date('2026-11-22T10:00:00Z');
const config = billingConfig(parseEnv({ COMPANY_IBAN: 'NL91ABNA0417164300', COMPANY_BIC: 'ABNANL2A' }));
const ACTOR = { type: 'system', id: null } as const;

describeEachEngine('payments without Stripe', (get) => {
  let customerId: string;
  beforeAll(async () => {
    const [customer] = await get().db.insert(customers).values({ name: 'Transfer', email: 't@example.com', currency: 'eur', taxRate: '0.21', paymentMethod: 'bank_transfer' }).returning();
    customerId = customer!.id;
  });

  it('answers an open invoice with bank transfer instructions naming the invoice number', async () => {
    const invoice = await createOneTimeInvoice(get().db, { customer_id: customerId, items: [{ description: 'Requests', quantity: '1000', unit_price: '0.0035' }], finalize: true }, { now: NOW, config, actor: ACTOR });
    expect(await processPayment(get().db, null, invoice.id, { now: NOW, config })).toEqual({
      invoice_id: invoice.id,
      status: 'bank_transfer',
      bank_transfer: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', reference: invoice.number, amount: '4.24', currency: 'eur' },
    });
    await changeInvoiceStatus(get().db, invoice.id, { status: 'paid', payment_reference: 'TRF-1' }, { now: NOW, config, actor: ACTOR });
    await expect(processPayment(get().db, null, invoice.id, { now: NOW, config })).rejects.toMatchObject({ status: 409 });
  });

  it('refuses drafts and unknown invoices', async () => {
    const draft = await createOneTimeInvoice(get().db, { customer_id: customerId, items: [{ description: 'x', quantity: '1', unit_price: '1' }], finalize: false }, { now: NOW, config, actor: ACTOR });
    await expect(processPayment(get().db, null, draft.id, { now: NOW, config })).rejects.toMatchObject({ status: 409 });
    await expect(processPayment(get().db, null, '00000000-0000-4000-8000-000000000000', { now: NOW, config })).rejects.toMatchObject({ status: 404 });
    expect(await listPaymentMethods(get().db, customerId)).toEqual([]);
  });
});
