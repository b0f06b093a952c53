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
