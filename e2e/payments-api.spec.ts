// Payments without a Stripe API key (bank transfer) and the Stripe webhook's contract, against the
// production server started by scripts/e2e.mjs with STRIPE_WEBHOOK_SECRET set.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import Stripe from 'stripe';

const CUSTOMER = { email: 'customer@example.com', password: 'demo-customer' };
const ADMIN = { email: 'admin@example.com', password: 'demo-admin' };
const WEBHOOK_SECRET = 'whsec_e2e_webhook_secret_value';

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  return context;
}

function signed(type: string, object: Record<string, unknown>, options: { id?: string; timestamp?: number; secret?: string; account?: string } = {}) {
  const body = JSON.stringify({ id: options.id ?? `evt_e2e_${Math.random().toString(36).slice(2)}`, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object }, ...(options.account ? { account: options.account } : {}) });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? WEBHOOK_SECRET, ...(options.timestamp ? { timestamp: options.timestamp } : {}) });
  return { data: Buffer.from(body), headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}

test.describe('API: payments and the Stripe webhook', () => {
  let customer: APIRequestContext;
  let admin: APIRequestContext;
  let anonymous: APIRequestContext;

  test.beforeAll(async ({ baseURL }) => {
    customer = await signedIn(baseURL!, CUSTOMER);
    admin = await signedIn(baseURL!, ADMIN);
    anonymous = await request.newContext({ baseURL: baseURL! });
  });
  test.afterAll(async () => {
    await Promise.all([customer.dispose(), admin.dispose(), anonymous.dispose()]);
  });

  test('the customer sees their subscription and, without Stripe, pays by bank transfer', async () => {
    const subscription = await (await customer.get('/api/billing/subscription')).json();
    expect(subscription).toMatchObject({ tier: 'lyceum', status: 'active', currency: 'usd', interval: 'day', interval_count: 30, cancel_at_period_end: false });

    // the demo customer has a card on file from the seed; without a Stripe key, cards are not configured
    const methods = await (await customer.get('/api/billing/payment-methods')).json();
    expect(methods).toEqual({
      data: [{ id: 'pm_demo_acme', type: 'card', is_default: true, card: { brand: 'mastercard', last4: '4444', exp_month: 1, exp_year: expect.any(Number) }, created: expect.any(String) }],
      has_more: false,
      configured: false,
    });
    // the card on file is valid beyond the period being billed now, whatever day the demo was created
    const periodEnd = new Date(subscription.current_period_end);
    const card = methods.data[0].card;
    expect(card.exp_year * 12 + card.exp_month).toBeGreaterThan(periodEnd.getUTCFullYear() * 12 + periodEnd.getUTCMonth() + 1);

    const invoices = await (await customer.get('/api/billing/invoices?status=open')).json();
    const open = invoices.data[0];
    expect(open).toBeTruthy();
    const payment = await customer.post('/api/billing/process-payment', { data: { invoice_id: open.id } });
    expect(payment.status()).toBe(200);
    expect(await payment.json()).toMatchObject({ status: 'bank_transfer', bank_transfer: { reference: open.number, amount: open.amount_due, currency: 'usd' } });

    const all = await (await admin.get('/api/billing/invoices?limit=100')).json();
    const foreign = all.data.find((i: { customer_id: string; status: string }) => i.customer_id !== open.customer_id && i.status === 'open');
    expect((await customer.post('/api/billing/process-payment', { data: { invoice_id: foreign.id } })).status()).toBe(404);
    expect((await customer.post('/api/billing/process-payment', { data: { invoice_id: 'nope' } })).status()).toBe(422);
  });

  test('self-serve subscriptions say clearly when card payments are not configured', async () => {
    const refused = await customer.post('/api/billing/setup-subscription', { data: { plan_code: 'lyceum' } });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.code).toBe('stripe_not_configured');
    expect((await admin.post('/api/billing/setup-subscription', { data: { plan_code: 'lyceum' } })).status()).toBe(403);
    expect((await customer.post('/api/billing/setup-subscription', { data: { plan_code: 'Not A Code!' } })).status()).toBe(422);
  });

  test('webhook: signed events are taken once, unknown types answer 200, bad or stale signatures 400', async () => {
    const event = signed('invoice.finalized', { id: 'in_e2e_unmatched', object: 'invoice', status: 'open', metadata: {} }, { id: 'evt_e2e_once' });
    const first = await anonymous.post('/api/billing/stripe-webhook', event);
    expect(first.status()).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false, handled: true });
    expect(await (await anonymous.post('/api/billing/stripe-webhook', event)).json()).toEqual({ received: true, duplicate: true, handled: false });

    const unknown = await anonymous.post('/api/billing/stripe-webhook', signed('issuing_card.created', { id: 'ic_1', object: 'issuing.card' }));
    expect(await unknown.json()).toMatchObject({ received: true, handled: false });

    // a Connect account no workspace has: acknowledged and not recorded, so a redelivery is not a duplicate
    const stranger = signed('invoice.finalized', { id: 'in_e2e_elsewhere', object: 'invoice', status: 'open', metadata: {} }, { id: 'evt_e2e_stranger', account: 'acct_1E2eNobody' });
    for (let i = 0; i < 2; i++) {
      const answer = await anonymous.post('/api/billing/stripe-webhook', stranger);
      expect(answer.status()).toBe(200);
      expect(await answer.json()).toEqual({ received: true, duplicate: false, handled: false });
    }

    const forged = await anonymous.post('/api/billing/stripe-webhook', signed('invoice.paid', { id: 'in_x', object: 'invoice' }, { secret: 'whsec_forged' }));
    expect(forged.status()).toBe(400);
    expect((await forged.json()).error.code).toBe('invalid_signature');
    const stale = await anonymous.post('/api/billing/stripe-webhook', signed('invoice.paid', { id: 'in_x', object: 'invoice' }, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status()).toBe(400);
    const unsigned = await anonymous.post('/api/billing/stripe-webhook', { data: Buffer.from('{}'), headers: { 'content-type': 'application/json' } });
    expect(unsigned.status()).toBe(400);
  });
});
