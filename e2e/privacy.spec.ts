// Privacy: the demo customer downloads everything held about them from their settings (read only:
// Acme is left as it is); an admin erases a customer this spec creates, refused inline while money is
// due, then done, the invoice staying as issued; the retention settings API refuses unknown fields and
// keeps what it is given. The customer page with its Data section at 375 px, light and dark, does not
// scroll sideways and axe finds nothing serious.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

test('the customer downloads all their data from their settings', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing$/);
  await page.goto('/billing/settings');
  const section = page.getByTestId('your-data');
  await expect(section).toBeVisible();

  const downloading = page.waitForEvent('download');
  await section.getByTestId('export-my-data').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customer-[0-9a-f-]{36}-\d{4}-\d{2}-\d{2}\.json$/);
  const document = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(document.customer).toMatchObject({ name: DEMO.customer.customerName });
  expect(document.users).toEqual([expect.objectContaining({ email: DEMO.customer.email })]);
  for (const kind of ['subscriptions', 'invoices', 'payments', 'usage_events', 'audit_entries']) expect(document[kind].length, kind).toBeGreaterThan(0);
  expect(document.invoices[0].lines.length).toBeGreaterThan(0);
  // only their own records
  for (const invoice of document.invoices) expect(invoice.customer_id).toBe(document.customer.id);

  // the route answers as an attachment, and not to someone signed out
  const response = await page.request.get('/api/billing/export');
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="customer-/);
  expect((await page.request.get('/api/admin/billing/retention')).status()).toBe(403);
});

test.describe('as the admin', () => {
  test.beforeEach(async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAsDemo('admin');
    await expect(page).toHaveURL(/\/admin$/);
  });

  test('erases a customer: refused inline while money is due, then done, the invoice kept as issued', async ({ page }) => {
    const tag = randomUUID().slice(0, 8);
    const email = `erasable-${tag}@privacy.example`;
    const name = `Erasable ${tag} GmbH`;
    const created = await page.request.post('/api/admin/billing/customers', { data: { name, email, external_id: `crm-erase-${tag}`, tax_id: 'DE123456789', country: 'DE', address_lines: [`${tag} Hauptstraße 1`] } });
    expect(created.status()).toBe(201);
    const customer = await created.json();
    const issued = await page.request.post('/api/billing/invoices', { data: { customer_id: customer.id, items: [{ description: 'Setup', quantity: '1', unit_price: '100.00' }], finalize: true } });
    expect(issued.status()).toBe(201);
    const invoice = await issued.json();
    const html = async () => (await page.request.get(`/api/billing/invoices/${invoice.id}/html`)).text();
    expect(await html()).toContain(name);

    await page.goto(`/admin/customers/${customer.id}`);
    const data = page.getByTestId('customer-data');
    await expect(data.getByTestId('export-customer')).toHaveAttribute('href', `/api/admin/billing/customers/${customer.id}/export`);
    const exported = await (await page.request.get(`/api/admin/billing/customers/${customer.id}/export`)).json();
    expect(exported.customer).toMatchObject({ id: customer.id, email });

    await data.getByText('Erase personal data…').click();
    await data.getByTestId('erase-reason').fill('Erasure requested by the customer');
    await data.getByTestId('erase-confirm').click();
    await expect(data.getByTestId('erase-error')).toContainText('open or draft invoices');
    // refused: nothing changed
    expect((await (await page.request.get(`/api/admin/billing/customers/${customer.id}`)).json()).email).toBe(email);

    // the API refuses an unknown field by name, and a missing reason
    const eraseUrl = `/api/admin/billing/customers/${customer.id}/erase`;
    const unknown = await page.request.post(eraseUrl, { data: { reason: 'x', reasn: 'typo' } });
    expect(unknown.status()).toBe(422);
    expect((await unknown.json()).error.details).toContainEqual(expect.objectContaining({ field: 'reasn' }));
    expect((await page.request.post(eraseUrl, { data: {} })).status()).toBe(422);

    expect((await page.request.patch(`/api/billing/invoices/${invoice.id}`, { data: { status: 'void' } })).status()).toBe(200);
    const htmlBefore = await html();
    await page.reload();
    await data.getByText('Erase personal data…').click();
    await data.getByTestId('erase-reason').fill('Erasure requested by the customer');
    await data.getByTestId('erase-confirm').click();
    // the page re-renders with the customer erased: the form gives way to when it happened
    await expect(data.getByTestId('erased')).toContainText('Personal data erased on');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erased customer');
    await expect(data.getByTestId('erased')).toBeVisible();
    await expect(data.getByTestId('erase')).toHaveCount(0);

    const after = await (await page.request.get(`/api/admin/billing/customers/${customer.id}`)).json();
    expect(after).toMatchObject({ name: 'Erased customer', email: '', external_id: null, tax_id: null, address_lines: [] });
    // the invoice as issued: the same document, the buyer as printed
    expect(await html()).toBe(htmlBefore);
    const again = await page.request.post(eraseUrl, { data: { reason: 'twice' } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.code).toBe('already_erased');
    // the export now holds the erased record, no sign-in, and the invoice with the buyer as printed
    const exportedAfter = await (await page.request.get(`/api/admin/billing/customers/${customer.id}/export`)).json();
    expect(exportedAfter.customer).toMatchObject({ name: 'Erased customer', email: '', tax_id: null });
    expect(exportedAfter.users).toEqual([]);
    expect(exportedAfter.invoices.map((i: { buyer: { name: string } }) => i.buyer.name)).toEqual([name]);

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 375, height: 812 });
      await page.reload();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    }
  });

  test('the erase form at 375 px, light and dark, before anything is erased', async ({ page }) => {
    const tag = randomUUID().slice(0, 8);
    const customer = await (await page.request.post('/api/admin/billing/customers', { data: { name: `Kept ${tag}`, email: `kept-${tag}@privacy.example` } })).json();
    await page.goto(`/admin/customers/${customer.id}`);
    await page.getByTestId('customer-data').getByText('Erase personal data…').click();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 375, height: 812 });
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    }
  });

  test('the retention settings: defaults, unknown fields refused by name, a change kept', async ({ page }) => {
    const url = '/api/admin/billing/retention';
    const before = await (await page.request.get(url)).json();
    expect(before.defaults).toEqual({ usage_events_days: 400, webhook_payloads_days: 30, email_bodies_days: 90, delivery_logs_days: 365 });
    const unknown = await page.request.patch(url, { data: { email_body_days: 30 } });
    expect(unknown.status()).toBe(422);
    expect((await unknown.json()).error.details).toContainEqual(expect.objectContaining({ field: 'email_body_days' }));
    const negative = await page.request.patch(url, { data: { usage_events_days: 0 } });
    expect(negative.status()).toBe(422);
    const changed = await page.request.patch(url, { data: { delivery_logs_days: null } });
    expect(changed.status()).toBe(200);
    expect(await changed.json()).toMatchObject({ delivery_logs_days: null, usage_events_days: before.usage_events_days });
    expect(await (await page.request.get(url)).json()).toMatchObject({ delivery_logs_days: null });
    // put back for the specs that follow
    const { usage_events_days, webhook_payloads_days, email_bodies_days, delivery_logs_days } = before;
    expect((await page.request.patch(url, { data: { usage_events_days, webhook_payloads_days, email_bodies_days, delivery_logs_days } })).status()).toBe(200);
  });
});
