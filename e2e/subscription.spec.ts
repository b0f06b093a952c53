// The customer's subscription page as the demo customer: the plan in words, the plans offered with what
// the last invoiced period would have cost (the simulator's figures, asked of the admin API), cancel at
// period end (confirmed) and resume, a plan change now (confirmed) with the prorated part due at the next
// run and the new period's estimate, and a tampered plan code refused inline. 1280 and 375 px without
// sideways scroll or a serious axe finding.
//
// Specs share one server and database and run in file order; usage-api.spec.ts comes after this one and
// reads Acme on Lyceum with its licenses in the open period. So the change goes back to Lyceum at the
// end, and the gauges (licenses, clusters, users, storage) are reported again for the period the change
// back opened, as the operator's backend reports them, leaving Acme's plan and usage as they were.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';
import { SubscriptionPage } from './pages/subscription-page';

const usd = (amount: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(amount));
const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
/** The last day a half-open period [start, end) covers, as the page prints it. */
const lastDay = (end: string) => dayFormat.format(new Date(Date.parse(end) - 1));

type MeteredUsage = { code: string; key: string; quantity: string };

let admin: APIRequestContext;

test.beforeAll(async ({ baseURL }) => {
  admin = await request.newContext({ baseURL: baseURL! });
  expect((await admin.post('/api/auth/local/sign-in', { data: DEMO.admin })).status()).toBe(200);
});
test.afterAll(async () => {
  await admin.dispose();
});

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing$/);
});

test('the plan in words, and each plan offered with what the last period would have cost', async ({ page }) => {
  const subscription = new SubscriptionPage(page);
  await subscription.goto();
  await expect(page.getByRole('heading', { name: 'Subscription', level: 1 })).toBeVisible();
  await expect(subscription.planName).toHaveText('Lyceum Platform');
  await expect(subscription.status).toContainText('Active');
  await expect(subscription.currentPrices).toContainText('Platform base fee: $10.00 every 30 days, billed at the end of each period');
  await expect(subscription.currentPrices).toContainText('Professional licenses: $15.00 per license');
  await expect(subscription.currentPrices).toContainText('Storage overage: first 100 GB included every 30 days, then $0.10 per GB');

  await expect(subscription.offer('professional')).toContainText('Professional subscription: $49.00 a month, billed at the end of each period');
  await expect(subscription.offer('professional')).toContainText('first 500 credits a month included, then $0.002 per credit');
  await expect(subscription.offer('enterprise')).toContainText('first 5,000 credits: free');
  await expect(subscription.offer('enterprise')).toContainText('$5.00 per 50 GB (a started 50 GB counts in full)');
  // the current plan is not offered to itself, nor a plan in another currency
  await expect(subscription.offer('lyceum')).toHaveCount(0);
  await expect(subscription.offer('vigint_weekly')).toHaveCount(0);

  // each card's figure is the simulator's: the last invoiced period re-rated under that plan's charges
  const customerId = (await (await page.request.get('/api/billing/usage')).json()).customer_id as string;
  let actual = '';
  let invoiceId = '';
  for (const code of ['api_growth', 'starter', 'professional', 'enterprise']) {
    const plan = await (await admin.get(`/api/admin/billing/plans/${code}`)).json();
    const simulation = await admin.post('/api/admin/billing/simulations', { data: { plan_code: 'lyceum', charges: plan.charges, customer_ids: [customerId] } });
    expect(simulation.status()).toBe(200);
    const [row] = (await simulation.json()).data;
    const card = subscription.offer(code);
    await expect(card.getByTestId('offer-last-period-cost')).toHaveText(usd(row.simulated_subtotal));
    const delta = Number(row.delta);
    await expect(card.getByTestId('offer-difference')).toHaveText(delta === 0 ? 'the same as you paid' : `${usd(String(Math.abs(delta)))} ${delta < 0 ? 'less' : 'more'} than you paid`);
    actual = row.current_subtotal;
    invoiceId = row.invoice_id;
  }
  // beside them, what the period actually cost: the last invoice's subtotal
  await expect(subscription.actualCost).toHaveText(usd(actual));
  const invoice = await (await page.request.get(`/api/billing/invoices/${invoiceId}`)).json();
  expect(invoice.subtotal).toBe(actual);
  await expect(subscription.offersBasis).toContainText(`You paid ${usd(actual)} on Lyceum Platform`);
});

