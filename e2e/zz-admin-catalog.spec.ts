// The admin catalog: an admin creates a metric, then a plan with a flat fee and graduated tiers edited
// as rows, subscribes a new customer of their own to it (through the admin API; the customer page's
// subscribe control has its own journey in zz-admin-customer-journeys.spec.ts), sees the subscription on the plan in the catalog and the
// plan on the customer's page, and makes version 2; the metric's page shows the plan pricing it and
// changes its cost. A plan with a negative tier price or tiers out of
// order is refused with the API's own words beside the field and nothing is created. A viewer sees
// the catalog, a plan and a metric with no controls.
// It sorts last (zz-) because it makes workspaces and a customer of its own: api.spec.ts counts the
// demo's 12 customers and invoices-api.spec.ts its two workspaces.
import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

// each run makes its own codes and customer, so the spec passes against a database an earlier run left
const suffix = randomUUID().slice(0, 8);
const metricCode = `e2e_cat_calls_${suffix}`;
const planCode = `e2e_cat_${suffix}`;

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

/** Fills tier row `j` of a charge: up to (empty: no end), unit price, flat fee. */
async function fillTier(charge: Locator, j: number, upTo: string, unitPrice: string, flat = '') {
  await charge.getByLabel(`Tier ${j + 1}: up to`).fill(upTo);
  await charge.getByLabel(`Tier ${j + 1}: unit price`).fill(unitPrice);
  await charge.getByLabel(`Tier ${j + 1}: flat fee`).fill(flat);
}

/** The new-plan form with its plan fields and a flat fee filled in; returns the form. */
async function startPlan(page: Page, code: string, name: string) {
  await page.goto('/admin/catalog');
  await page.getByTestId('new-plan-link').click();
  await expect(page).toHaveURL(/\/admin\/catalog\/new-plan$/);
  const form = page.getByTestId('plan-form');
  await form.getByLabel('Code').fill(code);
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Currency').fill('USD');
  const flat = form.getByTestId('charge').nth(0);
  await flat.getByLabel('Description on the invoice (optional)').fill('Platform fee');
  await flat.getByLabel('Amount per period').fill('19.00');
  return form;
}

/** Adds a graduated charge on `metric` as the second charge; returns its fieldset. */
async function addGraduatedCharge(form: Locator, metric: string) {
  await form.getByTestId('add-charge').click();
  const charge = form.getByTestId('charge').nth(1);
  await charge.getByLabel('Pricing model').selectOption('graduated');
  await charge.getByLabel('Metric').selectOption(metric);
  await charge.getByLabel('Description on the invoice (optional)').fill('Calls');
  return charge;
}

