import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { BillingPage } from './pages/billing-page';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';
import { UsagePage } from './pages/usage-page';
import { focusWhenShown } from './pages/focus';

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

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  return context;
}

/** A UTC day as the pages print it ("Dec 3, 2026"), worked out here rather than by the app's formatter. */
const printedDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });

test('the overview: amount due with Pay to the oldest open invoice, the next invoice estimate and the allowance used', async ({ page }) => {
  const billing = new BillingPage(page);
  type Listed = { id: string; number: string; status: string; issued_at: string };
  const { data } = (await (await page.request.get('/api/billing/invoices?status=open&limit=100')).json()) as { data: Listed[] };
  const oldest = [...data].filter((i) => i.status === 'open').sort((a, b) => a.issued_at.localeCompare(b.issued_at))[0]!;
  await expect(billing.amountDue).toHaveText('$254.50');
  await expect(billing.payButton).toHaveText(`Pay ${oldest.number}`);
  // the invoice's own page, where paying happens
  await expect(billing.payButton).toHaveAttribute('href', `/billing/invoices/${oldest.id}`);

  // the open period's invoice so far, as the usage page rates it
  await expect(billing.estimateAmount).toHaveText('$254.50');
  await expect(page.getByTestId('estimate-card')).toContainText('with the usage reported so far');

  // Lyceum includes 100 GB of storage; Acme is at 105 GB
  await expect(billing.allowances).toHaveCount(1);
  const storage = billing.allowances.first();
  await expect(storage.getByTestId('allowance-name')).toHaveText('Storage overage');
  await expect(storage.getByTestId('allowance-used')).toHaveText('105 GB of 100 GB');
  await expect(storage.getByTestId('allowance-remaining')).toHaveText('5 GB over, charged as overage');
  await expect(storage.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(billing.banner).toHaveCount(0);
});

test('a past-due, then suspended account is told what happened and how to get back; everything is put back after', async ({ page, baseURL }) => {
  const billing = new BillingPage(page);
  const admin = await signedIn(baseURL!, DEMO.admin);
  const customerId = (await (await page.request.get('/api/billing/usage')).json()).customer_id as string;
  // due at once, so it is overdue by the time the page loads
  const created = await admin.post('/api/billing/invoices', {
    data: { customer_id: customerId, items: [{ description: 'E2E overdue workshop', quantity: '1', unit_price: '40.00' }], due_days: 0, finalize: true },
  });
  expect(created.status()).toBe(201);
  const overdue = (await created.json()) as { id: string; number: string };
  try {
    await billing.goto();
    await expect(billing.banner).toHaveAttribute('data-kind', 'past_due');
    await expect(billing.banner).toContainText(`Invoice ${overdue.number} is past due`);
    const pay = billing.banner.getByRole('link', { name: `Pay invoice ${overdue.number} ($40.00)` });
    await expect(pay).toHaveAttribute('href', `/billing/invoices/${overdue.id}`);
    await expect(billing.amountDue).toHaveText('$294.50');

    expect((await admin.patch(`/api/admin/billing/customers/${customerId}`, { data: { status: 'suspended' } })).status()).toBe(200);
    await page.reload();
    await expect(billing.banner).toHaveAttribute('data-kind', 'suspended');
    await expect(billing.banner).toContainText('Your account is suspended since');
    await expect(billing.banner).toContainText(`because invoice ${overdue.number} stayed unpaid`);
    await expect(billing.banner).toContainText('reactivates the account as soon as the payment is recorded');
    await expect(pay).toHaveAttribute('href', `/billing/invoices/${overdue.id}`);
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    expect((await admin.patch(`/api/billing/invoices/${overdue.id}`, { data: { status: 'void' } })).status()).toBe(200);
    expect((await admin.patch(`/api/admin/billing/customers/${customerId}`, { data: { status: 'active' } })).status()).toBe(200);
    await admin.dispose();
  }
  await page.reload();
  await expect(billing.banner).toHaveCount(0);
  await expect(billing.amountDue).toHaveText('$254.50');
});

test('the usage chart: y ticks, a readout of the focused day, the allowance line, the period start and 30 or 90 days', async ({ page }) => {
  const usage = new UsagePage(page);
  const { period } = await (await page.request.get('/api/billing/usage')).json();
  await usage.goto('storage_gb');
  await expect(usage.chartBars).toHaveCount(30);

  // round ticks from 0 past the 105 GB peak, each labelled
  const ticks = await usage.chartTicks.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-value'))));
  expect(ticks[0]).toBe(0);
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  expect(ticks.at(-1)!).toBeGreaterThanOrEqual(105);
  await expect(usage.chartTicks.last()).toHaveText(String(ticks.at(-1)));

  // the chart is one tab stop: the last day; the arrow keys move between days and the readout follows
  const bars = await usage.chartBars.evaluateAll((els) => els.map((el) => ({ day: el.getAttribute('data-day')!, quantity: el.getAttribute('data-quantity')!, tabindex: el.getAttribute('tabindex') })));
  expect(bars.filter((b) => b.tabindex === '0')).toHaveLength(1);
  const last = bars.at(-1)!;
  const before = bars.at(-2)!;
  await focusWhenShown(usage.chartBar(last.day));
  await expect(usage.chartReadout).toBeVisible();
  await expect(usage.chartReadout).toHaveText(`${printedDay(last.day)}: ${last.quantity} GB`);
  await expect(usage.chartBar(last.day)).toHaveAttribute('aria-label', `${printedDay(last.day)}: ${last.quantity} GB`);
  await page.keyboard.press('ArrowLeft');
  await expect(usage.chartBar(before.day)).toBeFocused();
  await expect(usage.chartReadout).toHaveText(`${printedDay(before.day)}: ${before.quantity} GB`);
  // hovering a day shows it too
  await usage.chartBar(bars[3]!.day).hover();
  await expect(usage.chartReadout).toHaveText(`${printedDay(bars[3]!.day)}: ${bars[3]!.quantity} GB`);

  // Lyceum includes 100 GB: storage is a level, so the line is 100 GB on every day
  await expect(usage.chartAllowance).toHaveAttribute('data-kind', 'level');
  await expect(usage.chartAllowance).toHaveAttribute('data-value', '100');
  await expect(usage.chartAllowanceLegend).toHaveText('Included in the plan: 100 GB (each day’s level)');
  // the open period started 10 days ago, inside the chart
  const periodStart = new Date(period.start).toISOString().slice(0, 10);
  await expect(usage.chartPeriodStart).toHaveAttribute('data-day', periodStart);
  await expect(page.getByTestId('usage-chart-period-legend')).toHaveText(`Current billing period started ${printedDay(periodStart)}`);

  await usage.pickDays(90);
  await expect(page).toHaveURL(/\/billing\/usage\?metric=storage_gb&days=90$/);
  await expect(usage.chartBars).toHaveCount(90);
  await expect(page.getByRole('heading', { name: 'Daily usage, last 90 days' })).toBeVisible();
  await expect(usage.daysPicker.getByRole('link', { name: '90 days' })).toHaveAttribute('aria-current', 'true');
  // the metric picker keeps the days
  await usage.pickMetric('Licenses');
  await expect(page).toHaveURL(/\/billing\/usage\?metric=licenses&days=90$/);
  await expect(usage.chartBars).toHaveCount(90);
  // licenses are charged per tier, so no single allowance fits the whole metric: no line
  await expect(usage.chartAllowance).toHaveCount(0);

  // anything but 30 or 90 is the default 30 days
  await usage.goto('storage_gb', 7);
  await expect(usage.chartBars).toHaveCount(30);
});

for (const width of [1280, 375]) {
  for (const path of ['/billing', '/billing/usage', '/billing/usage?days=90', '/billing/settings']) {
    test(`${path} at ${width} px: no sideways scroll, no serious axe finding`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}
