// Payment methods with Stripe configured, all in the browser: the demo customer clears what is on
// file, adds a card through Stripe Checkout (the fake's hosted page), sees it listed as the default,
// adds a second, makes it the default, and removes the first after confirming. Stripe's own events
// reach the app through signed webhook deliveries meanwhile; once they are all in, the page shows
// the same thing (nothing recorded twice, nothing brought back).
import { expect, request, test, type Locator, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from '../pages/accessibility';
import { LoginPage } from '../pages/login-page';

test.use({ baseURL: process.env.E2E_STRIPE_BASE_URL });

const fakeStripe = () => {
  const url = process.env.E2E_FAKE_STRIPE_URL;
  if (!url) throw new Error('E2E_FAKE_STRIPE_URL is not set: run the specs through npm run test:e2e');
  return url;
};

const rows = (page: Page) => page.getByTestId('payment-method');
const row = (page: Page, name: string) => rows(page).filter({ has: page.getByTestId('payment-method-name').getByText(name, { exact: true }) });

async function remove(page: Page, method: Locator, name: string) {
  const id = await method.getAttribute('data-payment-method-id');
  await method.getByRole('button', { name: `Remove ${name}` }).click();
  const confirmation = method.getByTestId('remove-confirmation');
  await expect(confirmation).toContainText(`Remove ${name}?`);
  await confirmation.getByRole('button', { name: `Yes, remove ${name}` }).click();
  await expect(page.locator(`[data-payment-method-id="${id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('payment-methods-status')).toContainText('Payment method removed');
}

/** Add → Stripe Checkout → choose `card` → Save → back on the page. */
async function addThroughCheckout(page: Page, card: RegExp) {
  await page.getByTestId('add-payment-method').getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`^${fakeStripe().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/checkout/cs_test_`));
  await expect(page.getByRole('heading', { name: 'Save a payment method' })).toBeVisible();
  await page.getByRole('radio', { name: card }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/billing\/payment-methods\?setup_session=cs_test_/);
}

async function waitForWebhooks() {
  const fake = await request.newContext();
  try {
    await expect
      .poll(async () => (await (await fake.get(`${fakeStripe()}/__fake/deliveries`)).json()).pending, { timeout: 20_000 })
      .toBe(0);
    const deliveries = (await (await fake.get(`${fakeStripe()}/__fake/deliveries`)).json()).data as { type: string; status: string }[];
    expect(deliveries.filter((d) => d.status === 'failed')).toEqual([]);
    return deliveries;
  } finally {
    await fake.dispose();
  }
}

test('add a card through Checkout, add a second, make it the default, remove the first', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing$/);
  await page.getByRole('link', { name: 'Payment methods', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payment methods' })).toBeVisible();
  await expect(page.getByTestId('cards-unavailable')).toHaveCount(0);

  // start from nothing on file: the demo's card was recorded before Stripe was connected
  while ((await rows(page).count()) > 0) {
    const first = rows(page).first();
    const name = (await first.getByTestId('payment-method-name').textContent())!;
    await remove(page, first, name);
  }
  await expect(page.getByTestId('payment-methods-empty')).toBeVisible();

  // the first card: saved, listed, the default
  await addThroughCheckout(page, /^Mastercard •••• 4444/);
  await expect(page.getByTestId('checkout-return')).toContainText('Mastercard •••• 4444 is saved and is your default payment method.');
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, 'Mastercard •••• 4444')).toContainText('Expires 12/2034');
  await expect(row(page, 'Mastercard •••• 4444').getByTestId('default-badge')).toBeVisible();
  // the return URL reloaded: nothing saved twice
  await page.reload();
  await expect(rows(page)).toHaveCount(1);

  // the second: saved, not the default
  await addThroughCheckout(page, /^Visa •••• 4242/);
  await expect(page.getByTestId('checkout-return')).toContainText('Visa •••• 4242 is saved.');
  await expect(rows(page)).toHaveCount(2);
  await expect(row(page, 'Visa •••• 4242').getByTestId('default-badge')).toHaveCount(0);

  // make the second the default
  await row(page, 'Visa •••• 4242').getByRole('button', { name: 'Make Visa •••• 4242 the default' }).click();
  await expect(page.getByTestId('payment-methods-status')).toContainText('Default payment method changed.');
  await expect(row(page, 'Visa •••• 4242').getByTestId('default-badge')).toBeVisible();
  await expect(row(page, 'Mastercard •••• 4444').getByTestId('default-badge')).toHaveCount(0);

  // remove the first: asked first ("Keep it" changes nothing), then gone
  const mastercard = row(page, 'Mastercard •••• 4444');
  await mastercard.getByRole('button', { name: 'Remove Mastercard •••• 4444' }).click();
  await expect(mastercard.getByTestId('remove-confirmation')).toBeVisible();
  await mastercard.getByRole('button', { name: 'Keep it' }).click();
  await expect(mastercard.getByTestId('remove-confirmation')).toHaveCount(0);
  await expect(rows(page)).toHaveCount(2);
  await remove(page, mastercard, 'Mastercard •••• 4444');
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, 'Visa •••• 4242').getByTestId('default-badge')).toBeVisible();

  // Stripe's events have all been delivered and taken; the page and the API still say the same
  const deliveries = await waitForWebhooks();
  for (const type of ['checkout.session.completed', 'setup_intent.succeeded', 'payment_method.attached', 'payment_method.detached', 'customer.updated']) {
    expect(deliveries.map((d) => d.type)).toContain(type);
  }
  await page.goto('/billing/payment-methods');
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, 'Visa •••• 4242').getByTestId('default-badge')).toBeVisible();
  const api = await (await page.request.get('/api/billing/payment-methods')).json();
  expect(api).toMatchObject({ configured: true, data: [{ type: 'card', is_default: true, card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 } }] });

  // with a card on file and the confirmation open, at 1280 and 375 px in both schemes: nothing
  // scrolls sideways, axe finds nothing serious
  await page.getByRole('button', { name: 'Remove Visa •••• 4242' }).click();
  await expect(page.getByTestId('remove-confirmation')).toBeVisible();
  for (const width of [1280, 375]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 800 });
      expect(await horizontalOverflow(page), `${width} px, ${colorScheme}`).toBe(0);
      expect(await seriousViolations(page), `${width} px, ${colorScheme}`).toEqual([]);
    }
  }
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(rows(page)).toHaveCount(1);
});