test('create a metric and a plan with graduated tiers, subscribe a new customer, see both sides, make version 2', async ({ page }) => {
  // the metric, through the catalog's form
  await page.goto('/admin/catalog');
  const metricForm = page.getByTestId('metric-form');
  await metricForm.getByLabel('Code').fill(metricCode);
  await metricForm.getByLabel('Name').fill('E2E catalog calls');
  await metricForm.getByLabel('Unit', { exact: true }).fill('call');
  await metricForm.getByLabel('Aggregation').selectOption('sum');
  await metricForm.getByRole('button', { name: 'Create metric' }).click();
  await expect(page.getByTestId('metric-form-done')).toHaveText(`Metric ${metricCode} created.`);
  await expect(page.locator(`[data-testid="metric-row"][data-metric-code="${metricCode}"]`)).toContainText('E2E catalog calls');
  // the same code again is the API's 409, said beside the code
  await metricForm.getByLabel('Code').fill(metricCode);
  await metricForm.getByLabel('Name').fill('Again');
  await metricForm.getByLabel('Unit', { exact: true }).fill('call');
  await metricForm.getByRole('button', { name: 'Create metric' }).click();
  await expect(page.getByTestId('metric-code-error')).toHaveText('is taken');

  // the plan: a flat fee and three graduated tiers (a fourth added and removed again)
  const form = await startPlan(page, planCode, 'E2E Tiered');
  await form.getByLabel('Trial days').fill('0');
  const charge = await addGraduatedCharge(form, metricCode);
  await expect(charge.getByTestId('tier-row')).toHaveCount(2);
  await charge.getByTestId('add-tier').click();
  await charge.getByTestId('add-tier').click();
  await expect(charge.getByTestId('tier-row')).toHaveCount(4);
  await fillTier(charge, 0, '1000', '0');
  await fillTier(charge, 1, '10000', '0.002');
  await fillTier(charge, 2, '99999', '9');
  await fillTier(charge, 3, '', '0.001', '5');
  await charge.getByRole('button', { name: 'Remove tier 3 of charge 2' }).click();
  await expect(charge.getByTestId('tier-row')).toHaveCount(3);
  await expect(charge.getByLabel('Tier 3: unit price')).toHaveValue('0.001');
  await form.getByTestId('plan-save').click();

  await expect(page).toHaveURL(new RegExp(`/admin/catalog/plans/${planCode}\\?saved=1$`));
  await expect(page.getByTestId('plan-saved')).toHaveText(`Plan ${planCode} created.`);
  await expect(page.getByTestId('plan-charges')).toContainText('first 1,000 calls: free');
  await expect(page.getByTestId('plan-charges')).toContainText('over 10,000 calls: $0.001 per call plus $5.00');
  const created = await (await page.request.get(`/api/admin/billing/plans/${planCode}`)).json();
  expect(created).toMatchObject({
    version: 1,
    currency: 'usd',
    billing_alignment: 'anniversary',
    pay_in_advance: false,
    charges: [
      { metric: null, model: 'flat', amount: '19', description: 'Platform fee' },
      { metric: metricCode, model: 'graduated', description: 'Calls', tiers: [{ up_to: '1000', unit_price: '0' }, { up_to: '10000', unit_price: '0.002' }, { up_to: null, unit_price: '0.001', flat_amount: '5' }] },
    ],
  });

  // a new customer of this spec's own, subscribed through the admin API
  const customer = await page.request.post('/api/admin/billing/customers', { data: { name: `E2E Catalog Customer ${suffix}`, email: `e2e-catalog-${suffix}@example.com`, currency: 'usd' } });
  expect(customer.status()).toBe(201);
  const customerId = (await customer.json()).id as string;
  const subscribed = await page.request.post('/api/admin/billing/subscriptions', { data: { customer_id: customerId, plan_code: planCode } });
  expect(subscribed.status()).toBe(201);

  // the catalog counts it on the plan; the plan's page names the customer; the customer's page the plan
  await page.goto('/admin/catalog');
  const row = page.locator(`[data-testid="plan-row"][data-plan-code="${planCode}"]`);
  await expect(row.getByTestId('plan-subscriptions')).toHaveText('1');
  await expect(row).toContainText('Calls: graduated, 3 tiers');
  await expect(row).toContainText('$19.00');
  await row.getByTestId('plan-link').click();
  await expect(page.getByTestId('plan-live-subscriptions')).toHaveText('1');
  const subscriptionRow = page.getByTestId('plan-subscription-row');
  await expect(subscriptionRow).toHaveCount(1);
  await expect(subscriptionRow).toContainText(`E2E Catalog Customer ${suffix}`);
  await subscriptionRow.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/admin/customers/${customerId}$`));
  await expect(page.getByTestId('customer-subscriptions').getByTestId('subscription-row')).toContainText(planCode);

  // version 2 from the plan's page: the form starts from version 1; both are listed
  await page.goto(`/admin/catalog/plans/${planCode}`);
  const edit = page.getByTestId('plan-edit').getByTestId('plan-form');
  await expect(edit.getByTestId('charge').nth(1).getByLabel('Tier 2: up to')).toHaveValue('10000');
  await edit.getByLabel('Name', { exact: true }).fill('E2E Tiered 2027');
  await edit.getByLabel('Periods start').selectOption('calendar');
  await edit.getByLabel(/^Pay in advance/).check();
  await edit.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/catalog/plans/${planCode}\\?saved=2$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E Tiered 2027');
  await expect(page.getByTestId('plan-version-row')).toHaveCount(2);
  // the plan's history: who made each version, newest first, across both versions' ids
  const history = page.getByTestId('plan-history').getByTestId('audit-row');
  await expect(history).toHaveCount(2);
  expect(await history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['plan.versioned', 'plan.created']);
  await expect(history.first().getByTestId('audit-actor')).toContainText('admin@example.com');
  expect(await (await page.request.get(`/api/admin/billing/plans/${planCode}`)).json()).toMatchObject({ version: 2, name: 'E2E Tiered 2027', billing_alignment: 'calendar', pay_in_advance: true });
  await page.goto('/admin/catalog');
  await expect(row.getByTestId('plan-version')).toHaveText('v2');
  await expect(row.getByTestId('plan-subscriptions')).toHaveText('1');
});

test('a metric’s page: the plan that prices it, its cost and name changed, its History; a bad cost said beside the field, nothing changed', async ({ page }) => {
  await page.goto('/admin/catalog');
  await page.locator(`[data-testid="metric-row"][data-metric-code="${metricCode}"]`).getByTestId('metric-link').click();
  await expect(page).toHaveURL(new RegExp(`/admin/catalog/metrics/${metricCode}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E catalog calls');
  await expect(page.getByTestId('metric-plans').getByTestId('metric-plan-row')).toHaveText([new RegExp(`E2E Tiered 2027${planCode}v2Graduated`)]);
  await expect(page.getByTestId('metric-cost-of-one-unit')).toHaveText('Not set');

  const form = page.getByTestId('metric-edit').getByTestId('metric-form');
  // what it counts is fixed once made: no code or aggregation to edit
  await expect(form.getByLabel('Code')).toHaveCount(0);
  await expect(form.getByLabel('Aggregation')).toHaveCount(0);
  await form.getByLabel(/^Cost of one unit/).fill('cheap');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('metric-unit_cost-error')).toBeVisible();
  await expect(form.getByLabel(/^Cost of one unit/)).toHaveValue('cheap');
  expect((await (await page.request.get(`/api/admin/billing/metrics/${metricCode}`)).json()).unit_cost).toBeNull();

  await form.getByLabel(/^Cost of one unit/).fill('0.0004');
  await form.getByLabel(/^Cost currency/).fill('USD');
  await form.getByLabel('Name').fill('E2E catalog requests');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('metric-form-done')).toHaveText('Saved.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E catalog requests');
  await expect(page.getByTestId('metric-cost-of-one-unit')).toHaveText(/^\$0\.0004/);
  expect(await (await page.request.get(`/api/admin/billing/metrics/${metricCode}`)).json()).toMatchObject({ name: 'E2E catalog requests', unit_cost: '0.0004', unit_cost_currency: 'usd' });
  const history = page.getByTestId('metric-history').getByTestId('audit-row');
  expect(await history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['metric.updated', 'metric.created']);
  // saving again unchanged writes nothing: no second entry
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('metric-form-done')).toHaveText('Saved.');
  await page.reload();
  await expect(history).toHaveCount(2);
});

