import { expect, test } from '@playwright/test';
import { BillingPage } from './pages/billing-page';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';
import { UsagePage } from './pages/usage-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing$/);
});

test('the demo customer sees their account, plan and invoices', async ({ page }) => {
  const billing = new BillingPage(page);
  await expect(billing.shell).toBeVisible();
  await expect(billing.userEmail).toHaveText(DEMO.customer.email);
  await expect(billing.customerName).toHaveText(DEMO.customer.customerName);
  await expect(page.getByTestId('plan-name')).toHaveText('Lyceum Platform');
  expect(await billing.invoiceRows.count()).toBeGreaterThanOrEqual(1);
  // Lyceum: $10 platform fee + 5 professional licenses at $15 + 2 medium production clusters at $80
  // + 3 extra users at $3 + 5 GB storage overage at $0.10
  await expect(billing.invoiceTotals.filter({ hasText: '$254.50' }).first()).toBeVisible();
  await expect(billing.amountDue).toContainText('$254.50');
});

test('the invoices page lists every invoice of the customer', async ({ page }) => {
  const billing = new BillingPage(page);
  await page.getByRole('link', { name: 'Invoices', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/invoices$/);
  await expect(page.getByRole('heading', { name: 'Invoices' })).toBeVisible();
  await expect(billing.invoiceRows.first()).toBeVisible();
  const rows = await billing.invoiceRows.count();
  expect(rows).toBeGreaterThanOrEqual(2);
  await expect(billing.invoiceRows.filter({ hasText: 'Paid' }).first()).toBeVisible();
  await expect(billing.invoiceRows.filter({ hasText: 'Open' }).first()).toBeVisible();
});

test('the usage page shows the open period, metered charges, the estimate and a daily chart', async ({ page }) => {
  const usage = new UsagePage(page);
  await page.getByRole('link', { name: 'Usage', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/usage$/);
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
  await expect(usage.planName).toHaveText('Lyceum Platform');
  await expect(usage.period).toHaveText(/^[A-Z][a-z]{2} \d{1,2}(, \d{4})? – [A-Z][a-z]{2} \d{1,2}, \d{4}$/);

  // Acme started 100 days before the seed on Lyceum's 30-day cycle, so the open period is 10 days old and
  // storage has crept from 95 to 105 GB against the 100 GB included: 5 GB over at $0.10
  const storage = usage.chargeRow('Storage overage');
  await expect(storage.getByTestId('charge-included')).toHaveText('100 GB');
  await expect(storage.getByTestId('charge-used')).toHaveText('105 GB');
  await expect(storage.getByTestId('charge-remaining')).toHaveText('0 GB');
  await expect(storage.getByTestId('charge-overage')).toHaveText('5 GB');
  await expect(storage.getByTestId('charge-cost')).toHaveText('$0.50');
  await expect(storage.getByRole('progressbar')).toBeVisible();
  await expect(usage.chargeRow('Professional licenses').getByTestId('charge-used')).toHaveText('5 licenses');
  await expect(usage.chargeRow('Medium production clusters').getByTestId('charge-used')).toHaveText('2 clusters');
  await expect(usage.chargeRow('Additional users').getByTestId('charge-used')).toHaveText('3 users');
  // the tiers and sizes Acme does not use are named, not listed as rows of zeros
  await expect(usage.chargeRows).toHaveCount(4);

  // the metrics Acme reports have totals (the usage API suite may add API calls, so no exact count)
  for (const metric of ['Licenses', 'Clusters', 'Storage']) {
    await expect(usage.totalRows.filter({ hasText: metric })).toBeVisible();
  }

  // the estimate rates the open period like the invoices: $10 + 5 × $15 + 2 × $80 + 3 × $3 + 5 × $0.10,
  // and Acme's tax rate is 0
  await expect(usage.estimateTotal).toHaveText(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(usage.estimateTotal).toHaveText('$254.50');
  await expect(usage.estimateTaxLabel).toHaveText('Tax (0%)');
  await expect(usage.estimateLines.filter({ hasText: 'Platform base fee' })).toContainText('$10.00');
  await expect(page.getByTestId('estimate-basis')).toContainText('usage reported so far');

  // the chart opens on the plan's first metric with usage (licenses), one bar per day for 30 days
  await expect(usage.chart).toHaveAttribute('data-metric', 'licenses');
  await expect(usage.chartBars).toHaveCount(30);
  await expect(usage.chartImage).toHaveAttribute('aria-label', /^Licenses per day, .*5 licenses/);

  await usage.pickMetric('Storage');
  await expect(page).toHaveURL(/\/billing\/usage\?metric=storage_gb$/);
  await expect(usage.chart).toHaveAttribute('data-metric', 'storage_gb');
  await expect(usage.chartBars).toHaveCount(30);
  await expect(usage.chartImage).toHaveAttribute('aria-label', /^Storage per day, .*105 GB/);
  await expect(usage.metricPicker.getByRole('link', { name: 'Storage', exact: true })).toHaveAttribute('aria-current', 'true');
});

/**
 * How a period [start, end) reads for people, worked out here independently of the app's formatter:
 * through its last day, the day of the last instant before `end`, the year once unless they differ.
 */
function periodText(startIso: string, endIso: string): string {
  const day = (ms: number, withYear: boolean) =>
    new Date(ms).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}) });
  const start = Date.parse(startIso);
  const last = Date.parse(endIso) - 1;
  const sameYear = new Date(start).getUTCFullYear() === new Date(last).getUTCFullYear();
  return `${day(start, !sameYear)} – ${day(last, true)}`;
}

test('every page and document prints a period through its last day; renewal is the day the next period starts', async ({ page }) => {
  const billing = new BillingPage(page);
  const { period } = await (await page.request.get('/api/billing/usage')).json();
  const open = periodText(period.start, period.end);
  // [start, end): the dashboard used to print `end` itself here, a day the period does not cover
  await expect(billing.currentPeriod).toHaveText(open);
  const renewal = new Date(period.end).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
  await expect(billing.periodNext).toHaveText(`Renews ${renewal}`);

  const usage = new UsagePage(page);
  await usage.goto();
  await expect(usage.period).toHaveText(open);
  await expect(page.getByTestId('estimate-basis')).toContainText(open);

  // an issued invoice reads the same in the list and on its own document
  type Listed = { id: string; number: string; period_start: string | null; period_end: string };
  const { data } = (await (await page.request.get('/api/billing/invoices?limit=100')).json()) as { data: Listed[] };
  // a period invoice (other suites may add one-time invoices, which have no period)
  const invoice = data.find((i) => i.period_start !== null)!;
  const billed = periodText(invoice.period_start!, invoice.period_end);
  await billing.gotoInvoices();
  await expect(billing.invoiceRow(invoice.number).getByTestId('invoice-period')).toHaveText(billed);
  const html = await (await page.request.get(`/api/billing/invoices/${invoice.id}/html`)).text();
  expect(html).toContain(`<dt>Billing period</dt><dd>${billed}</dd>`);
});

test('a customer opening /admin gets the 403 page', async ({ page }) => {
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('admin-shell')).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to billing' }).click();
  await expect(page).toHaveURL(/\/billing$/);

  const customers = await page.goto('/admin/customers');
  expect(customers?.status()).toBe(403);
  await expect(page.getByText('Acme Corporation')).toHaveCount(0);
});
