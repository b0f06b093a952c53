// The admin's customer pages, acted on end to end. Journeys: add a customer (a bad field is said beside
// it and nothing is added), find them by search, edit them; subscribe them to a plan, change the plan,
// cancel at the period's end after confirming and resume, then cancel now; see their usage charted for the period and
// correct an event; mark one of their invoices paid and void another from their page; issue a credit
// note from Acme's page and see it in Acme's portal. A viewer sees the pages with no write controls.
//
// The name sorts last on purpose: this spec adds customers and plans, and api.spec / billing.spec
// count the demo's customers (12) and read Acme's amount due ($254.50). The credit note goes on a
// paid invoice, a refund owed, so what Acme owes stays.
import { randomUUID } from 'node:crypto';
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

const run = randomUUID().slice(0, 8);
const NAME = `Journey ${run} Ltd`;
const EMAIL = `journey-${run}@example.com`;
const PLAN_A = `e2e_journey_a_${run}`;
const PLAN_B = `e2e_journey_b_${run}`;

let admin: APIRequestContext;
let usageKey: string;
let customerId: string;

async function signIn(page: Page, role: 'admin' | 'customer') {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo(role);
  await expect(page).toHaveURL(role === 'admin' ? /\/admin$/ : /\/billing$/);
}

test.beforeAll(async ({ baseURL }) => {
  admin = await request.newContext({ baseURL: baseURL! });
  expect((await admin.post('/api/auth/local/sign-in', { data: DEMO.admin })).status()).toBe(200);
  for (const [code, fee] of [
    [PLAN_A, '30'],
    [PLAN_B, '60'],
  ] as const) {
    const plan = {
      code,
      name: `Journey ${code.endsWith(`a_${run}`) ? 'Basic' : 'Plus'} ${run}`,
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: fee },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '100' },
      ],
    };
    expect((await admin.post('/api/admin/billing/plans', { data: plan })).status()).toBe(201);
  }
  usageKey = (await (await admin.post('/api/admin/billing/api-keys', { data: { name: `journey ${run}`, scopes: ['usage:write'] } })).json()).key;
});

test.afterAll(async () => {
  await admin.dispose();
});

test.beforeEach(async ({ page }) => {
  await signIn(page, 'admin');
});

const customerJson = async () => (await admin.get(`/api/admin/billing/customers/${customerId}`)).json();
const subscriptionsOf = async () => (await (await admin.get(`/api/admin/billing/subscriptions?customer_id=${customerId}`)).json()).data as { id: string; plan_code: string; status: string; cancel_at_period_end: boolean }[];

test.describe.configure({ mode: 'serial' });

test('adds a customer from the list, finds them by search and edits them, each bad field said beside it', async ({ page }) => {
  await page.goto('/admin/customers');
  await page.getByTestId('new-customer').click();
  await expect(page).toHaveURL(/\/admin\/customers\/new$/);
  const form = page.getByTestId('new-customer-form');
  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form.getByLabel('Email', { exact: true }).fill(EMAIL);
  await form.getByLabel('Currency').fill('USD');
  await form.getByLabel('Country (optional)').fill('XX');
  await form.getByLabel('Tax rate (optional)').fill('21');
  await form.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.locator('#new-customer-tax_rate-error')).toContainText('fraction');
  await expect(page.locator('#new-customer-country-error')).toContainText('ISO 3166-1');
  await expect(form.getByLabel('Tax rate (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(NAME);
  expect((await (await admin.get(`/api/admin/billing/customers?query=${encodeURIComponent(EMAIL)}`)).json()).data).toEqual([]);

  await form.getByLabel('Country (optional)').fill('nl');
  await form.getByLabel('Tax rate (optional)').fill('0.21');
  await form.getByRole('button', { name: 'Add customer' }).click();
  await expect(page).toHaveURL(/\/admin\/customers\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByTestId('customer-created')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME);
  customerId = new URL(page.url()).pathname.split('/').pop()!;
  expect(await customerJson()).toMatchObject({ name: NAME, email: EMAIL, currency: 'usd', country: 'NL', tax_rate: '0.21', payment_method: 'card', status: 'active' });

  // found by search, among the rest
  await page.goto('/admin/customers');
  await page.getByTestId('customer-search').getByLabel('Name or email').fill(`journey-${run}`);
  await page.getByTestId('customer-search').getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('customer-row')).toHaveCount(1);
  await page.getByTestId('customer-link').filter({ hasText: NAME }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/customers/${customerId}$`));

  // an edit: a bad billing address is named by its line, and nothing is saved
  await page.getByText('Edit profile…').click();
  const edit = page.getByTestId('edit-customer-form');
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue(NAME);
  await edit.getByLabel('Name', { exact: true }).fill(`${NAME} Renamed`);
  await edit.getByLabel('Billing emails (optional, up to 5)').fill(`ap-${run}@example.com\nnot-an-address`);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#edit-customer-billing_emails-error')).toHaveText('line 2 must be an email address');
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue(`${NAME} Renamed`);
  expect((await customerJson()).name).toBe(NAME);

  await edit.getByLabel('Billing emails (optional, up to 5)').fill(`ap-${run}@example.com`);
  await edit.getByLabel('Pays by').selectOption('bank_transfer');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('edit-customer-form-outcome')).toHaveText('Saved: name, payment method, billing emails.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${NAME} Renamed`);
  expect(await customerJson()).toMatchObject({ name: `${NAME} Renamed`, billing_emails: [`ap-${run}@example.com`], payment_method: 'bank_transfer', country: 'NL' });
  // the audit trail says what changed
  await expect(page.getByTestId('customer-audit').getByTestId('audit-row').first()).toContainText('customer.updated');
});