test('cancel at period end (confirmed) shows the end date, and resume takes it back', async ({ page }) => {
  const subscription = new SubscriptionPage(page);
  await subscription.goto();
  const api = async () => (await page.request.get('/api/billing/subscription')).json();
  const before = await api();
  expect(before.cancel_at_period_end).toBe(false);
  const endsOn = lastDay(before.current_period_end);

  // the first button only asks; keeping the subscription changes nothing
  await page.getByRole('button', { name: 'Cancel at period end' }).click();
  const confirm = page.getByTestId('cancel-confirm');
  await expect(confirm).toContainText(`Your subscription ends on ${endsOn}`);
  await expect(confirm).toBeFocused();
  await confirm.getByRole('button', { name: 'Keep my subscription' }).click();
  await expect(confirm).toHaveCount(0);
  expect((await api()).cancel_at_period_end).toBe(false);

  await page.getByRole('button', { name: 'Cancel at period end' }).click();
  await page.getByRole('button', { name: `Confirm: end on ${endsOn}` }).click();
  await expect(page).toHaveURL(/\/billing\/subscription\?done=cancelled$/);
  await expect(subscription.cancelBanner).toContainText(`Your subscription ends on ${endsOn}`);
  await expect(subscription.status).toContainText('Cancels at period end');
  expect(await api()).toMatchObject({ tier: 'lyceum', cancel_at_period_end: true, current_period_end: before.current_period_end });
  // no second cancel button while it is cancelled
  await expect(page.getByRole('button', { name: 'Cancel at period end' })).toHaveCount(0);

  await subscription.cancelBanner.getByRole('button', { name: 'Resume subscription' }).click();
  await expect(page).toHaveURL(/\/billing\/subscription\?done=resumed$/);
  await expect(subscription.cancelBanner).toHaveCount(0);
  await expect(subscription.done).toContainText('resumed');
  expect(await api()).toMatchObject({ tier: 'lyceum', status: 'active', cancel_at_period_end: false, current_period_end: before.current_period_end });
});

