// Recording a payment collected outside Stripe: the method it came by, the invoice settled once, and a
// suspension lifted when it was the last overdue invoice.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { billingConfig } from '@/lib/config/billing-config';
import { customers, invoices, payments } from '@/lib/db/schema';
import { runDunning } from '@/lib/dunning/run-dunning';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { describeEachEngine } from '@/test/test-database';
import { recordPayment } from './record-payment';
import { DAY_MS } from '@/lib/time/utc-day';

const NOW = new Date('2026-11-22T10:00:00Z');
const config = billingConfig(parseEnv({}));
const ACTOR = { type: 'system', id: null } as const;

describeEachEngine('recording a payment made outside Stripe', (get) => {
  let customerId: string;
  const invoiceFor = async (issuedAt: Date, unitPrice: string) =>
    createOneTimeInvoice(get().db, { customer_id: customerId, items: [{ description: 'Service', quantity: '1', unit_price: unitPrice }], finalize: true }, { now: issuedAt, config, actor: ACTOR });

  beforeAll(async () => {
    const [customer] = await get().db.insert(customers).values({ name: 'Terminal', email: 'terminal@example.com', currency: 'eur', taxRate: '0.21', paymentMethod: 'card' }).returning();
    customerId = customer!.id;
  });

  it('settles the invoice in full with the method and reference given, stamped with `now`', async () => {
    const invoice = await invoiceFor(NOW, '100');
    const paidAt = new Date(NOW.getTime() + 2 * DAY_MS);
    const paid = await recordPayment(get().db, invoice.id, { method: 'card', reference: 'POS-7781' }, { now: paidAt, config, actor: ACTOR });
    expect(paid).toMatchObject({ status: 'paid', amountPaid: '121.000000', amountDue: '0.000000', paidAt, paymentReference: 'POS-7781', nextPaymentAttemptAt: null });
    const rows = await get().db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(rows).toMatchObject([{ attemptNumber: 1, amount: '121.000000', currency: 'eur', method: 'card', status: 'succeeded', reference: 'POS-7781', createdAt: paidAt }]);

    // once: a second recording is refused and adds nothing
    await expect(recordPayment(get().db, invoice.id, { method: 'card' }, { now: paidAt, config, actor: ACTOR })).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(await get().db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
  });

  it('refuses a method it does not know and an unknown invoice, changing nothing', async () => {
    const invoice = await invoiceFor(NOW, '10');
    await expect(recordPayment(get().db, invoice.id, { method: 'cash' as never }, { now: NOW, config, actor: ACTOR })).rejects.toBeInstanceOf(ZodError);
    await expect(recordPayment(get().db, '00000000-0000-4000-8000-000000000000', { method: 'sepa_debit' }, { now: NOW, config, actor: ACTOR })).rejects.toMatchObject({ status: 404 });
    const [unchanged] = await get().db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(unchanged).toMatchObject({ status: 'open', amountDue: '12.100000' });
  });

  it('reactivates a customer suspended for the invoice it settles', async () => {
    // the open invoices are settled first, so only the late one holds the suspension
    for (const open of await get().db.select().from(invoices).where(eq(invoices.status, 'open'))) {
      await recordPayment(get().db, open.id, { method: 'bank_transfer' }, { now: NOW, config, actor: ACTOR });
    }
    const late = await invoiceFor(new Date(NOW.getTime() - 40 * DAY_MS), '50');
    expect(await runDunning(get().db, null, { now: NOW, config, actor: ACTOR })).toMatchObject({ suspended: 1 });
    await recordPayment(get().db, late.id, { method: 'sepa_debit' }, { now: NOW, config, actor: ACTOR });
    const [customer] = await get().db.select().from(customers).where(eq(customers.id, customerId));
    expect(customer).toMatchObject({ status: 'active', suspendedAt: null });
  });
});
