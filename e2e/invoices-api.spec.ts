// The invoicing contract against the production server: invoices (list, read, one-time, status
// changes), process-monthly, and the automated-billing route as Vercel Cron and admins call it.
import { expect, request, test, type APIRequestContext } from '@playwright/test';

const ADMIN = { email: 'admin@example.com', password: 'demo-admin' };
const CUSTOMER = { email: 'customer@example.com', password: 'demo-customer' };
const CRON_SECRET = 'e2e-cron-secret-value-123456'; // scripts/e2e.mjs starts the server with it

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  return context;
}

test.describe('API: invoices and billing runs', () => {
  let admin: APIRequestContext;
  let customer: APIRequestContext;
  let anonymous: APIRequestContext;
  let customerId: string;

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedIn(baseURL!, ADMIN);
    customer = await signedIn(baseURL!, CUSTOMER);
    anonymous = await request.newContext({ baseURL: baseURL! });
    customerId = (await (await customer.get('/api/billing/usage')).json()).customer_id;
  });

  test.afterAll(async () => {
    await Promise.all([admin.dispose(), customer.dispose(), anonymous.dispose()]);
  });

  test('customers list and read their own invoices only; admins see everyone’s', async () => {
    const own = await (await customer.get('/api/billing/invoices')).json();
    expect(own.data.length).toBeGreaterThan(0);
    expect(own.data.length).toBeLessThanOrEqual(10);
    expect(own.data.every((i: { customer_id: string; status: string }) => i.customer_id === customerId && i.status !== 'draft')).toBe(true);
    const first = own.data[0];
    expect(first).toMatchObject({ number: expect.stringMatching(/^INV-\d{4}-\d{4}$/), currency: 'usd', total: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(first.lines.length).toBeGreaterThan(0);

    const all = await (await admin.get('/api/billing/invoices?limit=100')).json();
    const foreign = all.data.find((i: { customer_id: string }) => i.customer_id !== customerId);
    expect(foreign).toBeTruthy();
    expect((await customer.get(`/api/billing/invoices/${foreign.id}`)).status()).toBe(404);
    expect((await admin.get(`/api/billing/invoices/${foreign.id}`)).status()).toBe(200);
    expect((await customer.get('/api/billing/invoices/not-an-id')).status()).toBe(404);
    expect((await anonymous.get('/api/billing/invoices')).status()).toBe(401);

    // paging: two pages of one never repeat an invoice
    const page1 = await (await admin.get('/api/billing/invoices?limit=1')).json();
    const page2 = await (await admin.get(`/api/billing/invoices?limit=1&starting_after=${page1.data[0].id}`)).json();
    expect(page1.has_more).toBe(true);
    expect(page2.data[0].id).not.toBe(page1.data[0].id);
  });

  test('a one-time invoice: draft, finalized with a number, paid by bank transfer, then closed to changes', async () => {
    const created = await admin.post('/api/billing/invoices', {
      data: { customer_id: customerId, items: [{ description: 'Onboarding workshop', quantity: '2', unit_price: '450.00' }], due_days: 30 },
    });
    expect(created.status()).toBe(201);
    const draft = await created.json();
    expect(draft).toMatchObject({ status: 'draft', number: null, subtotal: '900.00', total: '900.00', lines: [{ description: 'Onboarding workshop', quantity: '2', unit_price: '450', amount: '900.00' }] });
    // customers do not see drafts
    expect((await customer.get(`/api/billing/invoices/${draft.id}`)).status()).toBe(404);

    const paidTooEarly = await admin.patch(`/api/billing/invoices/${draft.id}`, { data: { status: 'paid' } });
    expect(paidTooEarly.status()).toBe(409);
    expect((await paidTooEarly.json()).error.code).toBe('invalid_transition');

    const open = await (await admin.patch(`/api/billing/invoices/${draft.id}`, { data: { status: 'open' } })).json();
    expect(open).toMatchObject({ status: 'open', number: expect.stringMatching(/^INV-\d{4}-\d{4}$/) });
    expect((await customer.get(`/api/billing/invoices/${draft.id}`)).status()).toBe(200);
    expect((await customer.patch(`/api/billing/invoices/${draft.id}`, { data: { status: 'paid' } })).status()).toBe(403);

    const paid = await (await admin.patch(`/api/billing/invoices/${draft.id}`, { data: { status: 'paid', payment_reference: 'NL91-TRANSFER-7781' } })).json();
    expect(paid).toMatchObject({ status: 'paid', amount_paid: '900.00', amount_due: '0.00', payment_reference: 'NL91-TRANSFER-7781', number: open.number });
    expect((await admin.patch(`/api/billing/invoices/${draft.id}`, { data: { status: 'void' } })).status()).toBe(409);
    expect((await admin.patch(`/api/billing/invoices/${draft.id}`, { data: { status: 'refunded' } })).status()).toBe(422);

    const invalid = await admin.post('/api/billing/invoices', { data: { customer_id: customerId, items: [{ description: 'x', quantity: '-1', unit_price: '1' }] } });
    expect(invalid.status()).toBe(422);
    expect((await invalid.json()).error.details).toContainEqual(expect.objectContaining({ field: 'items.0.quantity' }));
    expect((await admin.post('/api/billing/invoices', { data: { customer_id: '00000000-0000-4000-8000-000000000000', items: [{ description: 'x', quantity: '1', unit_price: '1' }] } })).status()).toBe(404);
  });

  test('process-monthly bills nothing twice and summarises the customer’s open period', async () => {
    const first = await admin.post('/api/billing/process-monthly', { data: { customer_id: customerId } });
    expect(first.status()).toBe(200);
    const again = await (await admin.post('/api/billing/process-monthly', { data: { customer_id: customerId } })).json();
    expect(again).toMatchObject({ invoiced: 0, invoices: [] });
    expect((await admin.post('/api/billing/process-monthly', { data: { customer_id: '00000000-0000-4000-8000-000000000000' } })).status()).toBe(404);
    expect((await admin.post('/api/billing/process-monthly', { data: {} })).status()).toBe(422);
    expect((await customer.post('/api/billing/process-monthly', { data: { customer_id: customerId } })).status()).toBe(403);

    const summary = await (await admin.get(`/api/billing/process-monthly?customer_id=${customerId}`)).json();
    expect(summary).toMatchObject({ customer_id: customerId, estimate: { total: '254.50' }, last_invoice: { customer_id: customerId } });
  });

  test('automated billing: the cron secret runs the batch, admins read the log, anyone else gets 401', async () => {
    expect((await anonymous.post('/api/billing/automated-billing')).status()).toBe(401);
    expect((await anonymous.get('/api/billing/automated-billing', { headers: { authorization: 'Bearer wrong-secret-of-some-length' } })).status()).toBe(401);

    const run = await anonymous.get('/api/billing/automated-billing', { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(run.status()).toBe(200);
    expect(await run.json()).toEqual({
      run_id: expect.any(String),
      processed: expect.any(Number),
      invoiced: expect.any(Number),
      failed: 0,
      skipped: expect.any(Number),
      remaining: 0,
      duration_ms: expect.any(Number),
      // the e2e server runs without Stripe: nothing is mirrored, dunning still runs
      stripe: { configured: false, mirrored: 0, failed: 0 },
      // every step of the run, each with what it did and what is left
      steps: {
        billing: { done: expect.any(Number), remaining: 0, failed: 0, duration_ms: expect.any(Number) },
        stripe: { done: 0, remaining: 0, failed: 0, duration_ms: expect.any(Number) },
        dunning: { done: expect.any(Number), remaining: 0, failed: 0, duration_ms: expect.any(Number) },
        notifications: { done: expect.any(Number), remaining: expect.any(Number), failed: 0, duration_ms: expect.any(Number) },
        // the demo has the default alert rules: every (rule, customer) pair and aggregate is evaluated
        alerts: { done: expect.any(Number), remaining: 0, failed: 0, duration_ms: expect.any(Number) },
        // the demo's records are all younger than the retention defaults: nothing to delete
        retention: { done: 0, remaining: 0, failed: 0, duration_ms: expect.any(Number) },
      },
      dunning: expect.objectContaining({ overdue: expect.any(Number), suspended: expect.any(Number), reactivated: expect.any(Number) }),
      // every workspace of the installation (the demo has two), each with its part of the run
      workspaces: [
        expect.objectContaining({ id: expect.any(String), slug: 'default', run_id: expect.any(String), failed: 0, remaining: 0, steps: expect.objectContaining({ billing: expect.any(Object) }) }),
        expect.objectContaining({ id: expect.any(String), slug: 'vigint', run_id: expect.any(String), failed: 0, remaining: 0, stripe: { configured: false, mirrored: 0, failed: 0 } }),
      ],
    });
    const first = await run.json();
    expect(first.steps.alerts.done).toBeGreaterThan(0);
    const alertIds = async () => ((await (await admin.get('/api/admin/billing/alerts?limit=100')).json()).data as { id: string }[]).map((a) => a.id).sort();
    const alertsAfterFirst = await alertIds();

    const posted = await anonymous.post('/api/billing/automated-billing', { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    const second = await posted.json();
    expect(second.processed).toBe(0);
    // the rerun evaluates every rule again and triggers nothing new: once per window
    expect(second.steps.alerts).toMatchObject({ done: first.steps.alerts.done, failed: 0 });
    expect(await alertIds()).toEqual(alertsAfterFirst);

    const log = await (await admin.get('/api/billing/automated-billing?limit=5')).json();
    expect(log.data[0]).toMatchObject({ trigger: 'cron', status: 'completed', failed: 0, steps: { billing: { done: 0, remaining: 0 } } });
    expect(log.stats).toMatchObject({ failed: 0, success_rate: expect.stringMatching(/^\d\.\d{4}$/) });
    expect(log.stats.runs).toBeGreaterThanOrEqual(2);
    expect((await customer.get('/api/billing/automated-billing')).status()).toBe(403);
  });
});
