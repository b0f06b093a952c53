// The pricing simulator: in the browser, the demo admin opens /admin/pricing, raises API Growth's base
// fee, runs the simulation and sees every customer's old and new subtotal, the revenue change and who
// pays more, sorts by the change and by customer with the keyboard; bad charges are listed by field
// path; at 375 px the page does not scroll sideways and axe finds no serious violation. Over HTTP: the
// route answers as the page does, writes nothing, and a viewer may run it while other POSTs stay 403.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';
import { focusWhenShown } from './pages/focus';

const DEFAULT_WORKSPACE_ID = '00000000-0000-4000-8000-000000000001';
// API Growth's base fee raised by this much: every customer's period pays exactly it more (no proration)
const RAISE = 50;

type Charge = { metric: string | null; model: string; amount?: string };
type Simulation = { data: { customer_id: string; current_subtotal: string; simulated_subtotal: string; delta: string }[]; totals: { current_subtotal: string; simulated_subtotal: string; delta: string; currency: string } };

const raised = (charges: Charge[]) => charges.map((c) => (c.model === 'flat' ? { ...c, amount: (Number(c.amount) + RAISE).toFixed(2) } : c));
const dollars = (amount: number) => `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: { email: user.email, password: user.password } })).status()).toBe(200);
  return context;
}

test.describe('the pricing simulator', () => {
  test('the demo admin raises a price and sees who pays more, sorted by the change', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto('/admin/pricing');
    await login.signInAsDemo('admin');
    await expect(page).toHaveURL(/\/admin\/pricing$/);
    await expect(page.getByRole('heading', { name: 'Pricing', level: 1 })).toBeVisible();

    const form = page.getByTestId('simulator-form');
    await form.getByLabel('Plan', { exact: true }).selectOption('api_growth');
    const editor = form.getByLabel('Proposed charges (JSON)');
    const charges = JSON.parse(await editor.inputValue()) as Charge[];
    expect(charges.find((c) => c.model === 'flat')?.amount).toBe('99');

    // a mistake first: listed under the editor by its field path, nothing run
    await editor.fill(JSON.stringify([{ ...charges[0], amount: '99.5.0' }, ...charges.slice(1)]));
    await form.getByRole('button', { name: 'Run simulation' }).click();
    await expect(form.getByTestId('simulator-field-errors')).toContainText('charges.0.amount');
    await expect(editor).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('simulator-result')).toHaveCount(0);

    await editor.fill(JSON.stringify(raised(charges), null, 2));
    await form.getByRole('button', { name: 'Run simulation' }).click();
    const result = page.getByTestId('simulator-result');
    await expect(result).toBeVisible();
    const rows = result.getByTestId('simulator-row');
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    // every customer pays the raise more, and is marked as paying more
    await expect(result.getByTestId('simulator-delta')).toHaveText(Array(count).fill(`+${dollars(RAISE)}pays more`));
    await expect(result.getByTestId('simulator-total-delta')).toHaveText(`+${dollars(RAISE * count)}`);
    await expect(result.getByTestId('simulator-paying-more')).toHaveText(`${count} of ${count}`);
    await expect(rows.and(page.locator('[data-pays-more="true"]'))).toHaveCount(count);

    // sorted by the change (largest first) to start; the customer column sorts by name, by keyboard too
    const changeHeader = result.getByRole('columnheader', { name: /Change/ });
    await expect(changeHeader).toHaveAttribute('aria-sort', 'descending');
    const byCustomer = result.getByTestId('simulator-sort-customer');
    await focusWhenShown(byCustomer);
    await page.keyboard.press('Enter');
    await expect(result.getByRole('columnheader', { name: /Customer/ })).toHaveAttribute('aria-sort', 'ascending');
    const names = await rows.locator('td:first-child').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await page.keyboard.press('Enter');
    await expect(result.getByRole('columnheader', { name: /Customer/ })).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts()).toEqual([...names].reverse());
    await result.getByTestId('simulator-sort-delta').click();
    await expect(changeHeader).toHaveAttribute('aria-sort', 'descending');

    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('over HTTP: the same answer, nothing written, and a viewer may simulate but not change anything', async ({ baseURL }) => {
    const admin = await signedIn(baseURL!, DEMO.admin);
    const plan = (await (await admin.get('/api/admin/billing/plans/api_growth')).json()) as { charges: Charge[] };
    const invoicesBefore = await (await admin.get('/api/billing/invoices?limit=100')).text();

    const answer = await admin.post('/api/admin/billing/simulations', { data: { plan_code: 'api_growth', charges: raised(plan.charges) } });
    expect(answer.status()).toBe(200);
    const simulation = (await answer.json()) as Simulation;
    expect(simulation.data.length).toBeGreaterThan(0);
    for (const row of simulation.data) expect(Number(row.simulated_subtotal) - Number(row.current_subtotal)).toBeCloseTo(RAISE, 6);
    expect(simulation.totals).toMatchObject({ currency: 'usd', delta: (RAISE * simulation.data.length).toFixed(2) });
    expect(await (await admin.get('/api/billing/invoices?limit=100')).text()).toBe(invoicesBefore);

    const bad = await admin.post('/api/admin/billing/simulations', { data: { plan_code: 'api_growth', charges: [{ metric: 'api_calls', model: 'per_unit', unit_price: '-1' }], dry_run: true } });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.details.map((d: { field: string }) => d.field).sort()).toEqual(['charges.0.unit_price', 'dry_run']);
    expect((await admin.post('/api/admin/billing/simulations', { data: { plan_code: 'no_such_plan', charges: [] } })).status()).toBe(404);

    // the demo customer, made a viewer of the default workspace for this test
    const members = `/api/admin/billing/workspaces/${DEFAULT_WORKSPACE_ID}/members`;
    const added = await admin.post(members, { data: { email: DEMO.customer.email, role: 'viewer' } });
    expect(added.status()).toBe(201);
    const viewerId = (await added.json()).user_id as string;
    try {
      const viewer = await signedIn(baseURL!, DEMO.customer);
      const asViewer = await viewer.post('/api/admin/billing/simulations', { data: { plan_code: 'api_growth', charges: raised(plan.charges) } });
      expect(asViewer.status()).toBe(200);
      expect(((await asViewer.json()) as Simulation).totals).toEqual(simulation.totals);
      // every other POST still refuses a viewer
      expect((await viewer.post('/api/admin/billing/customers', { data: { name: 'Nope', email: 'nope@example.com' } })).status()).toBe(403);
      expect((await viewer.post('/api/admin/billing/plans', { data: { code: 'viewer_plan', name: 'No', currency: 'usd', interval: 'month', charges: [] } })).status()).toBe(403);
    } finally {
      expect((await admin.delete(`${members}/${viewerId}`)).status()).toBe(200);
    }
  });
});
