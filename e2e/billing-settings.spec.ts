// The customer's settings: where their billing mail goes, and who the invoices are made out to. The
// demo customer adds two addresses, sees them kept after a reload, is told inline which one is not an
// address (and nothing is saved), clears them again; the API shows the same list. They move their
// billing details to Germany, are told inline that the VAT number does not fit (nothing saved), save a
// good one and see it after a reload; the details are put back afterwards for the specs that follow.
// At 375 px nothing scrolls sideways and axe finds nothing serious, in light and dark.
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

test('the customer sets their billing details; a VAT number that does not fit the country is refused inline', async ({ page }) => {
  await page.goto('/billing/settings');
  const before = await (await page.request.get('/api/billing/customer')).json();
  const name = page.getByLabel('Name on invoices', { exact: true });
  const address = page.getByLabel('Address', { exact: true });
  const country = page.getByLabel('Country', { exact: true });
  const taxId = page.getByLabel('Tax ID', { exact: true });
  const save = page.getByRole('button', { name: 'Save billing details' });
  // what the seed gave Acme shows in the form
  await expect(name).toHaveValue(before.name);
  await expect(country).toHaveValue(before.country);
  try {
    await name.fill('Acme Europe GmbH');
    await address.fill('Friedrichstraße 100\n10117 Berlin');
    await country.selectOption('DE');
    // the hint follows the country chosen
    await expect(page.getByTestId('tax-id-hint')).toHaveText('VAT number: DE followed by 9 digits. Leave empty if you have none.');
    await taxId.fill('DE12345');
    await save.click();
    await expect(page.locator('#billing-tax-id-error')).toHaveText('not a valid VAT number for Germany: expected DE followed by 9 digits, e.g. DE123456789');
    await expect(taxId).toHaveAttribute('aria-invalid', 'true');
    await expect(taxId).toHaveAttribute('aria-describedby', 'billing-tax-id-error');
    // what was typed stays, and nothing was saved
    await expect(name).toHaveValue('Acme Europe GmbH');
    await expect(taxId).toHaveValue('DE12345');
    await expect(country).toHaveValue('DE');
    expect(await (await page.request.get('/api/billing/customer')).json()).toMatchObject({ name: before.name, country: before.country, tax_id: before.tax_id });

    await taxId.fill('de 123 456 789');
    await save.click();
    await expect(page.getByTestId('billing-details-status')).toHaveText('Saved. Your next invoice is made out to these details.');
    expect(await (await page.request.get('/api/billing/customer')).json()).toMatchObject({
      name: 'Acme Europe GmbH',
      address_lines: ['Friedrichstraße 100', '10117 Berlin'],
      country: 'DE',
      tax_id: 'DE123456789',
    });
    await page.reload();
    await expect(page.getByLabel('Name on invoices', { exact: true })).toHaveValue('Acme Europe GmbH');
    await expect(page.getByLabel('Address', { exact: true })).toHaveValue('Friedrichstraße 100\n10117 Berlin');
    await expect(page.getByLabel('Country', { exact: true })).toHaveValue('DE');
    // stored compact, as VIES writes it
    await expect(page.getByLabel('Tax ID', { exact: true })).toHaveValue('DE123456789');

    // the API takes the same fields and judges the tax id by the country on file
    const bad = await page.request.patch('/api/billing/customer', { data: { tax_id: 'NL123456789B01' } });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.details).toEqual([{ field: 'tax_id', message: expect.stringContaining('DE followed by 9 digits') }]);
  } finally {
    const restored = await page.request.patch('/api/billing/customer', {
      data: { name: before.name, address_lines: before.address_lines, country: before.country, tax_id: before.tax_id },
    });
    expect(restored.status()).toBe(200);
  }
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