test('a negative tier price, then tiers out of order: the API’s error beside the field, nothing created', async ({ page }) => {
  const code = `e2e_cat_bad_${suffix}`;
  const form = await startPlan(page, code, 'E2E Refused');
  const charge = await addGraduatedCharge(form, 'api_calls');
  await charge.getByTestId('add-tier').click();
  await fillTier(charge, 0, '100', '0.01');
  await fillTier(charge, 1, '50', '0.02');
  await fillTier(charge, 2, '', '-1');
  await form.getByTestId('plan-save').click();

  // what the API answers for the same plan is what the page says, beside the third tier's price
  const body = (price: string) => ({
    code,
    name: 'E2E Refused',
    currency: 'USD',
    interval: 'month',
    interval_count: 1,
    trial_days: 0,
    billing_alignment: 'anniversary',
    pay_in_advance: false,
    charges: [
      { metric: null, model: 'flat', description: 'Platform fee', amount: '19.00' },
      { metric: 'api_calls', model: 'graduated', description: 'Calls', tiers: [{ up_to: '100', unit_price: '0.01' }, { up_to: '50', unit_price: '0.02' }, { up_to: null, unit_price: price }] },
    ],
  });
  const negative = await page.request.post('/api/admin/billing/plans', { data: body('-1') });
  expect(negative.status()).toBe(422);
  const negativeDetail = ((await negative.json()).error.details as { field: string; message: string }[]).find((d) => d.field === 'charges.1.tiers.2.unit_price')!;
  await expect(page.getByTestId('plan-form-error')).toBeVisible();
  await expect(charge.getByLabel('Tier 3: unit price')).toHaveAttribute('aria-invalid', 'true');
  await expect(charge.getByTestId('plan-charges-1-tiers-2-unit_price-error')).toHaveText(negativeDetail.message);
  // what was typed stays
  await expect(charge.getByLabel('Tier 2: up to')).toHaveValue('50');

  await fillTier(charge, 2, '', '0.005');
  await form.getByTestId('plan-save').click();
  const unsorted = await page.request.post('/api/admin/billing/plans', { data: body('0.005') });
  expect(unsorted.status()).toBe(422);
  const unsortedDetail = ((await unsorted.json()).error.details as { field: string; message: string }[]).find((d) => d.field === 'charges.1')!;
  expect(unsortedDetail.message).toMatch(/tier 2 up_to 50 must be greater than the previous tier's 100/);
  await expect(charge.getByTestId('plan-charges-1-error')).toHaveText(unsortedDetail.message);
  await expect(charge.getByLabel('Tier 3: unit price')).not.toHaveAttribute('aria-invalid', 'true');

  expect((await page.request.get(`/api/admin/billing/plans/${code}`)).status()).toBe(404);
  await page.goto('/admin/catalog');
  await expect(page.locator(`[data-testid="plan-row"][data-plan-code="${code}"]`)).toHaveCount(0);
});

test('at 375 px in the dark scheme, with errors shown: no sideways scroll, no serious axe violation', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const form = await startPlan(page, `e2e_cat_narrow_${suffix}`, '');
  const charge = await addGraduatedCharge(form, 'api_calls');
  await fillTier(charge, 0, 'many', '-2');
  await form.getByTestId('plan-save').click();
  await expect(page.getByTestId('plan-form-error')).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page)).toEqual([]);
});

