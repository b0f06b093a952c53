// The admin catalog and customer contract against the production server: an operator builds a metric,
// a plan, a customer and a subscription imported from two months ago, bills it with process-monthly
// and gets exactly the invoices for the two periods that have ended; a plan change makes version 2
// without touching what was issued; customers are kept out of every admin route.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO } from './pages/demo-users';

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  return context;
}

/** YYYY-MM-DD two calendar months before today (UTC), clamped to the month's last day as billing does. */
function twoMonthsAgo(): string {
  const today = new Date();
  const monthIndex = today.getUTCFullYear() * 12 + today.getUTCMonth() - 2;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(today.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

test.describe('API: plans, customers, subscriptions and revenue (admin)', () => {
  // each run makes its own codes, so the spec also passes against a database an earlier run left behind
  const suffix = Date.now().toString(36);
  const metricCode = `e2e_calls_${suffix}`;
  const planCode = `e2e_plan_${suffix}`;
  const externalId = `e2e-crm-${suffix}`;
  let admin: APIRequestContext;
  let customer: APIRequestContext;
  let anonymous: APIRequestContext;
  let customerId: string;
  let subscriptionId: string;

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedIn(baseURL!, DEMO.admin);
    customer = await signedIn(baseURL!, DEMO.customer);
    anonymous = await request.newContext({ baseURL: baseURL! });
  });

  test.afterAll(async () => {
    await Promise.all([admin.dispose(), customer.dispose(), anonymous.dispose()]);
  });

  test('an admin creates a metric and a plan; duplicates are 409, bad charges 422 naming the field', async () => {
    const metric = await admin.post('/api/admin/billing/metrics', { data: { code: metricCode, name: 'E2E calls', unit: 'call', aggregation: 'sum' } });
    expect(metric.status()).toBe(201);

    const plan = {
      code: planCode,
      name: 'E2E Starter',
      currency: 'USD',
      interval: 'month',
      trial_days: 0,
      charges: [
        { metric: null, model: 'flat', amount: '49.00', description: 'Starter plan' },
        { metric: metricCode, model: 'per_unit', unit_price: '0.0020', included_units: '1000', description: 'Calls over 1,000' },
      ],
    };
    const created = await admin.post('/api/admin/billing/plans', { data: plan });
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({
      code: planCode,
      version: 1,
      is_current: true,
      currency: 'usd',
      interval: 'month',
      interval_count: 1,
      trial_days: 0,
      charges: [
        { metric: null, model: 'flat', amount: '49', description: 'Starter plan' },
        { metric: metricCode, model: 'per_unit', unit_price: '0.002', included_units: '1000', description: 'Calls over 1,000' },
      ],
    });
    expect((await admin.post('/api/admin/billing/plans', { data: plan })).status()).toBe(409);

    const badCharge = await admin.post('/api/admin/billing/plans', { data: { ...plan, code: `${planCode}_bad`, charges: [{ metric: metricCode, model: 'package', amount: '5' }] } });
    expect(badCharge.status()).toBe(422);
    expect((await badCharge.json()).error.details).toContainEqual(expect.objectContaining({ field: 'charges.0' }));
    const badAmount = await admin.post('/api/admin/billing/plans', { data: { ...plan, code: `${planCode}_bad`, charges: [{ metric: null, model: 'flat', amount: 'ten' }] } });
    expect((await badAmount.json()).error.details).toContainEqual(expect.objectContaining({ field: 'charges.0.amount' }));

    const listed = await (await admin.get('/api/admin/billing/plans')).json();
    expect(listed.data.filter((p: { code: string }) => p.code === planCode)).toHaveLength(1);
  });

  test('a calendar plan billed in advance invoices its prorated first fee the moment the subscription starts', async () => {
    const plan = { code: `${planCode}_cal`, name: 'E2E Calendar', currency: 'usd', interval: 'month', billing_alignment: 'calendar', pay_in_advance: true, charges: [{ metric: null, model: 'flat', amount: '31', description: 'Seat' }] };
    const created = await admin.post('/api/admin/billing/plans', { data: plan });
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({ billing_alignment: 'calendar', pay_in_advance: true });
    const quarterly = await admin.post('/api/admin/billing/plans', { data: { ...plan, code: `${planCode}_cal2`, interval_count: 3 } });
    expect(quarterly.status()).toBe(422);
    expect((await quarterly.json()).error.details).toContainEqual(expect.objectContaining({ field: 'billing_alignment' }));

    const buyer = await (await admin.post('/api/admin/billing/customers', { data: { name: 'E2E Calendar Ltd', email: `calendar-${suffix}@example.com`, currency: 'usd', tax_rate: '0' } })).json();
    const subscription = await (await admin.post('/api/admin/billing/subscriptions', { data: { customer_id: buyer.id, plan_code: plan.code } })).json();
    // the first period runs to the 1st of next month at midnight UTC
    const end = new Date(subscription.current_period_end);
    expect([end.getUTCDate(), end.getUTCHours(), end.getUTCMinutes()]).toEqual([1, 0, 0]);
    const invoices = await (await admin.get(`/api/billing/invoices?customer_id=${buyer.id}`)).json();
    expect(invoices.data).toHaveLength(1);
    const [advance] = invoices.data;
    expect(advance).toMatchObject({ status: 'open', period_start: subscription.current_period_start, period_end: subscription.current_period_end, number: expect.stringMatching(/^INV-/) });
    const total = Number(advance.total);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(31);
    const full = await (await admin.get(`/api/billing/invoices/${advance.id}`)).json();
    expect(full.lines[0].description).toMatch(/^Seat( \(prorated: [\d.]+ of (28|29|30|31) days\))?$/);
  });

  test('an admin creates, finds and edits a customer; bad fields are 422, a taken external_id 409', async () => {
    const body = { external_id: externalId, name: 'E2E Imports Ltd', email: `billing+${suffix}@imports.example`, currency: 'USD', country: 'nl', tax_rate: '0' };
    const created = await admin.post('/api/admin/billing/customers', { data: body });
    expect(created.status()).toBe(201);
    const view = await created.json();
    expect(view).toMatchObject({ external_id: externalId, currency: 'usd', country: 'NL', tax_rate: '0', tax_exempt: false, payment_method: 'card', status: 'active', created: expect.any(String) });
    customerId = view.id;

    expect((await admin.post('/api/admin/billing/customers', { data: { ...body, email: 'other@imports.example' } })).status()).toBe(409);
    const invalid = await admin.post('/api/admin/billing/customers', { data: { ...body, external_id: undefined, email: 'nope', tax_rate: '21', country: 'EU' } });
    expect(invalid.status()).toBe(422);
    const fields = (await invalid.json()).error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['country', 'email', 'tax_rate']);

    const found = await (await admin.get(`/api/admin/billing/customers?query=${encodeURIComponent(externalId.toUpperCase())}`)).json();
    expect(found).toMatchObject({ data: [{ id: customerId }], has_more: false });
    expect((await admin.get(`/api/admin/billing/customers/${customerId}`)).status()).toBe(200);
    expect((await admin.get('/api/admin/billing/customers/00000000-0000-4000-8000-000000000000')).status()).toBe(404);
    const patched = await admin.patch(`/api/admin/billing/customers/${customerId}`, { data: { address_lines: ['Damrak 1', 'Amsterdam'] } });
    expect(await patched.json()).toMatchObject({ name: 'E2E Imports Ltd', address_lines: ['Damrak 1', 'Amsterdam'] });
  });

  test('a subscription started two months ago is billed for exactly its two ended periods, once', async () => {
    const start = twoMonthsAgo();
    const created = await admin.post('/api/admin/billing/subscriptions', { data: { customer_id: customerId, plan_code: planCode, start_date: start } });
    expect(created.status()).toBe(201);
    const subscription = await created.json();
    expect(subscription).toMatchObject({ customer_id: customerId, plan_code: planCode, status: 'active', amount: '49.00', currency: 'usd', interval: 'month', cancel_at_period_end: false });
    // rolled over at once to the period holding today; the two before it are due
    expect(new Date(subscription.current_period_start).getTime()).toBeGreaterThan(new Date(`${start}T00:00:00Z`).getTime());
    subscriptionId = subscription.id;
    expect((await admin.post('/api/admin/billing/subscriptions', { data: { customer_id: customerId, plan_code: planCode } })).status()).toBe(409);

    const billed = await admin.post('/api/billing/process-monthly', { data: { customer_id: customerId } });
    expect(billed.status()).toBe(200);
    const run = await billed.json();
    expect(run).toMatchObject({ invoiced: 2, failed: 0 });
    const invoices = [...run.invoices].sort((a: { period_start: string }, b: { period_start: string }) => a.period_start.localeCompare(b.period_start));
    expect(invoices).toHaveLength(2);
    expect(invoices[0]).toMatchObject({ customer_id: customerId, status: 'open', period_start: `${start}T00:00:00.000Z`, subtotal: '49.00', tax: '0.00', total: '49.00', number: expect.stringMatching(/^INV-\d{4}-\d{4}$/) });
    expect(invoices[1]).toMatchObject({ period_start: invoices[0].period_end, total: '49.00' });
    expect(new Date(invoices[1].period_end).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await (await admin.post('/api/billing/process-monthly', { data: { customer_id: customerId } })).json())).toMatchObject({ invoiced: 0, invoices: [] });

    const listed = await (await admin.get(`/api/admin/billing/subscriptions?status=active&limit=100`)).json();
    const mine = listed.data.find((s: { id: string }) => s.id === subscriptionId);
    expect(mine).toMatchObject({ current_period_start: invoices[1].period_end, current_period_end: subscription.current_period_end });
  });

  test('a PATCH makes plan version 2; issued invoices and the open period keep version 1', async () => {
    const patched = await admin.patch(`/api/admin/billing/plans/${planCode}`, { data: { name: 'E2E Starter 2', charges: [{ metric: null, model: 'flat', amount: '59', description: 'Starter plan' }] } });
    expect(patched.status()).toBe(200);
    expect(await patched.json()).toMatchObject({ code: planCode, version: 2, is_current: true, name: 'E2E Starter 2', charges: [{ model: 'flat', amount: '59' }] });

    const withVersions = await (await admin.get(`/api/admin/billing/plans/${planCode}?include_versions=true`)).json();
    expect(withVersions).toMatchObject({ version: 2, versions: [{ version: 2, is_current: true }, { version: 1, is_current: false, charges: [{ amount: '49' }, { unit_price: '0.002' }] }] });
    const current = await (await admin.get('/api/admin/billing/plans')).json();
    expect(current.data.filter((p: { code: string }) => p.code === planCode).map((p: { version: number }) => p.version)).toEqual([2]);

    const badPatch = await admin.patch(`/api/admin/billing/plans/${planCode}`, { data: { charges: [{ metric: null, model: 'flat' }] } });
    expect(badPatch.status()).toBe(422);
    expect((await badPatch.json()).error.details).toContainEqual(expect.objectContaining({ field: 'charges.0' }));
    expect((await admin.patch('/api/admin/billing/plans/no_such_plan_e2e', { data: { name: 'x' } })).status()).toBe(404);

    const subscription = await (await admin.get(`/api/admin/billing/subscriptions/${subscriptionId}`)).json();
    expect(subscription).toMatchObject({ plan_code: planCode, plan_version: 1, amount: '49.00' });
    const invoices = await (await admin.get(`/api/billing/invoices?customer_id=${customerId}`)).json();
    expect(invoices.data.map((i: { total: string }) => i.total)).toEqual(['49.00', '49.00']);
  });

  test('cancel at period end and resume; stats and recent charges answer in their shapes', async () => {
    const cancelled = await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { cancel_at_period_end: true } });
    expect(await cancelled.json()).toMatchObject({ cancel_at_period_end: true, status: 'active' });
    const resumed = await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { cancel_at_period_end: false } });
    expect(await resumed.json()).toMatchObject({ cancel_at_period_end: false });
    expect((await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { cancel_at_period_end: 'soon' } })).status()).toBe(422);

    const stats = await (await admin.get('/api/admin/billing/stats')).json();
    expect(stats).toMatchObject({
      total_customers: expect.any(Number),
      active_subscriptions: expect.any(Number),
      trial_subscriptions: expect.any(Number),
      past_due_subscriptions: expect.any(Number),
      mrr: expect.stringMatching(/^\d+\.\d{2}$/),
      arr: expect.stringMatching(/^\d+\.\d{2}$/),
      currency: 'usd',
    });
    expect(stats.tier_breakdown[planCode]).toMatchObject({ count: 1, revenue: '49.00' });

    const charges = await (await admin.get('/api/admin/billing/recent-charges?limit=5')).json();
    expect(Array.isArray(charges.data)).toBe(true);
    expect(charges.data.length).toBeLessThanOrEqual(5);
    for (const charge of charges.data) {
      expect(charge).toMatchObject({ id: expect.any(String), invoice_id: expect.any(String), customer_id: expect.any(String), amount: expect.any(String), currency: expect.any(String), status: expect.any(String), method: expect.any(String), created: expect.any(String), refunded: expect.any(Boolean) });
    }
    expect((await admin.get('/api/admin/billing/recent-charges?limit=500')).status()).toBe(422);
  });

  test('a plan change now moves the subscription to the new plan; bad changes are refused', async () => {
    expect((await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { plan_code: 'starter', cancel_at_period_end: true } })).status()).toBe(422);
    expect((await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { plan_code: planCode } })).status()).toBe(409);
    expect((await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { plan_code: 'vigint_weekly' } })).status()).toBe(422); // bills in EUR
    const before = await (await admin.get(`/api/admin/billing/subscriptions/${subscriptionId}`)).json();
    const changed = await admin.patch(`/api/admin/billing/subscriptions/${subscriptionId}`, { data: { plan_code: 'starter' } });
    expect(changed.status()).toBe(200);
    const after = await changed.json();
    expect(after).toMatchObject({ plan_code: 'starter', current_period_end: before.current_period_end });
    expect(new Date(after.current_period_start).getTime()).toBeGreaterThan(new Date(before.current_period_start).getTime());
  });

  test('a customer session gets 403 on every admin catalog route, no session 401', async () => {
    const routes: [string, 'get' | 'post' | 'patch', Record<string, unknown>?][] = [
      ['/api/admin/billing/plans', 'get'],
      ['/api/admin/billing/plans', 'post', { code: 'x', name: 'x', currency: 'usd', interval: 'month', charges: [] }],
      [`/api/admin/billing/plans/${planCode}`, 'get'],
      [`/api/admin/billing/plans/${planCode}`, 'patch', { name: 'Hijacked' }],
      ['/api/admin/billing/customers', 'get'],
      ['/api/admin/billing/customers', 'post', { name: 'x', email: 'x@example.com' }],
      [`/api/admin/billing/customers/${customerId}`, 'get'],
      [`/api/admin/billing/customers/${customerId}`, 'patch', { name: 'Hijacked' }],
      ['/api/admin/billing/subscriptions', 'get'],
      ['/api/admin/billing/subscriptions', 'post', { customer_id: customerId, plan_code: planCode }],
      [`/api/admin/billing/subscriptions/${subscriptionId}`, 'patch', { cancel_at_period_end: true }],
      ['/api/admin/billing/stats', 'get'],
      ['/api/admin/billing/recent-charges', 'get'],
    ];
    for (const [path, method, data] of routes) {
      expect((await customer[method](path, data ? { data } : {})).status(), `${method} ${path}`).toBe(403);
      expect((await anonymous[method](path, data ? { data } : {})).status(), `${method} ${path}`).toBe(401);
    }
    // nothing the customer sent got through
    expect(await (await admin.get(`/api/admin/billing/plans/${planCode}`)).json()).toMatchObject({ name: 'E2E Starter 2', version: 2 });
    expect(await (await admin.get(`/api/admin/billing/subscriptions/${subscriptionId}`)).json()).toMatchObject({ cancel_at_period_end: false });
  });
});
