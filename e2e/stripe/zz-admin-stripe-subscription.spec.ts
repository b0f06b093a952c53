// An admin changes a subscription whose flat fee Stripe bills, on the Stripe-configured server: the demo
// customer subscribes through setup-subscription, then the admin cancels at period end and resumes
// through PATCH /api/admin/billing/subscriptions/[id] and through the customer page's buttons, and
// each reaches the fake Stripe (read back through its API); Stripe's events, delivered meanwhile,
// leave ours as the admin set it. A plan change is refused with what to do instead, in the API and
// beside the page's form. Last of the Stripe server's specs (zz-): the demo customer is Stripe-billed
// from here on.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO } from '../pages/demo-users';
import { LoginPage } from '../pages/login-page';

test.use({ baseURL: process.env.E2E_STRIPE_BASE_URL });

const fakeStripe = () => {
  const url = process.env.E2E_FAKE_STRIPE_URL;
  if (!url) throw new Error('E2E_FAKE_STRIPE_URL is not set: run the specs through npm run test:e2e');
  return url;
};

let admin: APIRequestContext;
let stripeApi: APIRequestContext;
let customerId = '';
let subscriptionId = '';
let stripeSubscriptionId = '';
let otherPlan = '';

const ours = async () => (await (await admin.get(`/api/admin/billing/subscriptions/${subscriptionId}`)).json()) as { plan_code: string; status: string; cancel_at_period_end: boolean };
const atStripe = async () => (await (await stripeApi.get(`/v1/subscriptions/${stripeSubscriptionId}`)).json()) as { cancel_at_period_end: boolean; items: { data: { price: { id: string } }[] } };

async function waitForWebhooks() {
  await expect.poll(async () => (await (await stripeApi.get('/__fake/deliveries')).json()).pending, { timeout: 20_000 }).toBe(0);
  const deliveries = (await (await stripeApi.get('/__fake/deliveries')).json()).data as { status: string }[];
  expect(deliveries.filter((d) => d.status === 'failed')).toEqual([]);
}

test.beforeAll(async () => {
  admin = await request.newContext({ baseURL: process.env.E2E_STRIPE_BASE_URL });
  expect((await admin.post('/api/auth/local/sign-in', { data: { email: DEMO.admin.email, password: DEMO.admin.password } })).status()).toBe(200);
  stripeApi = await request.newContext({ baseURL: fakeStripe(), extraHTTPHeaders: { authorization: 'Bearer sk_test_e2e_fake_stripe_key' } });

  const customer = await request.newContext({ baseURL: process.env.E2E_STRIPE_BASE_URL });
  try {
    expect((await customer.post('/api/auth/local/sign-in', { data: { email: DEMO.customer.email, password: DEMO.customer.password } })).status()).toBe(200);
    const plan = ((await (await customer.get('/api/billing/subscription')).json()) as { tier: string }).tier;
    const setup = await customer.post('/api/billing/setup-subscription', { data: { plan_code: plan } });
    expect(setup.status()).toBe(200);
    const answer = (await setup.json()) as { subscription_id: string; stripe_subscription_id: string; client_secret: string };
    ({ subscription_id: subscriptionId, stripe_subscription_id: stripeSubscriptionId } = answer);
    // the card Stripe.js would collect: the first invoice is paid, Stripe's subscription (and, by the webhook, ours) active
    const intent = answer.client_secret.split('_secret_')[0]!;
    expect((await stripeApi.post(`/__fake/payment_intents/${intent}/confirm`, { form: { payment_method: 'pm_card_visa' } })).status()).toBe(200);
  } finally {
    await customer.dispose();
  }
  const found = (await (await admin.get(`/api/admin/billing/customers?query=${encodeURIComponent(DEMO.customer.customerName)}`)).json()).data as { id: string; name: string; currency: string }[];
  const acme = found.find((c) => c.name === DEMO.customer.customerName)!;
  customerId = acme.id;
  const plans = (await (await admin.get('/api/admin/billing/plans')).json()).data as { code: string; currency: string }[];
  const current = (await ours()).plan_code;
  otherPlan = plans.find((p) => p.currency === acme.currency && p.code !== current)!.code;
  await waitForWebhooks();
  expect(await ours()).toMatchObject({ status: 'active', cancel_at_period_end: false });
});
test.afterAll(async () => {
  await admin?.dispose();
  await stripeApi?.dispose();
});

test('the API cancels and resumes at Stripe too, and refuses a plan change with what to do instead', async () => {
  expect((await atStripe()).cancel_at_period_end).toBe(false);
  const cancelled = await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { cancel_at_period_end: true } });
  expect(cancelled.status()).toBe(200);
  expect(await cancelled.json()).toMatchObject({ id: subscriptionId, cancel_at_period_end: true });
  expect((await atStripe()).cancel_at_period_end).toBe(true);
  // Stripe's customer.subscription.updated reaches the webhook, which reads Stripe back: still cancelled
  await waitForWebhooks();
  expect((await ours()).cancel_at_period_end).toBe(true);

  const resumed = await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { cancel_at_period_end: false } });
  expect(await resumed.json()).toMatchObject({ cancel_at_period_end: false });
  expect((await atStripe()).cancel_at_period_end).toBe(false);
  await waitForWebhooks();
  expect((await ours()).cancel_at_period_end).toBe(false);

  const before = await ours();
  const prices = (await atStripe()).items.data.map((i) => i.price.id);
  const refused = await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { plan_code: otherPlan } });
  expect(refused.status()).toBe(409);
  const { error } = await refused.json();
  expect(error.code).toBe('managed_by_stripe');
  expect(error.message).toContain('cancel it at the end of the current period, and subscribe the customer to the new plan once it has ended');
  expect(await ours()).toEqual(before);
  expect((await atStripe()).items.data.map((i) => i.price.id)).toEqual(prices);
});

test('the customer page’s buttons cancel and resume at Stripe too, and its plan change says why it cannot', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto(`/admin/customers/${customerId}`);
  await login.signInAsDemo('admin');
  await page.goto(`/admin/customers/${customerId}`);

  const changeForm = page.getByTestId('change-plan-form');
  await changeForm.getByLabel(/^Move to plan/).selectOption(otherPlan);
  await changeForm.getByRole('button', { name: 'Change plan' }).click();
  await expect(page.getByTestId('change-plan-outcome')).toContainText('Stripe bills this subscription’s fee');
  await expect(page.getByTestId('change-plan-outcome')).toContainText('subscribe the customer to the new plan once it has ended');

  await page.getByText('Cancel subscription…').click();
  await page.getByTestId('cancel-subscription').click();
  await expect(page.getByTestId('cancellation-scheduled')).toBeVisible();
  expect((await atStripe()).cancel_at_period_end).toBe(true);
  await page.getByTestId('resume-subscription').click();
  await expect(page.getByTestId('cancellation-outcome')).toHaveText('Resumed: it renews as before.');
  expect((await atStripe()).cancel_at_period_end).toBe(false);
  await waitForWebhooks();
  expect((await ours()).cancel_at_period_end).toBe(false);
});