test('subscribes the customer, shows and corrects their usage, changes the plan, cancels after confirming and resumes, then cancels now', async ({ page }) => {
  await page.goto(`/admin/customers/${customerId}`);
  const controls = page.getByTestId('subscription-controls');
  await controls.getByLabel('Plan', { exact: true }).selectOption(PLAN_A);
  await controls.getByLabel('Trial days (optional)').fill('0');
  await controls.getByRole('button', { name: 'Subscribe from now' }).click();
  await expect(page.getByTestId('customer-subscriptions').getByTestId('subscription-row')).toContainText(PLAN_A);
  expect(await subscriptionsOf()).toEqual([expect.objectContaining({ plan_code: PLAN_A, status: 'active', cancel_at_period_end: false })]);

  // usage reported for them shows in the period, charted, and a correction changes it at once
  const events = [
    { id: `journey-${run}-1`, customer_id: customerId, metric: 'api_calls', quantity: '120' },
    { id: `journey-${run}-2`, customer_id: customerId, metric: 'api_calls', quantity: '30' },
  ];
  const sent = await admin.post('/api/billing/usage/events', { data: { events }, headers: { authorization: `Bearer ${usageKey}` } });
  expect(await sent.json()).toEqual({ accepted: 2, duplicates: 0 });
  await page.reload();
  const usage = page.getByTestId('customer-usage');
  await expect(usage.getByTestId('usage-chart')).toHaveAttribute('data-metric', 'api_calls');
  await expect(usage.getByTestId('usage-event-row')).toHaveCount(2);
  const used = usage.locator('[data-testid="usage-charge-row"][data-key="api_calls"]').getByTestId('charge-used');
  await expect(used).toHaveText(/^150 call/);

  const correction = page.getByTestId('usage-correction-form');
  await correction.getByLabel('Event id').fill(`journey-${run}-1`);
  await correction.getByLabel('Set the quantity').check();
  await correction.getByLabel('New quantity (when setting it)').fill('20');
  await correction.getByLabel('Reason (kept in the audit log)').fill('x');
  await correction.getByRole('button', { name: 'Correct usage' }).click();
  await expect(page.locator('#correction-reason-error')).toContainText('at least 3 characters');
  await expect(correction.getByLabel('Event id')).toHaveValue(`journey-${run}-1`);
  await correction.getByLabel('Reason (kept in the audit log)').fill('The meter counted a retry twice');
  await correction.getByRole('button', { name: 'Correct usage' }).click();
  await expect(page.getByTestId('usage-correction-outcome')).toHaveText(`Event journey-${run}-1 set to 20.`);
  await expect(used).toHaveText(/^50 call/);
  const listed = (await (await admin.get(`/api/admin/billing/usage/events?customer_id=${customerId}`)).json()).data as { event_id: string; quantity: string }[];
  expect(listed.find((e) => e.event_id === `journey-${run}-1`)!.quantity).toBe('20');
  await expect(page.getByTestId('customer-audit')).toContainText('usage_event.adjusted');

  // another plan, now
  const changeForm = page.getByTestId('change-plan-form');
  await changeForm.getByLabel(/^Move to plan/).selectOption(PLAN_B);
  await changeForm.getByRole('button', { name: 'Change plan' }).click();
  await expect(page.getByTestId('change-plan-outcome')).toHaveText(`Moved to ${PLAN_B}.`);
  await expect(page.getByTestId('customer-subscriptions').getByTestId('subscription-row').first()).toContainText(PLAN_B);
  expect((await subscriptionsOf())[0]).toMatchObject({ plan_code: PLAN_B, status: 'active' });

  // cancelling asks first, then ends with the period; resuming takes it back
  await expect(page.getByTestId('cancel-subscription')).toBeHidden();
  await page.getByText('Cancel subscription…').click();
  await page.getByTestId('cancel-subscription').click();
  await expect(page.getByTestId('cancellation-scheduled')).toBeVisible();
  expect((await subscriptionsOf())[0]).toMatchObject({ plan_code: PLAN_B, cancel_at_period_end: true });
  await page.getByTestId('resume-subscription').click();
  await expect(page.getByTestId('cancellation-outcome')).toHaveText('Resumed: it renews as before.');
  expect((await subscriptionsOf())[0]).toMatchObject({ plan_code: PLAN_B, cancel_at_period_end: false });

  // cancelling now asks first too, then ends it at once and invoices what was used
  const invoicesBefore = ((await (await admin.get(`/api/billing/invoices?customer_id=${customerId}`)).json()).data as unknown[]).length;
  await expect(page.getByTestId('cancel-now-submit')).toBeHidden();
  await page.getByText('Cancel now…').click();
  await page.getByTestId('cancel-now-form').getByLabel(/^Reason/).fill('Closing the account');
  await expect(page.getByTestId('cancel-now-form').getByLabel('Issue the final invoice now')).toBeChecked();
  await page.getByTestId('cancel-now-submit').click();
  await expect(page.getByTestId('cancel-now-outcome')).toContainText('Cancelled now. Its last part is invoiced.');
  // no live subscription is left: the page offers to subscribe again
  await expect(page.getByTestId('subscribe-form')).toBeVisible();
  const [ended] = await subscriptionsOf();
  expect(ended).toMatchObject({ plan_code: PLAN_B, status: 'canceled' });
  // both parts (Basic until the change, Plus until now) are invoiced
  expect(((await (await admin.get(`/api/billing/invoices?customer_id=${customerId}`)).json()).data as unknown[]).length).toBe(invoicesBefore + 2);
  await expect(page.getByTestId('customer-audit').getByTestId('audit-row').filter({ hasText: 'subscription.ended' })).toHaveCount(1);
  // the API refuses a second cancel, and an unknown field by name
  const again = await admin.post(`/api/admin/billing/subscriptions/${ended!.id}/cancel`, { data: {} });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe('subscription_ended');
  const typo = await admin.post(`/api/admin/billing/subscriptions/${ended!.id}/cancel`, { data: { invoice_nwo: true } });
  expect(typo.status()).toBe(422);
  expect((await typo.json()).error.details).toContainEqual({ field: 'invoice_nwo', message: 'unknown field' });
});

