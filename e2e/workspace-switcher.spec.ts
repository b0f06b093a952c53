// The admin header's workspace switcher in the browser: the demo admin moves to another workspace
// and sees its customers only; the form works with the keyboard and without JavaScript; an unknown
// workspace leaves the cookie alone; at 375 px the page does not scroll sideways and axe finds no
// serious violation, in the light and the dark colour scheme.
import { expect, request, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { AdminPage } from './pages/admin-page';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

test.describe('the workspace switcher', () => {
  const run = Date.now().toString(36);
  const slug = `e2e-switch-${run}`;
  const name = `Switch Test ${run}`;

  // a second workspace with one customer, made through the API as the demo admin
  test.beforeAll(async ({ baseURL }) => {
    const api = await request.newContext({ baseURL });
    expect((await api.post('/api/auth/local/sign-in', { data: { email: DEMO.admin.email, password: DEMO.admin.password } })).status()).toBe(200);
    const created = await api.post('/api/admin/billing/workspaces', { data: { slug, name, default_currency: 'eur' } });
    expect(created.status()).toBe(201);
    const workspace = await created.json();
    const key = (await (await api.post('/api/admin/billing/api-keys', { data: { name: 'switcher', scopes: ['billing:admin'], workspace_id: workspace.id } })).json()).key;
    const customer = await api.post('/api/admin/billing/customers', {
      data: { name: `Only In ${run}`, email: `only-${run}@example.com` },
      headers: { authorization: `Bearer ${key}` },
    });
    expect(customer.status()).toBe(201);
    await api.dispose();
  });

  test.beforeEach(async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAsDemo('admin');
    await expect(page).toHaveURL(/\/admin$/);
  });

  test('the demo admin switches to another workspace and sees its customers only', async ({ page, browser }) => {
    const admin = new AdminPage(page);
    await admin.gotoCustomers();
    const select = page.getByLabel('Workspace', { exact: true });
    await expect(select).toHaveValue('default');
    await expect(admin.customerRows.filter({ hasText: 'Acme Corporation' })).toHaveCount(1);

    // keyboard only: choose, Tab to the button, Enter
    await select.selectOption(slug);
    await select.press('Tab');
    const button = page.getByRole('button', { name: 'Switch' });
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/admin$/);
    await expect(select).toHaveValue(slug);
    await expect(select.locator('option:checked')).toHaveText(name);
    await expect(page.getByTestId('customers-count')).toContainText('1');

    await admin.gotoCustomers();
    await expect(admin.customerRows).toHaveCount(1);
    await expect(admin.customerRows.first()).toContainText(`Only In ${run}`);
    await admin.gotoInvoices();
    await expect(admin.invoiceRows).toHaveCount(0);

    // the API follows the same choice: the session now works in that workspace
    const listed = await (await page.request.get('/api/admin/billing/customers')).json();
    expect(listed.data.map((c: { name: string }) => c.name)).toEqual([`Only In ${run}`]);

    // an unknown workspace is a 404 and the choice stays
    const unknown = await page.request.post('/api/admin/workspace', { form: { workspace: 'no-such-workspace' }, maxRedirects: 0 });
    expect(unknown.status()).toBe(404);
    await admin.gotoCustomers();
    await expect(admin.customerRows).toHaveCount(1);

    // without JavaScript the form posts all the same
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
    const plain = await noScript.newPage();
    await plain.goto('/admin/customers');
    await plain.getByLabel('Workspace', { exact: true }).selectOption('default');
    await plain.getByRole('button', { name: 'Switch' }).click();
    await expect(plain).toHaveURL(/\/admin$/);
    await plain.goto('/admin/customers');
    await expect(plain.getByTestId('customer-row').filter({ hasText: 'Acme Corporation' })).toHaveCount(1);
    await noScript.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.emulateMedia({ colorScheme });
      for (const path of ['/admin', '/admin/customers', '/admin/invoices']) {
        await page.goto(path);
        const switcher = page.getByTestId('workspace-switcher');
        await expect(switcher).toBeVisible();
        const box = (await switcher.boundingBox())!;
        expect(box.x + box.width, path).toBeLessThanOrEqual(375);
        expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });
  }
});
