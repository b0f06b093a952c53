// A card customer pays an open invoice through Stripe's hosted invoice page (the local fake Stripe
// server, started by scripts/e2e.mjs) and comes back to see it paid with its receipt. The app learns
// of the payment from the signed webhook the fake delivers and from asking Stripe on the way back;
// either way the payment is recorded once.
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from '../pages/accessibility';
import { LoginPage } from '../pages/login-page';

test.use({ baseURL: process.env.E2E_STRIPE_BASE_URL });

const fakeStripeUrl = () => {
  const url = process.env.E2E_FAKE_STRIPE_URL;
  if (!url) throw new Error('E2E_FAKE_STRIPE_URL is not set: run the specs through npm run test:e2e');
  return url;
};

test('a card customer pays an open invoice on Stripe’s hosted page and comes back to it paid, with a receipt', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto('/billing/invoices?status=open');
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing\/invoices\?status=open$/);

  const link = page.getByTestId('invoice-row').first().getByTestId('invoice-number');
  const number = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();
  const invoiceUrl = page.url();
  const due = (await page.getByTestId('invoice-amount-due').textContent())!.trim();
  // with Stripe, a card customer pays online: no bank transfer details
  await expect(page.getByTestId('bank-transfer')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('pay-button').click();
  await page.waitForURL((url) => url.toString().startsWith(`${fakeStripeUrl()}/hosted/in_`));
  // Stripe's copy of the invoice, for the amount due here
  await expect(page.locator('[data-field="status"]')).toHaveText('open');
  await expect(page.locator('[data-field="amount due"]')).toHaveText(`${due.replace(/[$,]/g, '')} USD`);

  await page.getByLabel('Card').selectOption('pm_card_visa');
  await page.getByRole('button', { name: /^Pay / }).click();
  await expect(page.locator('[data-field="status"]')).toHaveText('paid');

  await page.getByTestId('return-to-merchant').click();
  await page.waitForURL((url) => url.toString().startsWith(invoiceUrl) && url.searchParams.get('returned') === 'stripe');
  await expect(page.getByTestId('payment-received')).toBeVisible();
  await expect(page.getByTestId('invoice-status')).toHaveText('Paid');
  await expect(page.getByTestId('invoice-amount-due')).toHaveText('$0.00');
  await expect(page.getByTestId('pay-button')).toHaveCount(0);

  const receipt = page.getByTestId('invoice-receipt');
  await expect(receipt.getByTestId('receipt-method')).toHaveText('Card');
  await expect(receipt.getByTestId('receipt-amount')).toHaveText(due);
  const receiptLink = receipt.getByTestId('stripe-receipt-link');
  const href = await receiptLink.getAttribute('href');
  expect(href).toMatch(new RegExp(`^${fakeStripeUrl().replace(/[.]/g, '\\.')}/receipts/ch_`));
  const receiptPage = await page.request.get(href!);
  expect(await receiptPage.text()).toContain('<dd data-field="status">succeeded</dd>');

  // the webhook delivered meanwhile and the sync on return recorded one payment between them
  await expect(page.getByTestId('payment-row')).toHaveCount(1);
  await expect
    .poll(async () => (await (await page.request.get(`${fakeStripeUrl()}/__fake/deliveries`)).json()).pending, { timeout: 20_000 })
    .toBe(0);
  await page.goto(invoiceUrl);
  await expect(page.getByTestId('payment-row')).toHaveCount(1);
  await expect(page.getByTestId('invoice-status')).toHaveText('Paid');
  expect(await horizontalOverflow(page)).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);

  // the list agrees
  await page.goto('/billing/invoices?status=paid');
  await expect(page.getByTestId('invoice-row').filter({ hasText: number })).toHaveCount(1);
});
