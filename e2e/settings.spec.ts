// /admin/settings in the browser, in a workspace of its own (so the demo's counts stay as other specs
// expect): an API key made on the page is shown once and gone on reload, works against the usage API
// (its last use shown), and once revoked after confirming is refused with 401; the workspace's details
// are edited with errors said beside their field; a member is added, changes role and is removed
// after confirming; the mail and Stripe status names what is set and never shows a secret, on the
// plain server and on the one with Stripe configured. 375 px and axe in both colour schemes.
// Named to sort after invoices-api.spec.ts, which counts the installation's workspaces (the demo's
// two), as the other specs that make a workspace (pricing, workspace-switcher) do.
import { randomUUID } from 'node:crypto';
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

const run = randomUUID().slice(0, 8);
const slug = `e2e-settings-${run}`;
const name = `Settings Test ${run}`;
const METRIC = 'settings_calls';

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  return context;
}

/** Signs the page in as the demo admin and makes the settings' workspace the one it works in. */
async function openSettings(page: Page) {
  const login = new LoginPage(page);
  await login.goto('/admin/settings');
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin\/settings$/);
  expect((await page.request.post('/api/admin/workspace', { form: { workspace: slug }, maxRedirects: 0 })).status()).toBe(303);
  await page.goto('/admin/settings');
  await expect(workspaceShown(page)).toHaveText(name);
}

/** The demo admin works in several workspaces: the header's switcher names the current one. */
const workspaceShown = (page: Page) => page.getByLabel('Workspace', { exact: true }).locator('option:checked');