test('marks one of the customer’s invoices paid and voids another from the customer’s page', async ({ page }) => {
  const issue = async (description: string) =>
    (await (await admin.post('/api/billing/invoices', { data: { customer_id: customerId, items: [{ description, quantity: '1', unit_price: '10' }], finalize: true } })).json()) as { id: string; number: string };
  const toPay = await issue(`Journey ${run} setup`);
  const toVoid = await issue(`Journey ${run} duplicate`);
  const statusOf = async (id: string) => (await (await admin.get(`/api/billing/invoices/${id}`)).json()).status as string;

  await page.goto(`/admin/customers/${customerId}`);
  const pay = page.locator(`[data-testid="customer-invoice-action"][data-invoice-id="${toPay.id}"]`);
  await pay.locator(':scope > summary').click();
  await pay.getByLabel('Payment reference (from the bank statement)').fill(`BANK-${run}`);
  await pay.getByRole('button', { name: 'Mark paid' }).click();
  const rowOf = (number: string) => page.getByTestId('customer-invoices').getByTestId('invoice-row').filter({ hasText: number });
  await expect(rowOf(toPay.number).getByTestId('status-badge')).toHaveText('Paid');
  expect(await statusOf(toPay.id)).toBe('paid');
  // a paid invoice is still offered a credit note, and no longer a payment
  await expect(pay.getByTestId('credit-note-form')).toBeVisible();
  await expect(pay.getByTestId('mark-paid-form')).toHaveCount(0);

  const voiding = page.locator(`[data-testid="customer-invoice-action"][data-invoice-id="${toVoid.id}"]`);
  await voiding.locator(':scope > summary').click();
  await expect(voiding.getByTestId('invoice-void')).toBeHidden();
  await voiding.getByText('Void…').click();
  await voiding.getByTestId('invoice-void').click();
  await expect(rowOf(toVoid.number).getByTestId('status-badge')).toHaveText('Void');
  expect(await statusOf(toVoid.id)).toBe('void');
  // a void invoice offers nothing more here
  await expect(page.locator(`[data-testid="customer-invoice-action"][data-invoice-id="${toVoid.id}"]`)).toHaveCount(0);
});

