// The /admin/alerts page in the browser: the demo admin finds the four default rules the seed
// installed, creates a rule (errors beside their fields first: a zero threshold, then telling "the
// customer" about all customers together), edits it, disables it and deletes it after confirming;
// the triggered-alerts list filters by status; at 375 px the page does not scroll sideways and axe
// finds no serious violation. Alerts themselves are made by the evaluation, not here.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

test.describe('the alerts page', () => {
  const run = randomUUID().slice(0, 8);

  test.beforeEach(async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAsDemo('admin');
    await expect(page).toHaveURL(/\/admin$/);
  });

  test('the demo admin sees the defaults, creates a rule, edits it, disables it and deletes it', async ({ page }) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Alerts' }).click();
    await expect(page).toHaveURL(/\/admin\/alerts$/);
    await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();

    // the four defaults, in the workspace's currency (usd here)
    const rules = page.getByTestId('alert-rule-row');
    const row = (name: string) => rules.filter({ hasText: name });
    await expect(row('All customers, daily')).toContainText('Usage charges over $100.00 in a UTC day');
    await expect(row('All customers, daily')).toContainText('All customers together');
    await expect(row('All customers, weekly')).toContainText('Usage charges over $500.00 in an ISO week');
    await expect(row('Any one customer, daily')).toContainText('Usage charges over $50.00 in a UTC day');
    await expect(row('Any one customer, daily')).toContainText('Each customer');
    await expect(row('Spike warning: usage this period')).toContainText('Usage charges over $1,000.00 in the open billing period');
    await expect(row('Spike warning: usage this period')).toContainText('The customer');
    for (const name of ['All customers, daily', 'All customers, weekly', 'Any one customer, daily', 'Spike warning: usage this period']) {
      await expect(row(name).getByTestId('status-badge')).toHaveText('Enabled');
    }

    const form = page.getByTestId('alert-rule-create-form');
    const name = `E2E rule ${run}`;
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Threshold').fill('0');
    await form.getByLabel('Window', { exact: true }).selectOption('week');
    await form.getByLabel('Applies to').selectOption({ label: 'All customers together' });
    await form.getByRole('button', { name: 'Create rule' }).click();
    // said beside the threshold; what was typed stays
    await expect(form.getByLabel('Threshold')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('alert-new-threshold-error')).toHaveText('must be greater than 0');
    await expect(form.getByLabel('Name')).toHaveValue(name);
    await expect(form.getByLabel('Window', { exact: true })).toHaveValue('week');

    // all customers together: there is no one customer to tell
    await form.getByLabel('Threshold').fill('75.5');
    await form.getByLabel('The customer (email)').check();
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect(page.getByTestId('alert-new-notify-error')).toContainText('no one customer to tell');
    await expect(rules.filter({ hasText: name })).toHaveCount(0);

    await form.getByLabel('The customer (email)').uncheck();
    await form.getByLabel('Webhook event').check();
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect(page.getByTestId('alert-new-done')).toContainText('created');
    const mine = rules.filter({ hasText: name });
    await expect(mine).toContainText('Usage charges over $75.50 in an ISO week');
    await expect(mine).toContainText('All customers together');
    await expect(mine).toContainText('Admins, Webhook');

    // edit: the form comes up filled in with the rule; saving goes back to the list
    await mine.getByTestId('alert-rule-edit-link').click();
    const edit = page.getByTestId('alert-rule-edit-form');
    await expect(edit.getByLabel('Threshold')).toHaveValue('75.5');
    await edit.getByLabel('Threshold').fill('abc');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await expect(page.getByTestId('alert-edit-threshold-error')).toContainText('decimal string');
    await edit.getByLabel('Threshold').fill('80');
    await edit.getByLabel('Window', { exact: true }).selectOption('day');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await expect(page).toHaveURL(/\/admin\/alerts$/);
    await expect(mine).toContainText('Usage charges over $80.00 in a UTC day');

    // disable, as the API then says too
    await mine.getByTestId('alert-rule-toggle').click();
    await expect(mine.getByTestId('status-badge')).toHaveText('Disabled');
    const listed = await (await page.request.get('/api/admin/billing/alert-rules')).json();
    const apiRule = (listed.data as { name: string; enabled: boolean; threshold: string; aggregate: boolean; notify: string[] }[]).find((r) => r.name === name);
    expect(apiRule).toMatchObject({ enabled: false, threshold: '80', window: 'day', aggregate: true, notify: ['admins', 'webhook'] });

    // deleting asks first; a rule that never triggered goes
    await mine.getByText('Delete…').click();
    await mine.getByTestId('alert-rule-delete').click();
    await expect(rules.filter({ hasText: name })).toHaveCount(0);
    await expect(rules).toHaveCount(4);
  });

  test('the alerts list filters by status and says when nothing matches', async ({ page }) => {
    await page.goto('/admin/alerts');
    const filters = page.getByTestId('alert-filters');
    await filters.getByLabel('Status').selectOption('resolved');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/status=resolved/);
    const table = page.getByTestId('alert-table');
    const listed = await (await page.request.get('/api/admin/billing/alerts?status=resolved')).json();
    if (listed.data.length === 0) await expect(table).toContainText('No alerts match these filters.');
    else await expect(page.getByTestId('alert-row').first()).toHaveAttribute('data-resolved', 'true');
    // a hand-made URL with a status the list does not know
    await page.goto('/admin/alerts?status=open');
    await expect(page.getByTestId('alert-filter-error')).toContainText('status');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.emulateMedia({ colorScheme });
      await page.goto('/admin/alerts');
      await expect(page.getByTestId('alert-rule-row').first()).toBeVisible();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      // the edit form too
      await page.getByTestId('alert-rule-edit-link').first().click();
      await expect(page.getByTestId('alert-rule-edit-form')).toBeVisible();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
