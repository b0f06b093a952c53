// The demo viewer (a viewer of the default workspace) in the admin area: every page of the nav, a
// customer's and an invoice's page show everything and no write control, and every write the API
// and the Server Actions take is refused (403 from the API; the action's refusal, and nothing
// changed, when a disabled form is forced to post).
//
// A write control, precisely: an enabled submit button (a <button> without type or of type submit,
// an <input type=submit|image>) in a <form> whose method is POST, which is what both plain forms and
// Server Action forms render. Left out, being no change to the workspace: Sign out, the header's
// workspace switcher (a viewer may leave), and the pricing page's calculators (the cost projector and
// the what-if simulator, which save nothing and are open to viewers by design). GET forms are filters.
import { expect, test, type Page } from '@playwright/test';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

const READ_ONLY_FORMS = ['cost-projector-form', 'simulator-form'];
const LEAVING_ACTIONS = ['/api/auth/sign-out', '/api/admin/workspace'];

/** Each write control on the page, described so a failure names it. */
async function writeControls(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ readOnlyForms, leavingActions }) => {
      const controls = Array.from(document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input[type="submit"], input[type="image"]'));
      return controls
        .filter((control) => {
          if (control.disabled || (control.type !== 'submit' && control.type !== 'image')) return false;
          const form = control.form;
          if (!form || form.method.toLowerCase() !== 'post') return false;
          if (readOnlyForms.includes(form.dataset.testid ?? '')) return false;
          const target = new URL(form.action, location.href);
          return !leavingActions.includes(target.pathname);
        })
        .map((control) => `${control.dataset.testid ?? control.textContent?.trim() ?? control.outerHTML.slice(0, 80)} (form ${control.form?.dataset.testid ?? control.form?.getAttribute('action') ?? '?'})`);
    },
    { readOnlyForms: READ_ONLY_FORMS, leavingActions: LEAVING_ACTIONS },
  );
}

test('the write-control check finds the demo admin’s controls (so it can fail)', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto('/admin/settings');
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin\/settings$/);
  expect(await writeControls(page)).toEqual(expect.arrayContaining([expect.stringContaining('api-key-create'), expect.stringContaining('workspace-save')]));
  await page.goto('/admin/webhooks');
  expect(await writeControls(page)).toEqual(expect.arrayContaining([expect.stringContaining('Create endpoint')]));
});

