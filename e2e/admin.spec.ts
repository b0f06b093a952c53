import { expect, test } from '@playwright/test';
import { AdminPage } from './pages/admin-page';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

test('the demo admin sees revenue and the customer list', async ({ page }) => {
  const admin = new AdminPage(page);
  await expect(admin.shell).toBeVisible();
  await expect(page.getByTestId('user-email')).toHaveText(DEMO.admin.email);
  await expect(admin.mrr).toBeVisible();
  await expect(page.getByTestId('mrr-value')).toContainText('$');
  await expect(page.getByTestId('plan-row').first()).toBeVisible();
  await expect(page.getByTestId('automation-run-row').first()).toBeVisible();

  await page.getByRole('link', { name: 'Customers', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/customers$/);
  await expect(admin.customerRows.filter({ hasText: 'Acme Corporation' })).toHaveCount(1);
  expect(await admin.customerRows.count()).toBeGreaterThan(5);
});

test('the customer search filters by name or email', async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.gotoCustomers('globex');
  await expect(admin.customerRows).toHaveCount(1);
  await expect(admin.customerRows.first()).toContainText('Globex Ltd');
  await expect(admin.customerRows.filter({ hasText: 'Acme Corporation' })).toHaveCount(0);

  await admin.search('acme.example');
  await expect(page).toHaveURL(/query=acme\.example/);
  await expect(admin.customerRows).toHaveCount(1);
  await expect(admin.customerRows.first()).toContainText('Acme Corporation');

  await admin.gotoCustomers('no-such-customer');
  await expect(admin.customerRows).toHaveCount(0);
  await expect(page.getByText('No customer’s name or email contains')).toBeVisible();
});

test('the invoices page lists invoices across customers', async ({ page }) => {
  const admin = new AdminPage(page);
  await admin.gotoInvoices();
  await expect(admin.invoiceRows.first()).toBeVisible();
  expect(await admin.invoiceRows.count()).toBeGreaterThan(5);
  expect(await admin.invoiceRows.count()).toBeLessThanOrEqual(50);
  await expect(admin.invoiceRows.filter({ hasText: 'Acme Corporation' }).first()).toBeVisible();
});

test('an admin on /billing is pointed to the admin console', async ({ page }) => {
  await page.goto('/billing');
  await expect(page.getByTestId('billing-shell')).toBeVisible();
  await expect(page.getByTestId('admin-billing-note')).toBeVisible();
  await page.getByTestId('admin-billing-note').getByRole('link', { name: 'admin console' }).click();
  await expect(page).toHaveURL(/\/admin$/);
});

/** cents of an amount as the page prints it ("$1,234.56"), as an exact integer */
const printedCents = (text: string) => {
  const digits = /-?[\d,]+\.\d{2}/.exec(text)?.[0];
  if (!digits) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return BigInt(digits.replace(/[,.]/g, ''));
};

test('the overview reconciles: MRR is the sum of the plan table in its currency, ARR is exactly 12 × MRR, trials are counted', async ({ page }) => {
  await page.goto('/admin');
  const mrr = printedCents(await page.getByTestId('mrr-value').innerText());
  const arr = printedCents(await page.getByTestId('arr-value').innerText());
  expect(arr).toBe(12n * mrr);

  const stats = await (await page.request.get('/api/admin/billing/stats')).json();
  const rows = page.locator(`[data-testid="plan-row"][data-currency="${stats.currency}"]`);
  const planMrr = (await rows.locator('td:last-child').allInnerTexts()).reduce((sum, cell) => sum + printedCents(cell), 0n);
  expect(planMrr).toBe(mrr);
  const total = page.locator(`[data-testid="plan-total-row"][data-currency="${stats.currency}"]`);
  expect(printedCents(await total.locator('td:last-child').innerText())).toBe(mrr);

  // every live subscription is in the table, trials included; no row adds one currency to another
  const counts = await page.getByTestId('plan-row').locator('td:nth-child(2)').allInnerTexts();
  expect(counts.reduce((sum, n) => sum + Number(n), 0)).toBe(stats.active_subscriptions + stats.trial_subscriptions + stats.past_due_subscriptions);
  // each currency's total is that currency's MRR alone
  for (const [currency, amount] of Object.entries(stats.mrr_by_currency as Record<string, string>)) {
    const row = page.locator(`[data-testid="plan-total-row"][data-currency="${currency}"]`);
    expect(printedCents(await row.locator('td:last-child').innerText())).toBe(BigInt(amount.replace('.', '')));
  }
  expect(await page.getByTestId('plan-total-row').count()).toBe(Object.keys(stats.mrr_by_currency).length);

  // the MRR trend ends, for the month to date, on the same MRR, in every currency
  for (const [currency, amount] of Object.entries(stats.mrr_by_currency as Record<string, string>)) {
    await expect(page.locator(`[data-testid="mrr-trend"][data-currency="${currency}"]`)).toHaveAttribute('data-latest', amount);
  }
});
