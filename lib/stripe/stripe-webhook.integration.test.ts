// The webhook end to end on a real database, with events signed as Stripe signs them: verified,
// recorded once, handled in one transaction, converging whatever order they arrive in.
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { customers, DEFAULT_WORKSPACE_ID, invoices, notificationOutbox, paymentMethods, payments, webhookEvents } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { describeEachEngine } from '@/test/test-database';
import { receiveStripeWebhook } from './stripe-webhook';

const SECRET = 'whsec_test_secret_for_webhook_tests';
const NOW = new Date('2026-11-22T10:00:00Z');
let sequence = 0;

function delivery(type: string, object: Record<string, unknown>, { id, timestamp, secret = SECRET }: { id?: string; timestamp?: number; secret?: string } = {}) {
  const event = { id: id ?? `evt_test_${++sequence}`, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } };
  const rawBody = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret, ...(timestamp ? { timestamp } : {}) });
  return { rawBody, signature, id: event.id };
}

describeEachEngine('stripe webhook', (get) => {
  let invoiceId: string;
  let customerId: string;
  const receive = (d: { rawBody: string; signature: string }) => receiveStripeWebhook(get(), { ...d, secret: SECRET, now: new Date(), services: () => ({ stripe: null, config: billingConfig(parseEnv({})) }) });

  beforeAll(async () => {
    const { db } = get();
    const [customer] = await db.insert(customers).values({ name: 'Hooked', email: 'h@example.com', currency: 'eur', taxRate: '0.21', stripeCustomerId: 'cus_test_hooked' }).returning();
    customerId = customer!.id;
    const invoice = await createOneTimeInvoice(
      db,
      { customer_id: customer!.id, items: [{ description: 'Requests', quantity: '1000', unit_price: '0.0035' }], finalize: true },
      { now: NOW, config: billingConfig(parseEnv({})), actor: { type: 'system', id: null } },
    );
    invoiceId = invoice.id;
    await db.update(invoices).set({ stripeInvoiceId: 'in_test_hooked' }).where(eq(invoices.id, invoiceId));
  });

  const stripeInvoice = (status: string, extra: Record<string, unknown> = {}) => ({
    id: 'in_test_hooked', object: 'invoice', status, currency: 'eur', amount_due: 424, amount_paid: status === 'paid' ? 424 : 0, attempt_count: 1,
    metadata: { invoice_id: invoiceId }, status_transitions: { paid_at: status === 'paid' ? 1_795_000_000 : null }, ...extra,
  });

  it('refuses a bad signature, a stale one and a malformed body with 400, writing nothing', async () => {
    const good = delivery('invoice.paid', stripeInvoice('paid'));
    expect(await receive({ rawBody: good.rawBody, signature: good.signature.replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`) })).toMatchObject({ status: 400, code: 'invalid_signature' });
    expect(await receive({ rawBody: good.rawBody.replace('424', '1'), signature: good.signature })).toMatchObject({ status: 400, code: 'invalid_signature' });
    expect(await receive({ rawBody: good.rawBody, signature: '' })).toMatchObject({ status: 400 });
    const wrongSecret = delivery('invoice.paid', stripeInvoice('paid'), { secret: 'whsec_someone_else' });
    expect(await receive(wrongSecret)).toMatchObject({ status: 400, code: 'invalid_signature' });
    const stale = delivery('invoice.paid', stripeInvoice('paid'), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(await receive(stale)).toMatchObject({ status: 400, code: 'invalid_signature' });
    const garbage = 'not json at all';
    expect(await receive({ rawBody: garbage, signature: Stripe.webhooks.generateTestHeaderString({ payload: garbage, secret: SECRET }) })).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(await get().db.select().from(webhookEvents)).toHaveLength(0);
    const [invoice] = await get().db.select().from(invoices).where(eq(invoices.id, invoiceId));
    expect(invoice!.status).toBe('open');
  });

  it('handles paid-before-finalized and a late failure without moving the invoice back, and counts duplicates once', async () => {
    // as API 2026-10-28 delivers it: the invoice names its PaymentIntent through its payments
    const paidWith = { payments: { object: 'list', data: [{ object: 'invoice_payment', status: 'paid', payment: { type: 'payment_intent', payment_intent: 'pi_test_1' } }] } };
    const paid = delivery('invoice.paid', stripeInvoice('paid', paidWith));
    expect(await receive(paid)).toEqual({ status: 200, received: true, duplicate: false, handled: true, workspaceId: DEFAULT_WORKSPACE_ID });
    expect(await receive(paid)).toEqual({ status: 200, received: true, duplicate: true, handled: false });
    // the same payment announced under its other event type
    expect(await receive(delivery('invoice.payment_succeeded', stripeInvoice('paid', paidWith)))).toMatchObject({ status: 200 });
    // late, out-of-order deliveries
    await receive(delivery('invoice.finalized', stripeInvoice('open', { hosted_invoice_url: 'https://pay.example/in_test_hooked', invoice_pdf: 'https://pay.example/in_test_hooked.pdf' })));
    await receive(delivery('invoice.payment_failed', stripeInvoice('open', { attempt_count: 1 })));
    await receive(delivery('invoice.voided', stripeInvoice('void')));

    const [invoice] = await get().db.select().from(invoices).where(eq(invoices.id, invoiceId));
    expect(invoice).toMatchObject({ status: 'paid', amountPaid: '4.240000', amountDue: '0.000000', hostedInvoiceUrl: 'https://pay.example/in_test_hooked' });
    const rows = await get().db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
    expect(rows.map((p) => [p.status, p.amount, p.stripePaymentIntentId, p.method])).toEqual([['succeeded', '4.240000', 'pi_test_1', 'card']]);
    // told once: the receipt is queued once however often and under whichever type Stripe says it, and
    // the late failure of a paid invoice is no news
    const told = await get().db.select({ template: notificationOutbox.template }).from(notificationOutbox).where(eq(notificationOutbox.invoiceId, invoiceId));
    expect(told.map((m) => m.template).sort()).toEqual(['invoice_issued', 'payment_succeeded']);

    // the refund names the charge and its intent: the payment is found by the intent and learns the charge
    const refunded = delivery('charge.refunded', { id: 'ch_test_1', object: 'charge', payment_intent: 'pi_test_1', currency: 'eur', amount: 424, amount_refunded: 424, refunded: true });
    expect(await receive(refunded)).toMatchObject({ status: 200, handled: true });
    const [payment] = await get().db.select().from(payments).where(eq(payments.stripeChargeId, 'ch_test_1'));
    expect(payment).toMatchObject({ status: 'refunded', amountRefunded: '4.240000' });
  });

  it('answers 200 to an event type it does not handle, and records it', async () => {
    const unknown = delivery('customer.tax_id.created', { id: 'txi_1', object: 'tax_id' });
    expect(await receive(unknown)).toEqual({ status: 200, received: true, duplicate: false, handled: false });
    const [row] = await get().db.select().from(webhookEvents).where(eq(webhookEvents.id, unknown.id));
    expect(row).toMatchObject({ status: 'completed', type: 'customer.tax_id.created' });
  });

  it('answers 500 when a handler fails, keeps nothing of it, and takes the event again when redelivered', async () => {
    const broken = delivery('charge.refunded', { id: 'ch_test_1', object: 'charge', currency: 'eur', amount_refunded: 'lots', refunded: false });
    expect(await receive(broken)).toMatchObject({ status: 500, code: 'handler_failed' });
    const [row] = await get().db.select().from(webhookEvents).where(eq(webhookEvents.id, broken.id));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    const [payment] = await get().db.select().from(payments).where(eq(payments.stripeChargeId, 'ch_test_1'));
    expect(payment).toMatchObject({ status: 'refunded', amountRefunded: '4.240000' });
    expect(await receive(broken)).toMatchObject({ status: 500 });
    const [again] = await get().db.select().from(webhookEvents).where(eq(webhookEvents.id, broken.id));
    expect(again).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('records a payment method attached to a customer', async () => {
    const attached = delivery('payment_method.attached', { id: 'pm_test_visa', object: 'payment_method', type: 'card', customer: 'cus_test_hooked', card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 } });
    expect(await receive(attached)).toMatchObject({ status: 200, handled: true });
    const [method] = await get().db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId));
    expect(method).toMatchObject({ type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 });
  });
});
