// The admin overview's trend charts: present and readable at desktop and phone width without the page
// scrolling sideways, every bar a keyboard stop that says its figure, and the figures agreeing with the
// cards and the API (each currency's outstanding split by age adds up to the outstanding card; the
// month-to-date MRR bar is the MRR card). Read-only: the demo data other specs count on is untouched.
import { expect, test, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';
import { focusWhenShown } from './pages/focus';

const CHARTS = ['mrr-trend-chart', 'cashflow-chart', 'aging-chart', 'success-rate-chart', 'margin-chart'];

async function signInAsAdmin(page: Page) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));

for (const width of [1280, 375]) {
  test(`the charts are there at ${width} px, inside the page, and pass axe`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAsAdmin(page);
    for (const chart of CHARTS) await expect(page.getByTestId(chart).first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
    // every drawing fits its card: the SVG scales by its viewBox instead of pushing the card wider
    for (const figure of await page.locator('figure:has([data-testid="bar-chart-svg"])').all()) {
      const [card, svg] = await Promise.all([figure.boundingBox(), figure.getByTestId('bar-chart-svg').boundingBox()]);
      expect(svg!.width).toBeLessThanOrEqual(card!.width);
      expect(svg!.x + svg!.width).toBeLessThanOrEqual(width);
    }
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('a bar is a keyboard stop that reads out its figure, and the arrow keys move to the next', async ({ page }) => {
  await signInAsAdmin(page);
  const stats = await (await page.request.get('/api/admin/billing/stats')).json();
  const trend = page.locator(`[data-testid="mrr-trend"][data-currency="${stats.currency}"]`);
  const bars = trend.getByTestId('bar-chart-bar');
  await expect(bars).toHaveCount(12);
  // one tab stop per chart: the month to date
  await expect(trend.locator('[data-testid="bar-chart-bar"][tabindex="0"]')).toHaveCount(1);
  const latest = bars.last();
  await focusWhenShown(latest);
  const label = (await latest.getAttribute('aria-label'))!;
  expect(label).toMatch(/^MRR, \w+ \d{4} \(to date\): /);
  expect(label).toContain(await page.getByTestId('mrr-value').innerText());
  await expect(trend.getByTestId('chart-readout')).toHaveText(label);
  await page.keyboard.press('ArrowLeft');
  await expect(bars.nth(10)).toBeFocused();
  await expect(trend.getByTestId('chart-readout')).toHaveText((await bars.nth(10).getAttribute('aria-label'))!);
  expect(await bars.nth(10).locator('title').textContent()).toBe(await bars.nth(10).getAttribute('aria-label'));

  // the numbers are in a table too
  await trend.getByText('Show the numbers').click();
  await expect(trend.getByRole('table')).toContainText(label.replace(/^MRR, /, '').split(':')[0]!);
});

test('the outstanding split by age adds up to each currency’s outstanding, and the aging bars say their amounts', async ({ page }) => {
  await signInAsAdmin(page);
  const stats = await (await page.request.get('/api/admin/billing/stats')).json();
  const outstanding = stats.outstanding as Record<string, string>;
  const aging = page.getByTestId('aging');
  if (Object.keys(outstanding).length === 0) {
    await expect(page.getByTestId('aging-chart-empty')).toBeVisible();
    return;
  }
  await expect(aging).toHaveCount(Object.keys(outstanding).length);
  for (const [currency, amount] of Object.entries(outstanding)) {
    const chart = page.locator(`[data-testid="aging"][data-currency="${currency}"]`);
    await expect(chart).toHaveAttribute('data-total', amount);
    const values = await chart.getByTestId('bar-chart-bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-value')!));
    expect(values).toHaveLength(5);
    expect(values.reduce((sum, v) => sum + cents(v), 0n)).toBe(cents(amount));
  }
});
