import { expect, test } from '@playwright/test';
import { BillingPage } from './pages/billing-page';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

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
