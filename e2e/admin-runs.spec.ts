// /admin/runs: the run log with each step's counts, and "Run now" running the automation for this
// workspace: the new run is at the top as a manual run, as the API's log says too.
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

test('the admin runs billing from /admin/runs and sees the run with its steps', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page).toHaveURL(/\/admin\/runs$/);
  const before = (await (await page.request.get('/api/billing/automated-billing?limit=100')).json()).stats.runs as number;

  await page.getByTestId('run-now').click();
  await expect(page.getByRole('status').filter({ hasText: 'Run finished' })).toBeVisible({ timeout: 60_000 });

  const log = await (await page.request.get('/api/billing/automated-billing?limit=5')).json();
  expect(log.stats.runs).toBe(before + 1);
  expect(log.data[0]).toMatchObject({ trigger: 'manual', failed: 0 });
  const top = page.getByTestId('run-row').first();
  await expect(top).toHaveAttribute('data-trigger', 'manual');
  await expect(top).toContainText('Manual');
  // every step of the run, with its counts
  for (const step of ['Billing', 'Stripe', 'Dunning', 'Notifications', 'Alerts']) await expect(top.getByTestId('run-steps')).toContainText(step);
  await expect(page.getByTestId('runs-count-value')).toHaveText(String(before + 1));
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme });
    await page.goto('/admin/runs');
    await expect(page.getByTestId('run-row').first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
