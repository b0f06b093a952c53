// An unknown field in a request body is refused by name, as Stripe does, so a typo is never silently
// ignored: against the production server, a misspelt field on each kind of write answers 422
// validation_failed with `{field, message: "unknown field"}` and changes nothing.
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { DEMO } from './pages/demo-users';

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  return context;
}

/** The answer is a 422 naming exactly these unknown fields. */
async function expectUnknownFields(response: APIResponse, details: { field: string; index?: number }[]) {
  expect(response.status()).toBe(422);
  const body = await response.json();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.details).toEqual(expect.arrayContaining(details.map((d) => ({ ...d, message: 'unknown field' }))));
  expect(body.error.details.filter((d: { message: string }) => d.message === 'unknown field')).toHaveLength(details.length);
}

test.describe('API: unknown fields are refused by name', () => {
  // each run makes its own codes, so the spec also passes against a database an earlier run left behind
  const run = Date.now().toString(36);
  const externalId = `e2e-typo-${run}`;
  let admin: APIRequestContext;
  let anonymous: APIRequestContext;
  let customerId: string;
  let invoiceId: string;

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedIn(baseURL!, DEMO.admin);
    anonymous = await request.newContext({ baseURL: baseURL! });
    const customer = await admin.post('/api/admin/billing/customers', { data: { external_id: externalId, name: 'Typo Inc.', email: `typo-${run}@example.com`, currency: 'usd' } });
    expect(customer.status()).toBe(201);
    customerId = (await customer.json()).id;
    const invoice = await admin.post('/api/billing/invoices', { data: { customer_id: customerId, items: [{ description: 'Setup', quantity: '1', unit_price: '100' }], finalize: true } });
    expect(invoice.status()).toBe(201);
    invoiceId = (await invoice.json()).id;
  });

  test.afterAll(async () => {
    await Promise.all([admin.dispose(), anonymous.dispose()]);
  });

  test('plans: top-level, in a charge and in a tier; no plan is created and a PATCH makes no version', async () => {
    const code = `e2e_typo_${run}`;
    const plan = {
      code,
      name: 'Typo plan',
      currency: 'usd',
      interval: 'month',
      trail_days: 14,
      charges: [
        { metric: null, model: 'flat', amount: '10', descripton: 'Base' },
        { metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '1000', unit_price: '0' }, { up_to: null, unit_price: '0.01', flat_fee: '5' }] },
      ],
    };
    await expectUnknownFields(await admin.post('/api/admin/billing/plans', { data: plan }), [{ field: 'trail_days' }, { field: 'charges.0.descripton' }, { field: 'charges.1.tiers.1.flat_fee' }]);
    expect((await admin.get(`/api/admin/billing/plans/${code}`)).status()).toBe(404);

    const { trail_days: _typo, ...valid } = plan;
    const fixed = { ...valid, charges: [{ metric: null, model: 'flat', amount: '10', description: 'Base' }] };
    expect((await admin.post('/api/admin/billing/plans', { data: fixed })).status()).toBe(201);
    await expectUnknownFields(await admin.patch(`/api/admin/billing/plans/${code}`, { data: { name: 'Typo plan 2', amout: '12' } }), [{ field: 'amout' }]);
    expect(await (await admin.get(`/api/admin/billing/plans/${code}`)).json()).toMatchObject({ version: 1, name: 'Typo plan' });
  });

  test('customers: on create and on update; nothing is written', async () => {
    const email = `typo-2-${run}@example.com`;
    await expectUnknownFields(await admin.post('/api/admin/billing/customers', { data: { name: 'Typo 2', email, tax_exmpt: true } }), [{ field: 'tax_exmpt' }]);
    expect((await (await admin.get(`/api/admin/billing/customers?query=${encodeURIComponent(email)}`)).json()).data).toEqual([]);

    await expectUnknownFields(await admin.patch(`/api/admin/billing/customers/${customerId}`, { data: { name: 'Renamed', contry: 'NL' } }), [{ field: 'contry' }]);
    expect(await (await admin.get(`/api/admin/billing/customers/${customerId}`)).json()).toMatchObject({ name: 'Typo Inc.', country: null });
  });

  test('subscriptions: nothing is started', async () => {
    await expectUnknownFields(await admin.post('/api/admin/billing/subscriptions', { data: { customer_id: customerId, plan_code: 'lyceum', trial_dayz: 0 } }), [{ field: 'trial_dayz' }]);
    expect((await (await admin.get(`/api/admin/billing/subscriptions?customer_id=${customerId}`)).json()).data).toEqual([]);
  });

  test('one-time invoices: top-level and on an item; nothing is issued', async () => {
    const before = (await (await admin.get(`/api/billing/invoices?customer_id=${customerId}`)).json()).data.length;
    const body = { customer_id: customerId, items: [{ description: 'Workshop', quantity: '2', unit_price: '250', discount: '10' }], due_dayz: 30, finalize: true };
    await expectUnknownFields(await admin.post('/api/billing/invoices', { data: body }), [{ field: 'items.0.discount' }, { field: 'due_dayz' }]);
    expect((await (await admin.get(`/api/billing/invoices?customer_id=${customerId}`)).json()).data).toHaveLength(before);
  });

  test('credit notes: nothing is credited', async () => {
    const due = (await (await admin.get(`/api/billing/invoices/${invoiceId}`)).json()).amount_due as string;
    // without the check, leaving out `amount` would credit the whole invoice
    await expectUnknownFields(await admin.post(`/api/billing/invoices/${invoiceId}/credit-notes`, { data: { reason: 'Outage on Nov 3', amonut: '10.00' } }), [{ field: 'amonut' }]);
    expect((await (await admin.get(`/api/billing/invoices/${invoiceId}/credit-notes`)).json()).data).toEqual([]);
    expect(await (await admin.get(`/api/billing/invoices/${invoiceId}`)).json()).toMatchObject({ amount_due: due });
    expect(Number(due)).toBeGreaterThan(0);
  });

  test('usage events: one event, a batch with the index of each, and the envelope; nothing is recorded', async () => {
    const key = (await (await admin.post('/api/admin/billing/api-keys', { data: { name: 'e2e typo ingest', scopes: ['usage:write'] } })).json()).key as string;
    const send = (body: unknown) => anonymous.post('/api/billing/usage/events', { data: body, headers: { authorization: `Bearer ${key}` } });
    const event = (id: string) => ({ id: `e2e-typo-${run}-${id}`, external_customer_id: externalId, metric: 'api_calls', quantity: '5' });

    const { quantity: _quantity, ...withoutQuantity } = event('single');
    await expectUnknownFields(await send({ ...withoutQuantity, quantitiy: '5' }), [{ field: 'quantitiy' }]);
    await expectUnknownFields(await send({ events: [event('b0'), { ...event('b1'), metirc: 'api_calls' }, { ...event('b2'), propertys: {} }] }), [
      { index: 1, field: 'metirc' },
      { index: 2, field: 'propertys' },
    ]);
    await expectUnknownFields(await send({ events: [event('b3')], dry_run: true }), [{ field: 'dry_run' }]);
    expect((await (await admin.get(`/api/admin/billing/usage/events?customer_id=${customerId}`)).json()).data).toEqual([]);
  });
});
