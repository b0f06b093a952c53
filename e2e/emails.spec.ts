// The admin's emails in the browser: /admin/emails lists the demo's messages, the first opens (by
// keyboard) on its own page with the subject and the HTML body in a sandboxed frame, the status filter
// narrows the list, a filter the list does not know is explained; the API answers the same; at 375 px
// neither page scrolls sideways and axe finds no serious violation. And the Resend webhook refuses to
// act without its secret (the e2e server runs without RESEND_WEBHOOK_SECRET).
import { expect, request, test, type Page } from '@playwright/test';
import { seriousViolations as pageViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';
import { focusWhenShown } from './pages/focus';

/** The page's own markup: the email inside its sandboxed frame is not checked as the page. */
const seriousViolations = (page: Page) => pageViolations(page, { iframes: false });

/** How wide the document is, whoever looks at it: wider than the viewport means the page scrolls sideways. */
const documentWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * The list's rows of emails already rendered, which have an HTML body to show. An earlier spec may
 * have queued one a moment ago (Run now queues upcoming-invoice emails), and the list is newest first.
 */
const renderedRows = (page: Page) => page.getByTestId('email-row').filter({ hasNotText: '(not rendered yet)' });

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

test('the emails page lists the demo’s messages and opens one with its subject and HTML body', async ({ page }) => {
  await page.getByRole('link', { name: 'Emails', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/emails$/);
  const rows = page.getByTestId('email-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(1);

  // by keyboard: the subject is the row's link
  const link = renderedRows(page).first().getByRole('link');
  const subject = (await link.textContent())!.trim();
  await focusWhenShown(link);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/emails\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);
  const frame = page.getByTestId('email-html');
  await expect(frame).toBeVisible();
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(frame).toHaveAttribute('title', /^HTML body of the email/);
  await expect(page.getByTestId('email-status').getByTestId('status-badge')).toBeVisible();

  await page.getByRole('link', { name: '← All emails' }).click();
  await expect(page).toHaveURL(/\/admin\/emails$/);
});

test('the status filter narrows the list; an unknown filter is explained', async ({ page }) => {
  await page.goto('/admin/emails');
  const rows = page.getByTestId('email-row');
  await expect(rows.first()).toBeVisible();
  const status = (await rows.first().getAttribute('data-status'))!;

  await page.getByLabel('Status', { exact: true }).selectOption(status);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]status=${status}(&|$)`));
  await expect(rows.first()).toBeVisible();
  const statuses = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-status')));
  expect(new Set(statuses)).toEqual(new Set([status]));
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue(status);

  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/admin\/emails$/);

  await page.goto('/admin/emails?status=sending');
  await expect(page.getByTestId('email-filter-error')).toContainText('status');
  await expect(rows).toHaveCount(0);
});

test('the emails API lists and shows the same messages and names a bad filter', async ({ page }) => {
  const listed = await page.request.get('/api/admin/billing/emails?limit=5');
  expect(listed.status()).toBe(200);
  const body = await listed.json();
  expect(body.data.length).toBeGreaterThanOrEqual(1);
  const [email] = body.data;
  expect(email).toMatchObject({ id: expect.any(String), type: expect.any(String), to: expect.any(Array), status: expect.stringMatching(/^(queued|sent|failed|not_configured)$/) });
  expect(email).not.toHaveProperty('html');
  const shown = await (await page.request.get(`/api/admin/billing/emails/${email.id}`)).json();
  expect(shown).toMatchObject({ id: email.id, to: email.to, attachments: expect.any(Array) });
  // null until the message is rendered; the list never carries them
  expect(shown).toHaveProperty('html');
  expect(shown).toHaveProperty('text');
  expect((await page.request.get('/api/admin/billing/emails/00000000-0000-4000-8000-00000000beef')).status()).toBe(404);

  const refused = await page.request.get('/api/admin/billing/emails?status=delivered&type=newsletter');
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.details.map((d: { field: string }) => d.field).sort()).toEqual(['status', 'type']);
});

test('at 375 px the list and an email neither scroll sideways nor have serious axe violations', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/admin/emails');
  await expect(page.getByTestId('email-row').first()).toBeVisible();
  expect(await documentWidth(page)).toBeLessThanOrEqual(375);
  expect(await seriousViolations(page)).toEqual([]);

  await renderedRows(page).first().getByRole('link').click();
  await expect(page.getByTestId('email-html')).toBeVisible();
  expect(await documentWidth(page)).toBeLessThanOrEqual(375);
  expect(await seriousViolations(page)).toEqual([]);
});

test('the Resend webhook answers 503 and changes nothing without RESEND_WEBHOOK_SECRET', async ({ baseURL }) => {
  const anonymous = await request.newContext({ baseURL });
  const answer = await anonymous.post('/api/billing/resend-webhook', {
    // refused before its signature is looked at, so its times need not be real
    data: { type: 'email.bounced', created_at: '2026-01-01T00:00:00.000Z', data: { email_id: 'x', to: ['a@example.com'] } },
    headers: { 'svix-id': 'msg_e2e', 'svix-timestamp': '1767225600', 'svix-signature': 'v1,forged' },
  });
  expect(answer.status()).toBe(503);
  expect((await answer.json()).error.code).toBe('resend_not_configured');
  await anonymous.dispose();
});
