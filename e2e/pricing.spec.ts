// The /admin/pricing page and the overview's gross margin in the browser: the demo admin projects the
// Billing Engine's example (50,000 calls at $0.002, $5 per 1,000 → $100 cost, $250 revenue, $150
// profit, 60%, Viable), sees a bad input refused beside its field, and the projections API agrees;
// a unit cost set on the page turns the overview's "set unit costs" note into the figures the margins
// API gives for the same days; at 375 px neither page scrolls sideways and axe finds nothing serious.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

type Metric = { code: string; unit_cost: string | null; unit_cost_currency: string | null };

async function metrics(request: APIRequestContext): Promise<Metric[]> {
  const response = await request.get('/api/admin/billing/metrics');
  expect(response.status()).toBe(200);
  return (await response.json()).data;
}

async function project(page: Page, values: { calls: string; cost: string; price: string; service?: string }) {
  const form = page.getByTestId('cost-projector-form');
  await form.getByLabel('Expected calls a month').fill(values.calls);
  await form.getByLabel('Your cost per call').fill(values.cost);
  await form.getByLabel('Price per 1,000 calls').fill(values.price);
  if (values.service) await form.getByLabel('Kind of service').selectOption(values.service);
  await form.getByRole('button', { name: 'Project costs' }).click();
}

