// The admin's finance reports: the page shows the four reports for the last 12 months, each table
// agreeing with the API's JSON; the CSV links download text/csv with the API's columns; a range the
// reports cannot use is named (on the page, and by the API as a 422); at 375 px the tables scroll inside
// their own boxes, not the page. Read only: the demo data other specs count on is left as it is.
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

type RevenueRow = { currency: string; month: string; invoiced: string; recognized: string };

test('shows the four reports, agreeing with the API, and their CSV links download text/csv', async ({ page }) => {
  await page.goto('/admin/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  for (const id of ['revenue', 'deferred', 'tax', 'mrr']) await expect(page.getByTestId(`report-${id}`)).toBeVisible();

  // the range the form shows is the one the API is asked for, 12 months of rows per currency
  const from = await page.getByLabel('From').inputValue();
  const to = await page.getByLabel('To').inputValue();
  const revenue = (await (await page.request.get(`/api/admin/billing/reports/revenue?from=${from}&to=${to}`)).json()) as { data: RevenueRow[] };
  const currencies = [...new Set(revenue.data.map((r) => r.currency))];
  expect(currencies.length).toBeGreaterThan(0);
  await expect(page.getByTestId('revenue-currency')).toHaveCount(currencies.length);
  const first = page.locator(`[data-testid="revenue-currency"][data-currency="${currencies[0]}"]`);
  await expect(first.getByTestId('revenue-row')).toHaveCount(12);
  const invoicedMonth = revenue.data.find((r) => r.currency === currencies[0] && /^[1-9]/.test(r.invoiced));
  if (invoicedMonth) {
    const row = first.getByTestId('revenue-row').filter({ hasText: invoicedMonth.month });
    await expect(row).toContainText(invoicedMonth.invoiced.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  }

  for (const id of ['revenue', 'deferred', 'tax', 'mrr']) {
    const link = page.getByTestId(`report-${id}-csv`);
    const href = await link.getAttribute('href');
    expect(href).toContain('format=csv');
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    expect((await response.text()).split('\n')[0]).toMatch(/^currency,/);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-revenue-csv').click()]);
  expect(download.suggestedFilename()).toBe(`revenue-${from}-${to}.csv`);
  const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('currency,month,from,to,invoiced,recognized,deferred_at_end,unbilled_at_end');
  expect(csv.length - 1).toBe(revenue.data.length);
});

test('a range the reports cannot use is named on the page and by the API', async ({ page }) => {
  await page.goto('/admin/reports?from=2026-03-01&to=2026-02-01&form=x');
  const problems = page.getByTestId('report-range-error');
  await expect(problems).toContainText('to: must not be before from');
  await expect(problems).toContainText('form: unknown field');
  const response = await page.request.get('/api/admin/billing/reports/tax?from=2026-02-30&to=2026-03-01&currency=usd');
  expect(response.status()).toBe(422);
  const body = await response.json();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['currency', 'from']);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`at 375 px in the ${colorScheme} scheme: the tables scroll inside their boxes, no serious axe violation`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme });
    await page.goto('/admin/reports');
    const mrrTable = page.getByTestId('report-mrr').getByRole('region').first();
    await expect(page.getByTestId('report-revenue').getByRole('region').first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // the MRR table is wider than a phone: its own box scrolls
    if (await mrrTable.count()) expect(await mrrTable.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
