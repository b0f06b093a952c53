// The audit log in the browser: the admin suspends and reactivates a customer on its page, then finds
// both changes on /admin/audit (filtered by that customer, through the filter form too), with who did
// it and the status before → after, and in the customer's own audit trail; an invoice's page shows its
// history; the API lists the same entries and names a filter it does not know. The demo customer is
// left as it was (active), so the specs after this one count what they always counted.
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

type ApiCustomer = { id: string; name: string; status: string };
type ApiEntry = { id: string; action: string; actor: { type: string; id: string | null }; entity_type: string; entity_id: string; changes: { before: Record<string, unknown> | null; after: Record<string, unknown> | null; reason: string | null } };

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

test('a suspension and reactivation made on the customer page are in the audit log, the customer’s trail and the API', async ({ page }) => {
  const customers = (await (await page.request.get('/api/admin/billing/customers?status=active&limit=100')).json()).data as ApiCustomer[];
  const customer = customers.find((c) => c.name !== DEMO.customer.customerName)!;
  expect(customer, 'an active demo customer other than Acme').toBeTruthy();

  await page.goto(`/admin/customers/${customer.id}`);
  await page.getByText('Suspend…').click();
  await page.getByTestId('suspend').click();
  await expect(page.getByTestId('status-outcome')).toHaveText('Customer suspended.');
  await page.getByTestId('reactivate').click();
  await expect(page.getByTestId('status-outcome')).toHaveText('Customer reactivated.');

  // the API: newest first, the admin as the actor, status before → after and why
  const listed = await page.request.get(`/api/admin/billing/audit-log?entity_type=customer&entity_id=${customer.id}&action=customer.updated&limit=2`);
  expect(listed.status()).toBe(200);
  const [reactivation, suspension] = (await listed.json()).data as ApiEntry[];
  expect(reactivation).toMatchObject({ action: 'customer.updated', actor: { type: 'user' }, entity_type: 'customer', entity_id: customer.id, changes: { before: { status: 'suspended' }, after: { status: 'active' }, reason: 'reactivated by hand' } });
  expect(suspension).toMatchObject({ changes: { before: { status: 'active' }, after: { status: 'suspended' }, reason: 'suspended by hand' } });
  const typo = await page.request.get(`/api/admin/billing/audit-log?entity=${customer.id}`);
  expect(typo.status()).toBe(422);
  expect((await typo.json()).error.details).toEqual([expect.objectContaining({ field: 'entity' })]);

  // /admin/audit, filtered through its form
  await page.goto('/admin/audit');
  const filters = page.getByTestId('audit-filters');
  await filters.getByLabel('Entity type').selectOption('customer');
  await filters.getByLabel('Entity id').fill(customer.id);
  await filters.getByLabel('Action').fill('customer.updated');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`entity_id=${customer.id}`));
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toHaveAttribute('data-entity-id', customer.id);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-action'), tr.getAttribute('data-entity-id')]).every(([a]) => a === 'customer.updated'))).toBe(true);
  const newest = rows.first();
  await expect(newest.getByTestId('audit-actor')).toHaveText(DEMO.admin.email);
  const status = newest.locator('[data-testid="audit-change"][data-field="status"]');
  await expect(status.locator('del')).toHaveText('suspended');
  await expect(status.locator('ins')).toHaveText('active');
  await expect(newest.getByTestId('audit-changes')).toContainText('Reason: reactivated by hand');
  await expect(rows.nth(1).locator('[data-testid="audit-change"][data-field="status"] ins')).toHaveText('suspended');

  // the entity links to its page, whose audit trail shows the same two entries
  await newest.getByTestId('audit-entity-link').click();
  await expect(page).toHaveURL(new RegExp(`/admin/customers/${customer.id}$`));
  const trail = page.getByTestId('customer-audit').getByTestId('audit-row').filter({ has: page.locator('[data-field="status"]') });
  await expect(trail.first().locator('[data-field="status"] ins')).toHaveText('active');
  await expect(trail.nth(1).locator('[data-field="status"] ins')).toHaveText('suspended');
  expect((await (await page.request.get(`/api/admin/billing/customers/${customer.id}`)).json()).status).toBe('active');
});

test('an invoice’s page shows its history, and the whole of it is one link away', async ({ page }) => {
  const [invoice] = (await (await page.request.get('/api/billing/invoices?status=paid&limit=1')).json()).data as { id: string; number: string }[];
  await page.goto(`/admin/invoices/${invoice!.id}`);
  const history = page.getByTestId('audit-history');
  await expect(history.getByTestId('audit-row').filter({ hasText: 'invoice.finalized' })).toHaveCount(1);
  await expect(history.getByTestId('audit-row').filter({ hasText: 'invoice.finalized' }).locator('[data-field="number"] ins')).toHaveText(invoice!.number);
  await history.getByTestId('audit-history-all').click();
  await expect(page).toHaveURL(new RegExp(`/admin/audit\\?entity_type=invoice&entity_id=${invoice!.id}`));
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-entity-id', invoice!.id);
});

test('a filter the page does not know, or a malformed one, is named; pages of ten move on', async ({ page }) => {
  for (const [query, field] of [['entity=customer', 'entity'], ['actor_type=robot', 'actor_type'], ['per_page=7', 'per_page'], ['action=not%20an%20action', 'action']]) {
    await page.goto(`/admin/audit?${query}`);
    await expect(page.getByTestId('audit-filter-error'), query).toContainText(`${field}:`);
  }
  await page.goto('/admin/audit?per_page=10');
  await expect(page.getByTestId('audit-row')).toHaveCount(10);
  const first = await page.getByTestId('audit-row').evaluateAll((trs) => trs.map((tr) => tr.textContent));
  await page.getByTestId('audit-pages').getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/page=2/);
  const second = await page.getByTestId('audit-row').evaluateAll((trs) => trs.map((tr) => tr.textContent));
  expect(second.filter((row) => first.includes(row))).toEqual([]);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the audit log with its diffs at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme });
    await page.goto('/admin/audit?entity_type=customer');
    await expect(page.getByTestId('audit-row').first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