test.describe('the pricing page', () => {
  test.beforeEach(async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAsDemo('admin');
    await expect(page).toHaveURL(/\/admin$/);
  });

  test('the cost projector gives the Billing Engine example and refuses a bad input beside its field', async ({ page }) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pricing' }).click();
    await expect(page).toHaveURL(/\/admin\/pricing$/);
    await expect(page.getByRole('heading', { name: 'Pricing', level: 1 })).toBeVisible();

    await project(page, { calls: '50,000', cost: '0.002', price: '5' });
    const result = page.getByTestId('projection-result');
    await expect(result.getByTestId('monthly-cost')).toHaveText('$100.00');
    await expect(result.getByTestId('monthly-revenue')).toHaveText('$250.00');
    await expect(result.getByTestId('monthly-profit')).toHaveText('$150.00');
    await expect(result.getByTestId('margin-percent')).toHaveText('60%');
    await expect(result.getByTestId('target-margin-percent')).toHaveText('50%');
    await expect(result.getByTestId('recommendation')).toHaveText('Viable');
    // what was entered stays in the form
    await expect(page.getByLabel('Your cost per call')).toHaveValue('0.002');

    // custom code needs 70%: the same figures are thin
    await project(page, { calls: '50000', cost: '0.002', price: '5', service: 'custom_code' });
    await expect(result.getByTestId('target-margin-percent')).toHaveText('70%');
    await expect(result.getByTestId('recommendation')).toHaveText('Thin margins');

    // a negative cost: said beside the field, no answer shown
    await project(page, { calls: '50000', cost: '-0.002', price: '5' });
    const cost = page.getByLabel('Your cost per call');
    await expect(cost).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('projector-api_cost_per_call-error')).toContainText('non-negative');
    await expect(page.getByTestId('projector-error')).toContainText('Check the fields marked below.');
    await expect(page.getByTestId('projection-result')).toHaveCount(0);
    await expect(cost).toHaveValue('-0.002');
  });

  test('the projections API answers the contract and names a bad field', async ({ page }) => {
    const answer = await page.request.post('/api/admin/billing/projections', { data: { expected_calls_per_month: 50000, api_cost_per_call: '0.002', proposed_price_per_1k: '5' } });
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({
      calls_per_month: '50000',
      monthly_cost: '100.00',
      monthly_revenue: '250.00',
      monthly_profit: '150.00',
      margin_percent: '60.00',
      target_margin_percent: '50.00',
      recommendation: 'Viable',
      currency: 'usd',
      service_type: 'api',
    });
    const bad = await page.request.post('/api/admin/billing/projections', { data: { expected_calls_per_month: 50000, api_cost_per_call: '0.002', proposed_price_per_1k: '5', service_type: 'saas', margin: '1' } });
    expect(bad.status()).toBe(422);
    const fields = (await bad.json()).error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['margin', 'service_type']);
    const margins = await page.request.get('/api/admin/billing/margins?from=2026-11-30&to=2026-11-01');
    expect(margins.status()).toBe(422);
    expect((await margins.json()).error.details).toEqual([{ field: 'to', message: 'must not be before from' }]);
  });

  test('a unit cost set on the pricing page shows as the overview’s gross margin, as the margins API gives it', async ({ page }) => {
    // start from no unit costs at all, and put back what was there afterwards
    const before = await metrics(page.request);
    const clear = async () => {
      for (const m of await metrics(page.request)) if (m.unit_cost !== null) expect((await page.request.patch(`/api/admin/billing/metrics/${m.code}`, { data: { unit_cost: null } })).status()).toBe(200);
    };
    await clear();
    try {
      await page.goto('/admin');
      const card = page.getByTestId('gross-margin');
      await expect(card).toContainText('Not measured yet');
      await card.getByRole('link', { name: /Set unit costs on metrics to see margins/ }).click();
      await expect(page).toHaveURL(/\/admin\/pricing$/);

      const form = page.getByTestId('unit-cost-form-api_calls');
      await form.getByLabel('Cost of one unit').fill('abc');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(form.getByLabel('Cost of one unit')).toHaveAttribute('aria-invalid', 'true');
      await form.getByLabel('Cost of one unit').fill('0.0001');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByTestId('unit-cost-message-api_calls')).toHaveText('Unit cost saved.');
      expect((await metrics(page.request)).find((m) => m.code === 'api_calls')).toMatchObject({ unit_cost: '0.0001', unit_cost_currency: 'usd' });

      await page.goto('/admin');
      await expect(card).not.toContainText('Not measured yet');
      const window = page.getByTestId('gross-margin-window');
      const [from, to] = [await window.getAttribute('data-from'), await window.getAttribute('data-to')];
      const report = await (await page.request.get(`/api/admin/billing/margins?from=${from}&to=${to}`)).json();
      expect(report.unit_costs_set).toBe(true);
      if (report.data.length === 0) {
        await expect(card).toContainText('No invoices issued');
      } else {
        const lines = card.getByTestId('gross-margin-currency');
        await expect(lines).toHaveCount(report.data.length);
        for (const [i, m] of (report.data as { currency: string; gross_margin: string }[]).entries()) {
          const shown = new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency.toUpperCase() }).format(Number(m.gross_margin));
          await expect(lines.nth(i)).toContainText(shown);
        }
      }
    } finally {
      await clear();
      for (const m of before) if (m.unit_cost !== null) await page.request.patch(`/api/admin/billing/metrics/${m.code}`, { data: { unit_cost: m.unit_cost, unit_cost_currency: m.unit_cost_currency } });
    }
  });

  test('a viewer projects costs and reads margins but may not change a unit cost', async ({ page, browser, baseURL }) => {
    // a workspace of its own with one metric, the demo customer its viewer, who leaves as they came
    const run = Date.now().toString(36);
    const created = await page.request.post('/api/admin/billing/workspaces', { data: { slug: `e2e-pricing-${run}`, name: `E2E pricing ${run}`, default_currency: 'eur' } });
    expect(created.status()).toBe(201);
    const workspace = (await created.json()) as { id: string };
    const key = await page.request.post('/api/admin/billing/api-keys', { data: { name: 'e2e pricing', scopes: ['billing:admin'], workspace_id: workspace.id } });
    expect(key.status()).toBe(201);
    const bearer = { authorization: `Bearer ${(await key.json()).key}` };
    expect((await page.request.post('/api/admin/billing/metrics', { headers: bearer, data: { code: 'gpu_hours', name: 'GPU hours', unit: 'hour', aggregation: 'sum', unit_cost: '1.25' } })).status()).toBe(201);
    const members = `/api/admin/billing/workspaces/${workspace.id}/members`;
    const added = await page.request.post(members, { data: { email: DEMO.customer.email, role: 'viewer' } });
    expect(added.status()).toBe(201);
    const viewerId = (await added.json()).user_id as string;
    const context = await browser.newContext({ baseURL: baseURL! });
    const viewer = context.request;
    try {
      expect((await viewer.post('/api/auth/local/sign-in', { data: { email: DEMO.customer.email, password: DEMO.customer.password } })).status()).toBe(200);
      // the page: the projector works, the unit costs are shown with no way to change them
      const viewerPage = await context.newPage();
      await viewerPage.goto('/admin/pricing');
      await project(viewerPage, { calls: '50000', cost: '0.002', price: '5' });
      await expect(viewerPage.getByTestId('monthly-cost')).toHaveText('€100.00');
      await expect(viewerPage.getByTestId('recommendation')).toHaveText('Viable');
      const form = viewerPage.getByTestId('unit-cost-form-gpu_hours');
      await expect(form.getByLabel('Cost of one unit')).toHaveValue('1.25');
      await expect(form.getByLabel('Cost of one unit')).toBeDisabled();
      await expect(form.getByRole('button', { name: 'Save' })).toHaveCount(0);

      const projected = await viewer.post('/api/admin/billing/projections', { data: { expected_calls_per_month: '1000', api_cost_per_call: '0.01', proposed_price_per_1k: '20' } });
      expect(projected.status()).toBe(200);
      // in the workspace's own currency, euros
      expect(await projected.json()).toMatchObject({ monthly_cost: '10.00', monthly_revenue: '20.00', margin_percent: '50.00', recommendation: 'Viable', currency: 'eur' });
      expect((await viewer.get('/api/admin/billing/margins?from=2026-11-01&to=2026-11-30')).status()).toBe(200);
      expect((await viewer.get('/api/admin/billing/metrics/gpu_hours')).status()).toBe(200);
      expect((await viewer.patch('/api/admin/billing/metrics/gpu_hours', { data: { unit_cost: '0' } })).status()).toBe(403);
      expect(await (await viewer.get('/api/admin/billing/metrics/gpu_hours')).json()).toMatchObject({ unit_cost: '1.25', unit_cost_currency: 'eur' });
    } finally {
      await context.close();
      expect((await page.request.delete(`${members}/${viewerId}`)).status()).toBe(200);
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.emulateMedia({ colorScheme });
      await page.goto('/admin/pricing');
      await project(page, { calls: '123456789', cost: '0.0000005', price: '0.75' });
      await expect(page.getByTestId('projection-result')).toBeVisible();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      // an error on the page is no violation either
      await project(page, { calls: 'many', cost: '0.002', price: '5' });
      await expect(page.getByTestId('projector-expected_calls_per_month-error')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto('/admin');
      await expect(page.getByTestId('gross-margin')).toBeVisible();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
