// The Stripe-configured server and the fake Stripe server that scripts/e2e.mjs start side by side:
// paying on the fake's hosted invoice page reaches the app through a signed webhook delivery, with no
// test posting events itself.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO } from '../pages/demo-users';

test.use({ baseURL: process.env.E2E_STRIPE_BASE_URL });

const fakeStripe = () => {
  const url = process.env.E2E_FAKE_STRIPE_URL;
  if (!url) throw new Error('E2E_FAKE_STRIPE_URL is not set: run the specs through npm run test:e2e');
  return url;
};

test.describe('Stripe configured: the fake Stripe server delivers its events to the app', () => {
  let admin: APIRequestContext;

  test.beforeAll(async () => {
    admin = await request.newContext({ baseURL: process.env.E2E_STRIPE_BASE_URL });
    expect((await admin.post('/api/auth/local/sign-in', { data: { email: DEMO.admin.email, password: DEMO.admin.password } })).status()).toBe(200);
  });
  test.afterAll(async () => {
    await admin.dispose();
  });

  test('an invoice paid on the hosted page is paid in the app once the webhook arrives', async () => {
    // another card customer's open invoice, so the demo customer's own stays open for the UI specs
    const customers = (await (await admin.get('/api/admin/billing/customers?query=Globex')).json()).data;
    const globex = customers.find((c: { name: string }) => c.name === 'Globex Ltd');
    expect(globex, 'the demo has Globex Ltd').toBeTruthy();
    const open = (await (await admin.get(`/api/billing/invoices?status=open&customer_id=${globex.id}`)).json()).data[0];
    expect(open, 'Globex has an open invoice').toBeTruthy();
    const customer = admin;

    // Stripe configured, auto-pay off: the answer is Stripe's hosted page for the mirrored invoice
    const payment = await customer.post('/api/billing/process-payment', { data: { invoice_id: open.id } });
    expect(payment.status()).toBe(200);
    const answer = await payment.json();
    expect(answer).toMatchObject({ invoice_id: open.id, status: 'requires_payment' });
    expect(answer.payment_url.startsWith(`${fakeStripe()}/hosted/in_`)).toBe(true);

    const fake = await request.newContext();
    try {
      // the hosted page's form, as the customer's browser submits it
      const paid = await fake.post(`${answer.payment_url}/pay`, { form: { payment_method: 'pm_card_visa' }, maxRedirects: 0 });
      expect(paid.status()).toBe(303);
      const page = await fake.get(answer.payment_url);
      expect(await page.text()).toContain('<dd data-field="status">paid</dd>');

      await expect.poll(async () => (await (await customer.get(`/api/billing/invoices/${open.id}`)).json()).status, { timeout: 20_000 }).toBe('paid');

      // every event was signed and taken: the app answered 2xx to each delivery (any invoice event
      // re-reads Stripe's invoice, so ours can be paid before invoice.paid itself has been delivered)
      await expect.poll(async () => (await (await fake.get(`${fakeStripe()}/__fake/deliveries`)).json()).pending, { timeout: 20_000 }).toBe(0);
      const deliveries = await (await fake.get(`${fakeStripe()}/__fake/deliveries`)).json();
      const paidDelivery = deliveries.data.find((d: { type: string }) => d.type === 'invoice.paid');
      expect(paidDelivery).toMatchObject({ status: 'delivered', last_response: 200 });
      expect(deliveries.data.filter((d: { status: string }) => d.status === 'failed')).toEqual([]);
    } finally {
      await fake.dispose();
    }
  });
});
