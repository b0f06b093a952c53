// The customer's budget: the demo customer sets one in settings (told inline when the amount is not
// one), sees the open period's spend against it on /billing/usage, where the API shows the same
// numbers, and removes it again. At 375 px neither page scrolls sideways and axe finds nothing serious.
import { expect, test, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing$/);
});

// Intl reads a numeric string exactly, as the app's formatMoney hands it over
const usd = (amount: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount as `${number}`);

async function expectFitsAndAccessible(page: Page) {
  expect(await horizontalOverflow(page)).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
}

test('the customer sets a budget, sees spend against it on the usage page, and removes it', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  expect((await page.request.get('/api/billing/budget')).status()).toBe(404);

  await page.goto('/billing/usage');
  const usageBudget = page.getByTestId('usage-budget');
  await expect(usageBudget.getByRole('link', { name: 'Set a budget in settings' })).toBeVisible();
  await usageBudget.getByRole('link', { name: 'Set a budget in settings' }).click();
  await expect(page).toHaveURL(/\/billing\/settings#budget$/);
  await expect(page.getByTestId('budget-none')).toBeVisible();

  const amount = page.getByLabel('Budget per billing period (USD)');
  const save = page.getByRole('button', { name: 'Save budget' });
  await amount.fill('12.345');
  await save.click();
  await expect(page.locator('#budget-amount-error')).toHaveText('must have at most 2 decimals in usd');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(amount).toHaveValue('12.345');
  expect((await page.request.get('/api/billing/budget')).status()).toBe(404);

  await page.getByLabel('Other percentages').fill('25, 15x');
  await amount.fill('100000');
  await save.click();
  await expect(page.locator('#budget-custom-percent-error')).toContainText('list whole percentages');
  expect((await page.request.get('/api/billing/budget')).status()).toBe(404);

  // 100% unticked, 25% typed: saved as 25, 50, 80
  await page.getByLabel('100% of the budget').uncheck();
  await page.getByLabel('Other percentages').fill('25');
  await save.click();
  await expect(page.getByTestId('budget-status')).toContainText('Saved');
  const budget = await (await page.request.get('/api/billing/budget')).json();
  expect(budget).toMatchObject({ amount: '100000.00', currency: 'usd', notify_at_percent: [25, 50, 80] });
  await page.reload();
  await expect(page.getByLabel('Budget per billing period (USD)')).toHaveValue('100000.00');
  await expect(page.getByLabel('50% of the budget')).toBeChecked();
  await expect(page.getByLabel('100% of the budget')).not.toBeChecked();
  await expect(page.getByLabel('Other percentages')).toHaveValue('25');
  await expect(page.getByTestId('budget-current')).toContainText('Emails at 25%, 50%, 80%');
  await expectFitsAndAccessible(page);

  await page.goto('/billing/usage');
  const meter = page.getByTestId('usage-budget').getByRole('progressbar', { name: 'Budget used this period' });
  await expect(meter).toBeVisible();
  const { spend, percent_used } = budget.current_period;
  await expect(page.getByTestId('budget-meter-spend')).toHaveText(usd(spend));
  await expect(page.getByTestId('budget-meter-amount')).toHaveText('$100,000.00');
  await expect(meter).toHaveAttribute('aria-valuenow', String(Math.min(100, Number(percent_used))));
  await expect(meter).toHaveAttribute('aria-valuetext', `${usd(spend)} of $100,000.00, ${Math.floor(Number(percent_used))}%`);
  // the spend is the estimate's subtotal, before tax, as the estimate table shows it
  await expect(page.getByTestId('estimate-subtotal')).toHaveText(usd(spend));
  await expectFitsAndAccessible(page);

  // the API refuses a budget in another currency, naming the field
  const euros = await page.request.put('/api/billing/budget', { data: { amount: '10', currency: 'eur' } });
  expect(euros.status()).toBe(422);
  expect((await euros.json()).error.details).toEqual([{ field: 'currency', message: "must be the customer's billing currency, usd" }]);

  await page.goto('/billing/settings');
  await page.getByRole('button', { name: 'Remove budget' }).click();
  await expect(page.getByTestId('budget-status')).toContainText('Budget removed');
  expect((await page.request.get('/api/billing/budget')).status()).toBe(404);
  await page.goto('/billing/usage');
  await expect(page.getByTestId('usage-budget-none')).toBeVisible();
});
