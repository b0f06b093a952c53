import { expect, test } from '@playwright/test';
import { BillingPage } from './pages/billing-page';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

test('a signed-out visitor to /billing lands on the sign-in page', async ({ page }) => {
  await page.goto('/billing');
  await expect(page).toHaveURL(/\/login\?next=%2Fbilling$/);
  await expect(new LoginPage(page).form).toBeVisible();
});

test('a signed-out visitor to / is sent to the sign-in page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Demo accounts' })).toBeVisible();
});

test('a wrong password shows an error and no session', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto('/billing');
  await login.signIn(DEMO.customer.email, 'not-the-password');
  await expect(page).toHaveURL(/\/login\?.*error=invalid_credentials/);
  await expect(login.error).toContainText('do not match');
  await page.goto('/billing');
  await expect(page).toHaveURL(/\/login/);
});

test('signing in with the form returns to the page asked for', async ({ page }) => {
  const login = new LoginPage(page);
  await page.goto('/billing/invoices');
  await expect(page).toHaveURL(/\/login\?next=/);
  await login.signIn(DEMO.customer.email, DEMO.customer.password);
  await expect(page).toHaveURL(/\/billing\/invoices$/);
  await expect(new BillingPage(page).shell).toBeVisible();
});

test('sign out ends the session', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  const billing = new BillingPage(page);
  await expect(billing.shell).toBeVisible();

  await billing.signOut();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/billing');
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(billing.shell).toHaveCount(0);
});

test('a signed-in visitor to /login goes to their dashboard', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(new BillingPage(page).shell).toBeVisible();
  await page.goto('/login');
  await expect(page).toHaveURL(/\/billing$/);
});