test('change plan now: a tampered plan is refused inline; the change shows the new plan, the prorated part and the next estimate', async ({ page }) => {
  const subscription = new SubscriptionPage(page);
  const usage = async () => (await page.request.get('/api/billing/usage?include_estimate=true')).json();
  const before = await usage();
  expect(before.subscription.plan_code).toBe('lyceum');
  const gauges: MeteredUsage[] = before.metrics;

  await subscription.goto();
  const professional = subscription.offer('professional');
  const confirm = page.getByTestId('plan-change-confirm');
  const submitted = async (code: string) => {
    await professional.getByRole('button', { name: 'Switch to Professional' }).click();
    await professional.locator('input[name="plan_code"]').evaluate((input, value) => ((input as HTMLInputElement).value = value), code);
    await confirm.getByRole('button', { name: 'Confirm: switch to Professional' }).click();
  };
  // a post naming a plan in euros, another business's plan, and no plan: each refused beside the button, nothing changed
  await submitted('vigint_weekly');
  await expect(professional.getByTestId('plan-change-error')).toHaveText('bills in EUR, your account in USD');
  await subscription.goto();
  await submitted('quarterly');
  await expect(professional.getByTestId('plan-change-error')).toHaveText('no plan offered to you has this code');
  await subscription.goto();
  await submitted('Not a plan!');
  await expect(professional.getByTestId('plan-change-error')).toContainText('must be lowercase letters');
  expect((await usage()).subscription.plan_code).toBe('lyceum');

  // the confirmation says what happens; keeping the plan changes nothing
  await subscription.goto();
  await professional.getByRole('button', { name: 'Switch to Professional' }).click();
  await expect(confirm).toContainText('Your current period is prorated: Lyceum Platform is billed up to now');
  await expect(confirm).toContainText('Professional starts today');
  await confirm.getByRole('button', { name: 'Keep Lyceum Platform' }).click();
  await expect(confirm).toHaveCount(0);

  await professional.getByRole('button', { name: 'Switch to Professional' }).click();
  await confirm.getByRole('button', { name: 'Confirm: switch to Professional' }).click();
  await expect(page).toHaveURL(/\/billing\/subscription\?done=changed$/);
  await expect(subscription.planName).toHaveText('Professional');
  await expect(subscription.done).toContainText('Your plan is changed');
  // Lyceum up to now waits for the next run, its $10 fee prorated: less than the whole period's
  await expect(subscription.endedUnbilled).toHaveCount(1);
  await expect(subscription.endedUnbilled).toContainText('Lyceum Platform');
  await expect(subscription.endedUnbilled).toContainText('fees prorated');
  // the next invoice: Professional's period from today, as the usage API estimates it
  const after = await usage();
  expect(after.subscription.plan_code).toBe('professional');
  expect(Date.parse(after.estimate.period_start)).toBeGreaterThan(Date.parse(before.estimate.period_start));
  await expect(subscription.estimateTotal).toHaveText(usd(after.estimate.total));
  await expect(subscription.nextInvoice.getByTestId('estimate-line').filter({ hasText: 'Professional subscription' })).toContainText('$49.00');

  // back to Lyceum, as the other specs expect Acme
  await subscription.offer('lyceum').getByRole('button', { name: 'Switch to Lyceum Platform' }).click();
  await page.getByTestId('plan-change-confirm').getByRole('button', { name: 'Confirm: switch to Lyceum Platform' }).click();
  await expect(page).toHaveURL(/\/billing\/subscription\?done=changed$/);
  await expect(subscription.planName).toHaveText('Lyceum Platform');
  await expect(subscription.endedUnbilled).toHaveCount(2);

  // the gauges are reported again for the period the change back opened, as the operator's backend does
  const key = (await (await admin.post('/api/admin/billing/api-keys', { data: { name: 'e2e subscription gauges', scopes: ['usage:write'] } })).json()).key as string;
  const run = Date.now().toString(36);
  const events = gauges
    .filter((g) => Number(g.quantity) > 0)
    .map((g, i) => {
      const filters = /\{(.*)\}$/.exec(g.key)?.[1];
      const properties = filters ? Object.fromEntries(filters.split(',').map((pair) => pair.split('='))) : undefined;
      return { id: `e2e-subscription-${run}-${i}`, customer_id: before.customer_id, metric: g.code, quantity: g.quantity, ...(properties ? { properties } : {}) };
    });
  const sent = await admin.post('/api/billing/usage/events', { data: { events }, headers: { authorization: `Bearer ${key}` } });
  expect(await sent.json()).toEqual({ accepted: events.length, duplicates: 0 });
  const restored = await usage();
  expect(restored.subscription.plan_code).toBe('lyceum');
  expect(restored.metrics.map((m: MeteredUsage) => [m.key, m.quantity])).toEqual(gauges.map((g) => [g.key, g.quantity]));
});

for (const width of [1280, 375]) {
  test(`at ${width} px: no sideways scroll and no serious axe finding, with a confirmation open`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const subscription = new SubscriptionPage(page);
    await subscription.goto();
    await expect(subscription.planName).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await subscription.offer('professional').getByRole('button', { name: 'Switch to Professional' }).click();
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    await expect(page.getByTestId('plan-change-confirm')).toBeVisible();
    await expect(page.getByTestId('cancel-confirm')).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
