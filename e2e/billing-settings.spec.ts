// The customer's settings: where their billing mail goes. The demo customer adds two addresses, sees
// them kept after a reload, is told inline which one is not an address (and nothing is saved), clears
// them again; the API shows the same list. At 375 px nothing scrolls sideways and axe finds nothing
// serious, in light and dark.
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing$/);
});

test('the customer changes their billing emails, with inline errors for a wrong one', async ({ page }) => {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/settings$/);
  const first = page.getByLabel('Billing email 1');
  const second = page.getByLabel('Billing email 2');
  const save = page.getByRole('button', { name: 'Save billing emails' });

  await first.fill('accounts@lyceum.example');
  await second.fill('not an address');
  await save.click();
  await expect(page.locator('#billing-email-1-error')).toHaveText('must be an email address');
  await expect(second).toHaveAttribute('aria-invalid', 'true');
  // refused as a whole: the API still has the list from before
  expect((await (await page.request.get('/api/billing/customer')).json()).billing_emails).toEqual([]);

  await second.fill('finance@lyceum.example');
  await save.click();
  await expect(page.getByTestId('billing-emails-status')).toContainText('Saved');
  expect((await (await page.request.get('/api/billing/customer')).json()).billing_emails).toEqual(['accounts@lyceum.example', 'finance@lyceum.example']);
  await page.reload();
  await expect(page.getByLabel('Billing email 1')).toHaveValue('accounts@lyceum.example');
  await expect(page.getByLabel('Billing email 2')).toHaveValue('finance@lyceum.example');

  // the API refuses an unknown field by name and a sixth address, changing nothing
  const typo = await page.request.patch('/api/billing/customer', { data: { billing_email: ['x@y.example'] } });
  expect(typo.status()).toBe(422);
  expect((await typo.json()).error.details).toContainEqual({ field: 'billing_email', message: 'unknown field' });
  const six = await page.request.patch('/api/billing/customer', { data: { billing_emails: ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `${x}@lyceum.example`) } });
  expect(six.status()).toBe(422);

  // by keyboard: clear both and save with Enter
  await page.getByLabel('Billing email 1').fill('');
  await page.getByLabel('Billing email 2').fill('');
  await page.getByLabel('Billing email 2').press('Enter');
  await expect(page.getByTestId('billing-emails-status')).toContainText('Saved');
  expect((await (await page.request.get('/api/billing/customer')).json()).billing_emails).toEqual([]);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the settings page at 375 px in ${colorScheme}: no sideways scroll, no serious axe finding`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/billing/settings');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