test('a viewer sees the catalog and a plan with no controls', async ({ page, browser, baseURL }) => {
  // a workspace of its own with one plan, the demo customer its viewer, who leaves as they came
  const created = await page.request.post('/api/admin/billing/workspaces', { data: { slug: `e2e-catalog-${suffix}`, name: `E2E catalog ${suffix}`, default_currency: 'eur' } });
  expect(created.status()).toBe(201);
  const workspace = (await created.json()) as { id: string };
  const key = await page.request.post('/api/admin/billing/api-keys', { data: { name: 'e2e catalog', scopes: ['billing:admin'], workspace_id: workspace.id } });
  expect(key.status()).toBe(201);
  const bearer = { authorization: `Bearer ${(await key.json()).key}` };
  expect((await page.request.post('/api/admin/billing/metrics', { headers: bearer, data: { code: 'seats', name: 'Seats', unit: 'seat', aggregation: 'max' } })).status()).toBe(201);
  expect((await page.request.post('/api/admin/billing/plans', { headers: bearer, data: { code: 'basic', name: 'Basic', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '10' }] } })).status()).toBe(201);
  const members = `/api/admin/billing/workspaces/${workspace.id}/members`;
  const added = await page.request.post(members, { data: { email: DEMO.customer.email, role: 'viewer' } });
  expect(added.status()).toBe(201);
  const viewerId = (await added.json()).user_id as string;
  const context = await browser.newContext({ baseURL: baseURL! });
  try {
    expect((await context.request.post('/api/auth/local/sign-in', { data: { email: DEMO.customer.email, password: DEMO.customer.password } })).status()).toBe(200);
    const viewerPage = await context.newPage();
    await viewerPage.goto('/admin/catalog');
    await expect(viewerPage.getByTestId('catalog-view-only')).toBeVisible();
    await expect(viewerPage.locator('[data-testid="plan-row"][data-plan-code="basic"]')).toContainText('€10.00');
    await expect(viewerPage.getByTestId('new-plan-link')).toHaveCount(0);
    await expect(viewerPage.getByTestId('metric-form')).toHaveCount(0);
    await viewerPage.goto('/admin/catalog/plans/basic');
    await expect(viewerPage.getByTestId('plan-charges')).toContainText('€10.00 a month');
    await expect(viewerPage.getByTestId('plan-form')).toHaveCount(0);
    await viewerPage.goto('/admin/catalog/metrics/seats');
    await expect(viewerPage.getByRole('heading', { level: 1 })).toHaveText('Seats');
    await expect(viewerPage.getByTestId('catalog-view-only')).toBeVisible();
    await expect(viewerPage.getByTestId('metric-form')).toHaveCount(0);
    await viewerPage.goto('/admin/catalog/new-plan');
    await expect(viewerPage.getByTestId('catalog-view-only')).toBeVisible();
    await expect(viewerPage.getByTestId('plan-form')).toHaveCount(0);
    // and the API refuses them as the actions do
    expect((await context.request.post('/api/admin/billing/plans', { data: { code: 'sneaky', name: 'S', currency: 'eur', interval: 'month', charges: [] } })).status()).toBe(403);
  } finally {
    await context.close();
    expect((await page.request.delete(`${members}/${viewerId}`)).status()).toBe(200);
  }
});