test.describe('the demo viewer', () => {
  test.beforeEach(async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAsDemo('viewer');
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId('workspace-viewer')).toHaveText('View only');
  });

  test('signs in from the login page’s button, and also with their email and password', async ({ browser }) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await new LoginPage(page).signInAs('viewer');
      await expect(page).toHaveURL(/\/admin$/);
      await expect(page.getByTestId('workspace-name')).toHaveText(/.+/);
    } finally {
      await context.close();
    }
  });

  test('every admin page shows its content and no write control', async ({ page }) => {
    const nav = page.getByRole('navigation', { name: 'Sections' });
    const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    expect(hrefs).toEqual(expect.arrayContaining(['/admin', '/admin/customers', '/admin/invoices', '/admin/runs', '/admin/emails', '/admin/alerts', '/admin/webhooks', '/admin/pricing', '/admin/settings']));

    await page.goto('/admin/customers');
    const customerPage = await page.getByTestId('customer-link').first().getAttribute('href');
    await page.goto('/admin/invoices');
    const invoicePage = await page.getByTestId('invoice-link').first().getAttribute('href');
    expect(customerPage).toMatch(/^\/admin\/customers\/[0-9a-f-]{36}$/);
    expect(invoicePage).toMatch(/^\/admin\/invoices\/[0-9a-f-]{36}$/);

    const found: Record<string, string[]> = {};
    for (const path of [...hrefs, customerPage!, invoicePage!]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      const controls = await writeControls(page);
      if (controls.length) found[path] = controls;
    }
    expect(found).toEqual({});
  });

  test('the settings page: everything to read, nothing to change, the secrets still masked', async ({ page }) => {
    await page.goto('/admin/settings');
    await expect(page.getByTestId('settings-view-only')).toBeVisible();
    await expect(page.getByTestId('workspace-facts')).toContainText('default');
    const me = page.locator(`[data-testid="member-row"][data-email="${DEMO.viewer.email}"]`);
    await expect(me.getByTestId('member-role')).toHaveText('viewer');
    await expect(page.getByTestId('api-keys-table')).toBeVisible();
    for (const form of ['workspace-form', 'add-member-form', 'api-key-form', 'change-role-form']) await expect(page.getByTestId(form)).toHaveCount(0);
    await expect(page.getByTestId('api-key-revoke')).toHaveCount(0);
    await expect(page.getByTestId('member-remove')).toHaveCount(0);
    await expect(page.getByTestId('stripe-webhook-secret')).toContainText('whsec_••••');
    expect(await page.content()).not.toContain('whsec_e2e_webhook_secret_value');
  });

  test('the write API answers 403 with the viewer’s session; reading still works', async ({ page }) => {
    const api = page.request;
    const customers = await (await api.get('/api/admin/billing/customers')).json();
    const customerId = customers.data[0].id as string;
    const members = await (await api.get('/api/admin/billing/workspaces/default/members')).json();
    const me = members.data.find((m: { email: string }) => m.email === DEMO.viewer.email);
    expect(me).toMatchObject({ role: 'viewer' });
    expect((await api.get('/api/admin/billing/api-keys')).status()).toBe(200);

    const writes = [
      ['POST /api/admin/billing/customers', api.post('/api/admin/billing/customers', { data: { name: 'Viewer Was Here', email: 'viewer-was-here@example.com' } })],
      ['PATCH /api/admin/billing/customers/[id]', api.patch(`/api/admin/billing/customers/${customerId}`, { data: { status: 'suspended' } })],
      ['PATCH /api/admin/billing/workspaces/default', api.patch('/api/admin/billing/workspaces/default', { data: { name: 'Renamed by a viewer' } })],
      ['POST /api/admin/billing/api-keys', api.post('/api/admin/billing/api-keys', { data: { name: 'viewer key', scopes: ['usage:write'] } })],
      ['POST /api/admin/billing/workspaces/default/members', api.post('/api/admin/billing/workspaces/default/members', { data: { email: DEMO.customer.email, role: 'owner' } })],
      ['PATCH /api/admin/billing/workspaces/default/members/[me]', api.patch(`/api/admin/billing/workspaces/default/members/${me.user_id}`, { data: { role: 'owner' } })],
      ['POST /api/admin/billing/webhook-endpoints', api.post('/api/admin/billing/webhook-endpoints', { data: { url: 'https://example.com/viewer', events: ['*'] } })],
    ] as const;
    const statuses: Record<string, number> = {};
    for (const [label, call] of writes) statuses[label] = (await call).status();
    expect(statuses).toEqual(Object.fromEntries(writes.map(([label]) => [label, 403])));

    // nothing changed
    const after = await (await api.get('/api/admin/billing/customers?limit=100')).json();
    expect(after.data.map((c: { name: string }) => c.name)).not.toContain('Viewer Was Here');
    expect((await (await api.get(`/api/admin/billing/customers/${customerId}`)).json()).status).toBe(customers.data[0].status);
    expect((await (await api.get('/api/admin/billing/workspaces/default')).json()).name).not.toBe('Renamed by a viewer');
  });

  test('a Server Action refuses the viewer even when its disabled form is forced to post', async ({ page }) => {
    const before = (await (await page.request.get('/api/admin/billing/webhook-endpoints')).json()).data.length as number;
    await page.goto('/admin/webhooks');
    const form = page.getByTestId('webhook-create-form');
    await form.evaluate((element) => element.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button').forEach((control) => (control.disabled = false)));
    await form.getByLabel('Endpoint URL').fill('https://example.com/forced-by-a-viewer');
    await form.getByLabel(/All events/).check();
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    await expect(page.getByTestId('webhook-form-error')).toHaveText('Your role in this workspace (viewer) may look but not change anything.');
    await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
    const after = (await (await page.request.get('/api/admin/billing/webhook-endpoints')).json()).data as { url: string }[];
    expect(after).toHaveLength(before);
    expect(after.map((e) => e.url)).not.toContain('https://example.com/forced-by-a-viewer');
  });
});