test.describe('admin settings', () => {
  let anonymous: APIRequestContext;
  let customerId: string;

  // the workspace, one customer and one metric, made through the API as the demo admin
  test.beforeAll(async ({ baseURL }) => {
    const admin = await signedIn(baseURL!, DEMO.admin);
    const created = await admin.post('/api/admin/billing/workspaces', { data: { slug, name, default_currency: 'eur' } });
    expect(created.status()).toBe(201);
    const workspace = await created.json();
    const setupKey = (await (await admin.post('/api/admin/billing/api-keys', { data: { name: 'settings setup', scopes: ['billing:admin'], workspace_id: workspace.id } })).json()) as { id: string; key: string };
    const asWorkspace = { authorization: `Bearer ${setupKey.key}` };
    const customer = await admin.post('/api/admin/billing/customers', { data: { name: `Settings Customer ${run}`, email: `settings-${run}@example.com` }, headers: asWorkspace });
    expect(customer.status()).toBe(201);
    customerId = (await customer.json()).id;
    expect((await admin.post('/api/admin/billing/metrics', { data: { code: METRIC, name: 'Settings calls', unit: 'call', aggregation: 'sum' }, headers: asWorkspace })).status()).toBe(201);
    // the setup key has done its work; the page's list then starts with it revoked
    expect((await admin.delete(`/api/admin/billing/api-keys/${setupKey.id}`, { headers: asWorkspace })).status()).toBe(200);
    await admin.dispose();
    anonymous = await request.newContext({ baseURL: baseURL! });
  });

  test.afterAll(async () => {
    await anonymous.dispose();
  });

  test('an API key is shown once, works, shows its last use, and is refused with 401 once revoked', async ({ page }) => {
    await openSettings(page);
    const keyName = `Ingest ${run}`;
    const row = page.locator(`[data-testid="api-key-row"][data-name="${keyName}"]`);
    await expect(row).toHaveCount(0);

    const form = page.getByTestId('api-key-form');
    // no scope chosen: said beside the scopes, nothing made
    await form.getByLabel('Name', { exact: true }).fill(keyName);
    await form.getByRole('checkbox', { name: /usage:write/ }).uncheck();
    await form.getByTestId('api-key-create').click();
    await expect(page.getByText('Choose at least one scope.')).toBeVisible();
    await expect(row).toHaveCount(0);
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue(keyName);

    await form.getByRole('checkbox', { name: /usage:write/ }).check();
    await form.getByTestId('api-key-create').click();
    const secret = page.getByTestId('api-key-value');
    await expect(secret).toHaveText(/^mb_[A-Za-z0-9_-]{40}$/);
    const key = (await secret.textContent())!;
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(key.slice(0, 11));
    await expect(row.getByTestId('api-key-last-used')).toHaveText('Never');
    await expect(row.getByTestId('api-key-status')).toHaveText('Active');

    // shown once: a reload has it nowhere, and neither has the API's list
    await page.reload();
    await expect(page.getByTestId('api-key-secret')).toHaveCount(0);
    expect(await page.content()).not.toContain(key);
    expect(JSON.stringify(await (await page.request.get('/api/admin/billing/api-keys')).json())).not.toContain(key);

    const send = (id: string) =>
      anonymous.post('/api/billing/usage/events', { data: { id, customer_id: customerId, metric: METRIC, quantity: '3' }, headers: { authorization: `Bearer ${key}` } });
    const accepted = await send(`settings-${run}-1`);
    expect(accepted.status()).toBe(200);
    expect(await accepted.json()).toEqual({ accepted: 1, duplicates: 0 });
    await page.reload();
    await expect(row.getByTestId('api-key-last-used')).not.toHaveText('Never');

    // revoking asks first
    await row.getByText('Revoke…').click();
    await expect(row.getByText(`Revoke “${keyName}”?`)).toBeVisible();
    await row.getByTestId('api-key-revoke-confirm').click();
    await expect(row.getByTestId('api-key-status')).toContainText('Revoked');
    await expect(row.getByTestId('api-key-revoke')).toHaveCount(0);
    const refused = await send(`settings-${run}-2`);
    expect(refused.status()).toBe(401);
  });

  test('the workspace’s details: an error beside its field, then saved and shown in the header', async ({ page }) => {
    await openSettings(page);
    const form = page.getByTestId('workspace-form');
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue(name);
    await form.getByLabel('Payment terms (days)').fill('abc');
    await form.getByLabel('Company email').fill('billing@settings.test');
    await form.getByTestId('workspace-save').click();
    const termsError = page.locator('#workspace-payment_terms_days-error');
    await expect(termsError).toBeVisible();
    await expect(form.getByLabel('Payment terms (days)')).toHaveAttribute('aria-invalid', 'true');
    // what was typed stays, and nothing was saved
    await expect(form.getByLabel('Company email')).toHaveValue('billing@settings.test');
    await expect(page.getByTestId('workspace-facts')).not.toContainText('21 days');

    const renamed = `${name} renamed`;
    await form.getByLabel('Name', { exact: true }).fill(renamed);
    await form.getByLabel('Payment terms (days)').fill('21');
    await form.getByTestId('workspace-save').click();
    await expect(page.getByTestId('workspace-outcome')).toHaveText('Workspace saved.');
    await expect(page.getByTestId('workspace-facts')).toContainText('21 days');
    await expect(workspaceShown(page)).toHaveText(renamed);
    const stored = await (await page.request.get(`/api/admin/billing/workspaces/${slug}`)).json();
    expect(stored).toMatchObject({ name: renamed, payment_terms_days: 21, company: { email: 'billing@settings.test' } });
    // back as it was, for the other tests
    expect((await page.request.patch(`/api/admin/billing/workspaces/${slug}`, { data: { name } })).status()).toBe(200);
  });

  test('members: an unknown email is refused; a member is added, changes role and is removed after confirming', async ({ page }) => {
    await openSettings(page);
    const add = page.getByTestId('add-member-form');
    await add.getByLabel('Email of an existing user').fill(`nobody-${run}@example.com`);
    await add.getByTestId('add-member').click();
    await expect(page.locator('#member-email-error')).toHaveText('no user with this email');

    await add.getByLabel('Email of an existing user').fill(DEMO.viewer.email);
    await add.getByLabel('Role', { exact: true }).selectOption('admin');
    await add.getByTestId('add-member').click();
    await expect(page.getByTestId('add-member-outcome')).toHaveText(`${DEMO.viewer.email} added as admin.`);
    const row = page.locator(`[data-testid="member-row"][data-email="${DEMO.viewer.email}"]`);
    await expect(row.getByTestId('member-role')).toHaveText('admin');

    // adding them twice says so
    await add.getByLabel('Email of an existing user').fill(DEMO.viewer.email);
    await add.getByTestId('add-member').click();
    await expect(page.locator('#member-email-error')).toHaveText('is already a member');

    await row.getByLabel(`Role of ${DEMO.viewer.email}`).selectOption('viewer');
    await row.getByTestId('change-role').click();
    await expect(row.getByTestId('member-role')).toHaveText('viewer');

    await row.getByText('Remove…').click();
    await expect(row.getByText(`Remove ${DEMO.viewer.email} from`)).toBeVisible();
    await row.getByTestId('member-remove-confirm').click();
    await expect(row).toHaveCount(0);
    const members = await (await page.request.get(`/api/admin/billing/workspaces/${slug}/members`)).json();
    expect(members.data.map((m: { email: string }) => m.email)).not.toContain(DEMO.viewer.email);
  });

  test('mail and Stripe: what is set, masked; the secret itself nowhere on the page', async ({ page }) => {
    await openSettings(page);
    // the plain e2e server: STRIPE_WEBHOOK_SECRET is set, no Stripe key, no Resend key
    await expect(page.getByTestId('stripe-configured')).toHaveAttribute('data-configured', 'false');
    await expect(page.getByTestId('stripe-secret-key')).toHaveAttribute('data-set', 'false');
    await expect(page.getByTestId('stripe-webhook-secret')).toHaveAttribute('data-set', 'true');
    await expect(page.getByTestId('stripe-webhook-secret')).toContainText('whsec_••••alue');
    await expect(page.getByTestId('settings-email')).toContainText('Sender');
    expect(await page.content()).not.toContain('whsec_e2e_webhook_secret_value');
  });

  test('on the server with Stripe configured: test mode, the key masked', async ({ browser }) => {
    const stripeBaseURL = process.env.E2E_STRIPE_BASE_URL;
    expect(stripeBaseURL, 'E2E_STRIPE_BASE_URL is not set: run the specs through npm run test:e2e').toBeTruthy();
    const context = await browser.newContext({ baseURL: stripeBaseURL });
    try {
      const page = await context.newPage();
      const login = new LoginPage(page);
      await login.goto('/admin/settings');
      await login.signInAsDemo('admin');
      await expect(page).toHaveURL(/\/admin\/settings$/);
      await expect(page.getByTestId('stripe-configured')).toHaveAttribute('data-configured', 'true');
      await expect(page.getByTestId('stripe-configured')).toHaveText('Test mode');
      await expect(page.getByTestId('stripe-mode')).toHaveText('test');
      await expect(page.getByTestId('stripe-secret-key')).toContainText('sk_test_••••_key');
      const html = await page.content();
      expect(html).not.toContain('sk_test_e2e_fake_stripe_key');
      expect(html).not.toContain('whsec_e2e_webhook_secret_value');
    } finally {
      await context.close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`at 375 px in the ${scheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      await openSettings(page);
      // the confirmations open, so their content is checked too
      for (const summary of await page.locator('[data-testid="api-key-revoke"] summary, [data-testid="member-remove"] summary').all()) await summary.click();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