test('without JavaScript the row buttons post and come back changed, the plan is created, and a viewer’s post is refused', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const signIn = async (user: { email: string; password: string }) => {
    await context.clearCookies();
    expect((await context.request.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  };
  try {
    await signIn(DEMO.admin);
    const page = await context.newPage();
    await page.goto('/admin/catalog/new-plan');
    const form = page.getByTestId('plan-form');
    const code = `e2e_cat_nojs_${suffix}`;
    await form.getByLabel('Code').fill(code);
    await form.getByLabel('Name', { exact: true }).fill('E2E No script');
    await form.getByTestId('charge').nth(0).getByLabel('Amount per period').fill('7');
    // a second charge: the server adds the row; its model chosen, the next post shows that model's tiers
    await form.getByTestId('add-charge').click();
    await expect(form.getByTestId('charge')).toHaveCount(2);
    await form.getByTestId('charge').nth(1).getByLabel('Pricing model').selectOption('volume');
    await form.getByTestId('charge').nth(1).getByLabel('Metric').selectOption('api_calls');
    await form.getByTestId('add-charge').click();
    await expect(form.getByTestId('charge')).toHaveCount(3);
    const volume = form.getByTestId('charge').nth(1);
    await expect(volume.getByTestId('tier-row')).toHaveCount(2);
    await volume.getByTestId('add-tier').click();
    await expect(volume.getByTestId('tier-row')).toHaveCount(3);
    await form.getByRole('button', { name: 'Remove charge 3' }).click();
    await expect(form.getByTestId('charge')).toHaveCount(2);
    // what was typed came through every round trip
    await expect(form.getByLabel('Code')).toHaveValue(code);
    await expect(form.getByTestId('charge').nth(0).getByLabel('Amount per period')).toHaveValue('7');
    await fillTier(volume, 0, '100', '0.05');
    await fillTier(volume, 1, '1000', '0.04');
    await fillTier(volume, 2, '', '0.03');
    await volume.getByRole('button', { name: 'Remove tier 2 of charge 2' }).click();
    await expect(volume.getByTestId('tier-row')).toHaveCount(2);
    await expect(volume.getByLabel('Tier 2: unit price')).toHaveValue('0.03');
    await form.getByTestId('plan-save').click();
    await expect(page).toHaveURL(new RegExp(`/admin/catalog/plans/${code}\\?saved=1$`));
    expect(await (await context.request.get(`/api/admin/billing/plans/${code}`)).json()).toMatchObject({
      charges: [
        { model: 'flat', amount: '7' },
        { metric: 'api_calls', model: 'volume', tiers: [{ up_to: '100', unit_price: '0.05' }, { up_to: null, unit_price: '0.03' }] },
      ],
    });

    // a viewer (of a workspace of their own) posting the same form: the action refuses, nothing is made
    await signIn(DEMO.admin);
    const created = await context.request.post('/api/admin/billing/workspaces', { data: { slug: `e2e-catalog-nojs-${suffix}`, name: `E2E catalog no script ${suffix}`, default_currency: 'usd' } });
    expect(created.status()).toBe(201);
    const workspace = (await created.json()) as { id: string };
    const key = await context.request.post('/api/admin/billing/api-keys', { data: { name: 'e2e catalog no script', scopes: ['billing:admin'], workspace_id: workspace.id } });
    const bearer = { authorization: `Bearer ${(await key.json()).key}` };
    const members = `/api/admin/billing/workspaces/${workspace.id}/members`;
    const added = await context.request.post(members, { data: { email: DEMO.customer.email, role: 'viewer' } });
    expect(added.status()).toBe(201);
    const viewerId = (await added.json()).user_id as string;
    try {
      await page.goto('/admin/catalog/new-plan');
      await form.getByLabel('Code').fill('viewer_made');
      await form.getByLabel('Name', { exact: true }).fill('Viewer made');
      await form.getByTestId('charge').nth(0).getByLabel('Amount per period').fill('1');
      await signIn(DEMO.customer);
      await form.getByTestId('plan-save').click();
      await expect(page.getByTestId('catalog-view-only')).toBeVisible();
      expect((await context.request.get('/api/admin/billing/plans/viewer_made', { headers: bearer })).status()).toBe(404);
    } finally {
      await signIn(DEMO.admin);
      expect((await context.request.delete(`${members}/${viewerId}`)).status()).toBe(200);
    }
  } finally {
    await context.close();
  }
});

test('a plan or metric page for a code that is none here is a 404 with the not-found page', async ({ page }) => {
  for (const [kind, summary] of [['plans', 'plan-summary'], ['metrics', 'metric-summary']]) {
    for (const code of ['no_such_code_here', 'Not%20A%20Code']) {
      const answer = await page.goto(`/admin/catalog/${kind}/${code}`);
      expect(answer?.status()).toBe(404);
      await expect(page.getByTestId('not-found')).toBeVisible();
      await expect(page.getByTestId(summary!)).toHaveCount(0);
    }
  }
});
