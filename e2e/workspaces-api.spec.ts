// Workspaces against the production server: two businesses in one installation with the same plan
// code, metric code, external customer id and first invoice number, each blind to the other; who may
// manage workspaces and members; a viewer reads but does not write; a non-member is refused.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO } from './pages/demo-users';

type Workspace = { id: string; slug: string; name: string };
type Business = { workspace: Workspace; adminKey: string; usageKey: string; customerId: string; invoice: { id: string; number: string }; planId: string };

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: { email: user.email, password: user.password } })).status()).toBe(200);
  return context;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

test.describe('API: workspaces', () => {
  let admin: APIRequestContext;
  let customer: APIRequestContext;
  let anonymous: APIRequestContext;
  const run = Date.now().toString(36);
  // a numbering of their own, so both workspaces start at 0001 whatever else the demo has issued
  const numberFormat = `WS${run.toUpperCase()}-{year}-{number:04d}`;
  let a: Business;
  let b: Business;
  let defaultCustomers: number;

  /** A workspace made through the API, with its keys, the same catalog codes and a customer with the same external id. */
  async function business(letter: string, extra: { planCode: string }): Promise<Business> {
    const created = await admin.post('/api/admin/billing/workspaces', {
      data: { slug: `e2e-${letter}-${run}`, name: `E2E ${letter.toUpperCase()} ${run}`, default_currency: 'eur', default_tax_rate: '0.21', invoice_number_format: numberFormat },
    });
    expect(created.status()).toBe(201);
    const workspace = (await created.json()) as Workspace;
    const keyFor = async (scopes: string[]) => {
      const response = await admin.post('/api/admin/billing/api-keys', { data: { name: `e2e ${letter} ${scopes[0]}`, scopes, workspace_id: workspace.id } });
      expect(response.status()).toBe(201);
      const key = await response.json();
      expect(key.workspace_id).toBe(workspace.id);
      return key.key as string;
    };
    const adminKey = await keyFor(['billing:admin']);
    const usageKey = await keyFor(['usage:write']);
    const api = (path: string, data: unknown) => anonymous.post(path, { data, headers: bearer(adminKey) });

    expect((await api('/api/admin/billing/metrics', { code: 'calls', name: 'Calls', unit: 'call', aggregation: 'sum' })).status()).toBe(201);
    for (const code of ['pro', extra.planCode]) {
      const plan = await api('/api/admin/billing/plans', { code, name: `Pro ${letter}`, currency: 'eur', interval: 'month', trial_days: 0, charges: [{ metric: 'calls', model: 'per_unit', unit_price: '0.01' }] });
      expect(plan.status()).toBe(201);
    }
    const planId = (await (await anonymous.get('/api/admin/billing/plans/pro', { headers: bearer(adminKey) })).json()).id as string;
    const newCustomer = await api('/api/admin/billing/customers', { external_id: 'crm-1', name: `Customer of ${letter}`, email: `buyer-${letter}@example.com` });
    expect(newCustomer.status()).toBe(201);
    const customerId = (await newCustomer.json()).id as string;
    const issued = await api('/api/billing/invoices', { customer_id: customerId, items: [{ description: 'Setup', quantity: '1', unit_price: '100.00' }], finalize: true });
    expect(issued.status()).toBe(201);
    const invoice = await issued.json();
    expect(invoice).toMatchObject({ status: 'open', currency: 'eur', subtotal: '100.00', tax: '21.00', total: '121.00' });
    return { workspace, adminKey, usageKey, customerId, invoice, planId };
  }

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedIn(baseURL!, DEMO.admin);
    customer = await signedIn(baseURL!, DEMO.customer);
    anonymous = await request.newContext({ baseURL: baseURL! });
    defaultCustomers = (await (await admin.get('/api/billing/setup')).json()).counts.customers;
    a = await business('a', { planCode: 'only_a' });
    b = await business('b', { planCode: 'only_b' });
  });

  test.afterAll(async () => {
    // the demo customer must leave as they came, whatever failed above
    for (const { workspace } of [a, b]) {
      const me = (await (await admin.get(`/api/admin/billing/workspaces/${workspace.id}/members`)).json()).data?.find(
        (m: { email: string }) => m.email === DEMO.customer.email,
      );
      if (me) await admin.delete(`/api/admin/billing/workspaces/${workspace.id}/members/${me.user_id}`);
    }
    await Promise.all([admin.dispose(), customer.dispose(), anonymous.dispose()]);
  });

  test('two workspaces share codes, external ids and their first invoice number without colliding', async () => {
    expect(a.invoice.number).toMatch(new RegExp(`^WS${run.toUpperCase()}-\\d{4}-0001$`));
    expect(b.invoice.number).toBe(a.invoice.number);
    expect(b.customerId).not.toBe(a.customerId);
    expect(b.planId).not.toBe(a.planId);
    // each key lists its own workspace's objects only
    for (const own of [a, b]) {
      const customers = await (await anonymous.get('/api/admin/billing/customers', { headers: bearer(own.adminKey) })).json();
      expect(customers.data.map((c: { id: string }) => c.id)).toEqual([own.customerId]);
      const invoices = await (await anonymous.get('/api/billing/invoices', { headers: bearer(own.adminKey) })).json();
      expect(invoices.data.map((i: { id: string }) => i.id)).toEqual([own.invoice.id]);
      const keys = await (await anonymous.get('/api/admin/billing/api-keys', { headers: bearer(own.adminKey) })).json();
      expect(keys.data).toHaveLength(2);
      expect(keys.data.every((k: { workspace_id: string }) => k.workspace_id === own.workspace.id)).toBe(true);
    }
  });

  test('a key of workspace B gets 404 for workspace A’s customer, invoice, documents and plan', async () => {
    const asB = { headers: bearer(b.adminKey) };
    expect((await anonymous.get(`/api/admin/billing/customers/${a.customerId}`, asB)).status()).toBe(404);
    expect((await anonymous.patch(`/api/admin/billing/customers/${a.customerId}`, { ...asB, data: { name: 'Hijacked' } })).status()).toBe(404);
    expect((await anonymous.get(`/api/billing/invoices/${a.invoice.id}`, asB)).status()).toBe(404);
    for (const document of ['pdf', 'html', 'csv']) {
      expect((await anonymous.get(`/api/billing/invoices/${a.invoice.id}/${document}`, asB)).status(), document).toBe(404);
    }
    expect((await anonymous.patch(`/api/billing/invoices/${a.invoice.id}`, { ...asB, data: { status: 'void' } })).status()).toBe(404);
    expect((await anonymous.get('/api/admin/billing/plans/only_a', asB)).status()).toBe(404);
    // the same code answers B's own plan
    expect((await (await anonymous.get('/api/admin/billing/plans/pro', asB)).json()).id).toBe(b.planId);
    // and A's own key still reads all of it
    expect((await anonymous.get(`/api/billing/invoices/${a.invoice.id}/pdf`, { headers: bearer(a.adminKey) })).status()).toBe(200);
    expect((await anonymous.get(`/api/admin/billing/customers/${a.customerId}`, { headers: bearer(a.adminKey) })).status()).toBe(200);
  });

  test('B’s usage key cannot ingest for A’s customer; the same external id is B’s own customer', async () => {
    const send = (event: Record<string, unknown>) =>
      anonymous.post('/api/billing/usage/events', { data: { metric: 'calls', quantity: '5', ...event }, headers: bearer(b.usageKey) });
    const foreign = await send({ id: `ws-${run}-1`, customer_id: a.customerId });
    expect(foreign.status()).toBe(422);
    expect((await foreign.json()).error.details).toContainEqual(expect.objectContaining({ field: 'customer_id' }));
    expect(await (await send({ id: `ws-${run}-2`, external_customer_id: 'crm-1' })).json()).toEqual({ accepted: 1, duplicates: 0 });

    const eventsOf = async (own: Business) =>
      (await (await anonymous.get(`/api/admin/billing/usage/events?customer_id=${own.customerId}`, { headers: bearer(own.adminKey) })).json()).data;
    expect(await eventsOf(a)).toEqual([]);
    expect((await eventsOf(b)).map((e: { event_id: string }) => e.event_id)).toEqual([`ws-${run}-2`]);
  });

  test('setup and stats report the caller’s workspace', async () => {
    const setup = await (await anonymous.get('/api/billing/setup', { headers: bearer(b.adminKey) })).json();
    expect(setup).toMatchObject({ ok: true, counts: { customers: 1, active_subscriptions: 0, invoices: 1 }, revenue: { mrr: '0.00', currency: 'eur' } });
    const stats = await (await anonymous.get('/api/admin/billing/stats', { headers: bearer(b.adminKey) })).json();
    expect(stats).toMatchObject({ total_customers: 1, active_subscriptions: 0, currency: 'eur' });
    // the default workspace, where the admin session works, counts none of them
    expect((await (await admin.get('/api/billing/setup')).json()).counts.customers).toBe(defaultCustomers);
  });

  test('workspaces: listed and created by installation admins only; slugs unique; settings validated', async () => {
    const listed = await (await admin.get('/api/admin/billing/workspaces')).json();
    expect(listed.data.map((w: Workspace) => w.slug)).toEqual(expect.arrayContaining(['default', a.workspace.slug, b.workspace.slug]));
    expect(listed.data[0]).toEqual({ id: expect.any(String), slug: expect.any(String), name: expect.any(String), created: expect.any(String) });

    // a billing:admin key of the default workspace is an installation admin; one of another workspace is not
    const installationKey = (await (await admin.post('/api/admin/billing/api-keys', { data: { name: 'e2e installation', scopes: ['billing:admin'] } })).json()).key;
    expect((await anonymous.get('/api/admin/billing/workspaces', { headers: bearer(installationKey) })).status()).toBe(200);
    expect((await anonymous.get('/api/admin/billing/workspaces', { headers: bearer(a.adminKey) })).status()).toBe(403);
    expect((await anonymous.post('/api/admin/billing/workspaces', { headers: bearer(a.adminKey), data: { slug: `e2e-x-${run}`, name: 'X' } })).status()).toBe(403);
    expect((await customer.get('/api/admin/billing/workspaces')).status()).toBe(403);
    expect((await anonymous.get('/api/admin/billing/workspaces')).status()).toBe(401);

    const duplicate = await admin.post('/api/admin/billing/workspaces', { data: { slug: a.workspace.slug, name: 'Again' } });
    expect(duplicate.status()).toBe(409);
    expect((await duplicate.json()).error).toMatchObject({ code: 'workspace_exists', details: [{ field: 'slug', message: 'is taken' }] });
    const invalid = await admin.post('/api/admin/billing/workspaces', {
      data: { slug: 'Bad Slug', name: 'X', invoice_number_format: 'INV-{year}', default_tax_rate: '21', colour: 'red' },
    });
    expect(invalid.status()).toBe(422);
    const fields = (await invalid.json()).error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['colour', 'default_tax_rate', 'invoice_number_format', 'slug']);
  });

  test('a workspace’s settings: its own key reads and changes them; another workspace’s key gets 404', async () => {
    const asA = { headers: bearer(a.adminKey) };
    const read = await (await anonymous.get(`/api/admin/billing/workspaces/${a.workspace.id}`, asA)).json();
    expect(read).toMatchObject({ id: a.workspace.id, slug: a.workspace.slug, default_currency: 'eur', default_tax_rate: '0.21', invoice_number_format: numberFormat, stripe_account_id: null });
    expect(read.effective).toMatchObject({ default_currency: 'eur', company: { name: a.workspace.name } });
    expect((await anonymous.get(`/api/admin/billing/workspaces/${a.workspace.slug}`, asA)).status()).toBe(200);
    expect((await anonymous.get(`/api/admin/billing/workspaces/${a.workspace.id}`, { headers: bearer(b.adminKey) })).status()).toBe(404);
    expect((await anonymous.patch(`/api/admin/billing/workspaces/${a.workspace.id}`, { headers: bearer(b.adminKey), data: { name: 'Hijacked' } })).status()).toBe(404);
    expect((await anonymous.get('/api/admin/billing/workspaces/default', asA)).status()).toBe(404);

    const changed = await anonymous.patch(`/api/admin/billing/workspaces/${a.workspace.id}`, {
      ...asA,
      data: { company: { name: 'A Company B.V.', address_lines: ['Keizersgracht 1', 'Netherlands'] }, payment_terms_days: 30, stripe_account_id: `acct_e2e${run}` },
    });
    expect(changed.status()).toBe(200);
    expect(await changed.json()).toMatchObject({ company: { name: 'A Company B.V.', address_lines: ['Keizersgracht 1', 'Netherlands'] }, payment_terms_days: 30 });
    const taken = await anonymous.patch(`/api/admin/billing/workspaces/${b.workspace.id}`, { headers: bearer(b.adminKey), data: { stripe_account_id: `acct_e2e${run}` } });
    expect(taken.status()).toBe(409);
    expect((await taken.json()).error.code).toBe('stripe_account_taken');
    expect((await anonymous.patch(`/api/admin/billing/workspaces/${a.workspace.id}`, { ...asA, data: { slug: 'renamed' } })).status()).toBe(422);

    // a key is made only in a workspace the caller may administer
    const elsewhere = await anonymous.post('/api/admin/billing/api-keys', { headers: bearer(b.adminKey), data: { name: 'x', scopes: ['usage:write'], workspace_id: a.workspace.id } });
    expect(elsewhere.status()).toBe(404);
  });

  test('members: a viewer reads and may not write; the last owner stays; a non-member is refused', async () => {
    const members = `/api/admin/billing/workspaces/${a.workspace.id}/members`;
    const listed = await (await admin.get(members)).json();
    // the installation admin who created the workspace is its owner
    expect(listed.data).toEqual([{ user_id: expect.any(String), email: DEMO.admin.email, role: 'owner', created: expect.any(String) }]);
    const adminUserId = listed.data[0].user_id;

    expect((await admin.post(members, { data: { email: 'nobody@example.com', role: 'viewer' } })).status()).toBe(422);
    const added = await admin.post(members, { data: { email: DEMO.customer.email, role: 'viewer' } });
    expect(added.status()).toBe(201);
    const viewer = await added.json();
    expect(viewer).toMatchObject({ email: DEMO.customer.email, role: 'viewer' });
    expect((await admin.post(members, { data: { email: DEMO.customer.email, role: 'admin' } })).status()).toBe(409);

    // the viewer works in A: reads go through, every write is 403
    const customers = await customer.get('/api/admin/billing/customers');
    expect(customers.status()).toBe(200);
    expect((await customers.json()).data.map((c: { id: string }) => c.id)).toEqual([a.customerId]);
    expect((await customer.get(`/api/admin/billing/workspaces/${a.workspace.id}`)).status()).toBe(200);
    expect((await customer.get(members)).status()).toBe(200);
    expect((await customer.post('/api/admin/billing/customers', { data: { name: 'Nope', email: 'nope@example.com' } })).status()).toBe(403);
    expect((await customer.patch(`/api/admin/billing/customers/${a.customerId}`, { data: { name: 'Nope' } })).status()).toBe(403);
    expect((await customer.patch(`/api/admin/billing/workspaces/${a.workspace.id}`, { data: { name: 'Nope' } })).status()).toBe(403);
    expect((await customer.post('/api/admin/billing/api-keys', { data: { name: 'x', scopes: ['usage:write'] } })).status()).toBe(403);
    expect((await customer.post(members, { data: { email: DEMO.admin.email, role: 'viewer' } })).status()).toBe(403);
    expect((await customer.get(`/api/admin/billing/workspaces/${b.workspace.id}`)).status()).toBe(404);
    expect((await customer.get('/api/admin/billing/workspaces')).status()).toBe(403);

    // the only owner can be neither demoted nor removed
    const demote = await admin.patch(`${members}/${adminUserId}`, { data: { role: 'admin' } });
    expect(demote.status()).toBe(409);
    expect((await demote.json()).error.code).toBe('last_owner');
    expect((await admin.delete(`${members}/${adminUserId}`)).status()).toBe(409);
    expect((await admin.patch(`${members}/${viewer.user_id}`, { data: { role: 'superuser' } })).status()).toBe(422);
    expect((await admin.delete(`${members}/not-a-user`)).status()).toBe(404);

    // a viewer where they work now, an admin of B: B's own settings and keys are theirs to change
    const inB = `/api/admin/billing/workspaces/${b.workspace.id}/members`;
    expect((await admin.post(inB, { data: { email: DEMO.customer.email, role: 'admin' } })).status()).toBe(201);
    expect((await customer.get('/api/admin/billing/customers')).status()).toBe(200);
    expect((await customer.patch(`/api/admin/billing/workspaces/${b.workspace.id}`, { data: { payment_terms_days: 21 } })).status()).toBe(200);
    const keyInB = await customer.post('/api/admin/billing/api-keys', { data: { name: 'from a viewer of A', scopes: ['usage:write'], workspace_id: b.workspace.id } });
    expect(keyInB.status()).toBe(201);
    expect((await keyInB.json()).workspace_id).toBe(b.workspace.id);
    expect((await customer.patch(`/api/admin/billing/workspaces/${a.workspace.id}`, { data: { payment_terms_days: 21 } })).status()).toBe(403);
    // managing members is for owners
    expect((await customer.post(inB, { data: { email: DEMO.admin.email, role: 'viewer' } })).status()).toBe(403);
    expect((await admin.delete(`${inB}/${viewer.user_id}`)).status()).toBe(200);

    expect(await (await admin.delete(`${members}/${viewer.user_id}`)).json()).toEqual({ user_id: viewer.user_id, removed: true });
    // no longer a member, not an installation admin: the admin routes are closed again
    expect((await customer.get('/api/admin/billing/customers')).status()).toBe(403);
    expect((await customer.get(`/api/admin/billing/workspaces/${a.workspace.id}`)).status()).toBe(403);
  });
});
