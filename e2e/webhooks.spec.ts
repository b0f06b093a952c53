// The /admin/webhooks page in the browser: the demo admin adds an endpoint (errors beside their
// fields, the signing secret shown once), disables and enables it, and deletes it after confirming;
// the form works without JavaScript; at 375 px the page does not scroll sideways and axe finds no
// serious violation. The endpoint's URL is a public IP literal: the e2e server allows no private URLs
// and needs no DNS for it. Nothing is delivered here (the integration suite does that over HTTP).
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

test.describe('the webhooks page', () => {
  const run = randomUUID().slice(0, 8);
  const url = `https://93.184.215.14/e2e/${run}`;

  test.beforeEach(async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signInAsDemo('admin');
    await expect(page).toHaveURL(/\/admin$/);
  });

  test('the demo admin adds an endpoint, sees its secret once, disables, enables and deletes it', async ({ page }) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks$/);
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

    const form = page.getByTestId('webhook-create-form');
    // no event chosen: said beside the events
    await form.getByLabel('Endpoint URL').fill(url);
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    await expect(form.getByText('Choose at least one event type, or all events.')).toBeVisible();

    // a private address: said beside the URL
    await form.getByLabel('Endpoint URL').fill('https://10.0.0.1/hooks');
    await form.getByLabel('invoice.finalized').check();
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    await expect(form.getByLabel('Endpoint URL')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('#webhook-url-error')).toContainText('private');

    // keyboard only from the URL field
    await form.getByLabel('Endpoint URL').fill(url);
    await form.getByLabel('invoice.finalized').check();
    await form.getByLabel('invoice.paid').check();
    await form.getByLabel(/Description/).fill(`E2E ${run}`);
    await form.getByLabel(/Description/).press('Tab');
    await expect(form.getByRole('button', { name: 'Create endpoint' })).toBeFocused();
    await page.keyboard.press('Enter');

    const secret = page.getByTestId('webhook-secret');
    await expect(secret).toContainText('whsec_');
    const endpoint = page.getByTestId('webhook-endpoint').filter({ hasText: url });
    await expect(endpoint).toHaveCount(1);
    await expect(endpoint).toContainText('invoice.finalized, invoice.paid');
    await expect(endpoint.getByTestId('status-badge').first()).toHaveText('Enabled');
    await expect(endpoint.getByTestId('webhook-delivery-table')).toContainText('No deliveries yet');

    // the secret is not shown again
    await page.reload();
    await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('whsec_');

    await endpoint.getByTestId('webhook-toggle').click();
    await expect(endpoint.getByTestId('status-badge').first()).toHaveText('Disabled');
    await expect(endpoint).toContainText('disabled by an admin');
    await endpoint.getByTestId('webhook-toggle').click();
    await expect(endpoint.getByTestId('status-badge').first()).toHaveText('Enabled');

    // deleting asks first
    await endpoint.getByText('Delete…').click();
    await endpoint.getByTestId('webhook-delete').click();
    await expect(page.getByTestId('webhook-endpoint').filter({ hasText: url })).toHaveCount(0);

    // the API agrees
    const listed = await (await page.request.get('/api/admin/billing/webhook-endpoints')).json();
    expect(listed.data.map((e: { url: string }) => e.url)).not.toContain(url);
  });

  test('without JavaScript the form still creates an endpoint and shows its secret', async ({ browser, page }) => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
    const plain = await noScript.newPage();
    await plain.goto('/admin/webhooks');
    const form = plain.getByTestId('webhook-create-form');
    await form.getByLabel('Endpoint URL').fill(`${url}/plain`);
    await form.getByLabel('All events (also types added later)').check();
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    await expect(plain.getByTestId('webhook-secret')).toContainText('whsec_');
    await expect(plain.getByTestId('webhook-endpoint').filter({ hasText: `${url}/plain` })).toContainText('All events');
    await noScript.close();
    // tidy up through the API
    const listed = await (await page.request.get('/api/admin/billing/webhook-endpoints')).json();
    for (const e of listed.data as { id: string; url: string }[]) if (e.url.startsWith(url)) await page.request.delete(`/api/admin/billing/webhook-endpoints/${e.id}`);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
      // an endpoint with a long URL, so the card and its (empty) delivery log are on the page
      const created = await page.request.post('/api/admin/billing/webhook-endpoints', {
        data: { url: `https://93.184.215.14/a/rather/long/path/for/a/phone/screen/${run}/${colorScheme}?with=query&and=more`, events: ['*'], description: 'Phone layout check' },
      });
      expect(created.status()).toBe(201);
      await page.setViewportSize({ width: 375, height: 812 });
      await page.emulateMedia({ colorScheme });
      await page.goto('/admin/webhooks');
      await expect(page.getByTestId('webhook-endpoint').first()).toBeVisible();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.request.delete(`/api/admin/billing/webhook-endpoints/${(await created.json()).id}`);
    });
  }
});
