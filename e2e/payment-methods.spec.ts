// The payment methods page on an installation without Stripe (the demo default): it says plainly that
// cards are not available here, shows how to pay by bank transfer with a link to the invoices, lists
// the card on file without a single button that could not work, and at 1280 and 375 px nothing
// scrolls sideways and axe finds nothing serious, in light and dark.
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing$/);
});

test('without Stripe the page explains the bank-transfer route and offers no dead buttons', async ({ page }) => {
  await page.goto('/billing/payment-methods');
  await expect(page.getByRole('heading', { level: 1, name: 'Payment methods' })).toBeVisible();
  await expect(page.getByTestId('cards-unavailable')).toContainText('Cards are not available on this installation');
  const route = page.getByTestId('bank-transfer-route');
  await expect(route).toContainText('IBAN and BIC');
  await expect(route).toContainText('the reference to use: the invoice number');

  // the card the demo recorded for Acme is shown, read-only, as the API lists it
  const api = await (await page.request.get('/api/billing/payment-methods')).json();
  expect(api.configured).toBe(false);
  expect(api.data).toHaveLength(1);
  const onFile = page.getByTestId('payment-method');
  await expect(onFile).toHaveCount(1);
  await expect(onFile.getByTestId('payment-method-name')).toHaveText(new RegExp(`•••• ${api.data[0].card.last4}$`));
  await expect(onFile.getByTestId('default-badge')).toBeVisible();
  // nothing to press that would only fail: no add, no make default, no remove
  await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);

  // the way to pay leads to the invoices, whose pages carry the bank details
  await route.getByRole('link', { name: 'Go to your invoices' }).click();
  await expect(page).toHaveURL(/\/billing\/invoices$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();

  // a made-up return from Checkout records nothing and the page still explains itself
  await page.goto('/billing/payment-methods?setup_session=cs_test_madeup');
  await expect(page.getByTestId('cards-unavailable')).toBeVisible();
  expect((await (await page.request.get('/api/billing/payment-methods')).json()).data).toHaveLength(1);
});

for (const width of [1280, 375]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the payment methods page at ${width} px in ${colorScheme}: no sideways scroll, no serious axe finding`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/billing/payment-methods');
      await expect(page.getByTestId('bank-transfer-route')).toBeVisible();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}