test('a credit note issued from Acme’s page, without leaving it, reaches Acme’s portal', async ({ page, browser }) => {
  await page.goto('/admin/customers?query=acme');
  await page.getByTestId('customer-link').filter({ hasText: 'Acme Corporation' }).click();
  await expect(page).toHaveURL(/\/admin\/customers\/[0-9a-f-]{36}$/);
  const acmeId = page.url().split('/').pop()!;
  const paid = ((await (await admin.get(`/api/billing/invoices?customer_id=${acmeId}&status=paid`)).json()).data as { id: string; number: string }[])[0]!;
  const notesBefore = ((await (await admin.get(`/api/billing/invoices/${paid.id}/credit-notes`)).json()).data as unknown[]).length;

  const row = page.locator(`[data-testid="customer-invoice-action"][data-invoice-id="${paid.id}"]`);
  await row.locator(':scope > summary').click();
  const form = row.getByTestId('credit-note-form');
  await form.getByLabel('Reason (printed on the credit note)').fill(`Goodwill ${run}`);
  await form.getByLabel(/^Net amount/).fill('0.50');
  await form.getByRole('button', { name: 'Issue credit note' }).click();
  await expect(row.getByTestId('credit-note-outcome')).toContainText('issued');
  await expect(page).toHaveURL(new RegExp(`/admin/customers/${acmeId}$`));
  const notes = (await (await admin.get(`/api/billing/invoices/${paid.id}/credit-notes`)).json()).data as { number: string; subtotal: string }[];
  expect(notes).toHaveLength(notesBefore + 1);
  const note = notes.find((n) => n.subtotal === '0.50')!;
  await expect(page.getByTestId('customer-credit-notes').getByTestId('credit-note-row').filter({ hasText: note.number })).toContainText(`Goodwill ${run}`);

  const portalContext = await browser.newContext();
  try {
    const portal = await portalContext.newPage();
    await signIn(portal, 'customer');
    await portal.goto(`/billing/invoices/${paid.id}`);
    await expect(portal.getByTestId('invoice-credit-notes')).toContainText(note.number);
  } finally {
    await portalContext.close();
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the acted-on customer’s page at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme });
    // as it reads straight after being added: the notice too
    await page.goto(`/admin/customers/${customerId}?created=1`);
    await expect(page.getByTestId('customer-created')).toBeVisible();
    await expect(page.getByTestId('usage-chart')).toBeVisible();
    await page.getByText('Edit profile…').click();
    await page.locator('[data-testid="customer-invoice-action"] > summary').first().click();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('a viewer sees a customer’s page with no write controls, and may not add a customer', async ({ browser, baseURL }) => {
  // a workspace of its own with one subscribed customer, the demo customer its viewer, who leaves as they came
  const created = await admin.post('/api/admin/billing/workspaces', { data: { slug: `e2e-journey-${run}`, name: `E2E journey ${run}`, default_currency: 'usd' } });
  expect(created.status()).toBe(201);
  const workspace = (await created.json()) as { id: string };
  const key = (await (await admin.post('/api/admin/billing/api-keys', { data: { name: 'journey viewer', scopes: ['billing:admin'], workspace_id: workspace.id } })).json()).key as string;
  const bearer = { authorization: `Bearer ${key}` };
  const customer = (await (await admin.post('/api/admin/billing/customers', { headers: bearer, data: { name: `Viewed ${run}`, email: `viewed-${run}@example.com`, currency: 'usd' } })).json()) as { id: string };
  expect((await admin.post('/api/admin/billing/plans', { headers: bearer, data: { code: 'viewed', name: 'Viewed', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '5' }] } })).status()).toBe(201);
  expect((await admin.post('/api/admin/billing/subscriptions', { headers: bearer, data: { customer_id: customer.id, plan_code: 'viewed' } })).status()).toBe(201);
  const members = `/api/admin/billing/workspaces/${workspace.id}/members`;
  const added = await admin.post(members, { data: { email: DEMO.customer.email, role: 'viewer' } });
  expect(added.status()).toBe(201);
  const viewerId = (await added.json()).user_id as string;
  const context = await browser.newContext({ baseURL: baseURL! });
  try {
    expect((await context.request.post('/api/auth/local/sign-in', { data: DEMO.customer })).status()).toBe(200);
    const viewer = await context.newPage();
    await viewer.goto(`/admin/customers/${customer.id}`);
    await expect(viewer.getByRole('heading', { level: 1 })).toHaveText(`Viewed ${run}`);
    await expect(viewer.getByTestId('view-only')).toBeVisible();
    await expect(viewer.getByTestId('customer-subscriptions')).toContainText('viewed');
    await expect(viewer.getByTestId('customer-usage')).toBeVisible();
    for (const control of ['edit-customer', 'subscription-controls', 'usage-correction-form', 'customer-invoice-actions', 'bill-now']) {
      await expect(viewer.getByTestId(control), control).toHaveCount(0);
    }
    await expect(viewer.locator('main form')).toHaveCount(0);
    await viewer.goto('/admin/customers');
    await expect(viewer.getByTestId('customer-row')).toHaveCount(1);
    await expect(viewer.getByTestId('new-customer')).toHaveCount(0);
    await viewer.goto('/admin/customers/new');
    await expect(viewer.getByTestId('view-only')).toBeVisible();
    await expect(viewer.getByTestId('new-customer-form')).toHaveCount(0);

    // the action itself refuses a viewer: the admin's edit form, posted as a form without JavaScript
    // posts it, changes the name for the admin and not for the viewer
    const adminContext = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
    try {
      expect((await adminContext.request.post('/api/auth/local/sign-in', { data: DEMO.admin })).status()).toBe(200);
      expect((await adminContext.request.post('/api/admin/workspace', { form: { workspace: `e2e-journey-${run}` }, maxRedirects: 0 })).status()).toBeLessThan(400);
      const adminPage = await adminContext.newPage();
      await adminPage.goto(`/admin/customers/${customer.id}`);
      const fields = await adminPage.getByTestId('edit-customer-form').evaluate((form) => Array.from(new FormData(form as HTMLFormElement).entries()).map(([k, v]) => [k, String(v)] as const));
      expect(fields.some(([name]) => name.startsWith('$ACTION'))).toBe(true);
      const submit = (as: APIRequestContext, name: string) => as.post(`/admin/customers/${customer.id}`, { multipart: Object.fromEntries(fields.map(([k, v]) => [k, k === 'name' ? name : v])) });
      const nameNow = async () => (await (await admin.get(`/api/admin/billing/customers/${customer.id}`, { headers: bearer })).json()).name as string;
      expect((await submit(adminContext.request, `Renamed by the admin ${run}`)).status()).toBe(200);
      expect(await nameNow()).toBe(`Renamed by the admin ${run}`);
      await submit(context.request, `Renamed by the viewer ${run}`);
      expect(await nameNow()).toBe(`Renamed by the admin ${run}`);
    } finally {
      await adminContext.close();
    }
  } finally {
    await context.close();
    expect((await admin.delete(`${members}/${viewerId}`)).status()).toBe(200);
  }
});
