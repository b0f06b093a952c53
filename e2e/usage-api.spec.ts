// The usage API's HTTP contract against the production server: ingestion with a usage key (exactly
// once, all-or-nothing batches, every bad-input status), reading usage as customer and admin, the
// estimate, snapshots, the chart's series, metrics and corrections.
import { expect, request, test, type APIRequestContext } from '@playwright/test';

const ADMIN = { email: 'admin@example.com', password: 'demo-admin' };
const CUSTOMER = { email: 'customer@example.com', password: 'demo-customer' };

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: user })).status()).toBe(200);
  return context;
}

test.describe('API: usage', () => {
  let admin: APIRequestContext;
  let customer: APIRequestContext;
  let anonymous: APIRequestContext;
  let usageKey: string;
  let customerId: string;
  const run = Date.now().toString(36);

  const send = (body: unknown, key = usageKey) =>
    anonymous.post('/api/billing/usage/events', { data: body, headers: { authorization: `Bearer ${key}` } });
  const todayCalls = async () => (await (await customer.get('/api/billing/usage')).json()).today.api_calls as string;

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedIn(baseURL!, ADMIN);
    customer = await signedIn(baseURL!, CUSTOMER);
    anonymous = await request.newContext({ baseURL: baseURL! });
    usageKey = (await (await admin.post('/api/admin/billing/api-keys', { data: { name: 'e2e ingest', scopes: ['usage:write'] } })).json()).key;
    customerId = (await (await customer.get('/api/billing/usage')).json()).customer_id;
  });

  test.afterAll(async () => {
    await Promise.all([admin.dispose(), customer.dispose(), anonymous.dispose()]);
  });

  test('an event is counted once however often it is sent, and shows in today’s usage at once', async () => {
    const before = await todayCalls();
    const event = { id: `e2e-${run}-single`, customer_id: customerId, metric: 'api_calls', quantity: '12.5' };
    const first = await send(event);
    expect(first.status()).toBe(200);
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await send(event)).json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(Number(await todayCalls()) - Number(before)).toBe(12.5);

    // a batch naming the customer by the operator's own id; the repeated event counts as a duplicate
    const batch = {
      events: [
        { id: `e2e-${run}-b1`, external_customer_id: 'demo_acme', metric: 'api_calls', quantity: 1 },
        { id: `e2e-${run}-b2`, customer_id: customerId, metric: 'api_calls', quantity: 2 },
        event,
      ],
    };
    expect(await (await send(batch)).json()).toEqual({ accepted: 2, duplicates: 1 });
    expect(Number(await todayCalls()) - Number(before)).toBe(15.5);
  });

  test('a batch with one bad event is refused whole, with the index and field of each problem', async () => {
    const before = await todayCalls();
    const response = await send({
      events: [
        { id: `e2e-${run}-ok`, customer_id: customerId, metric: 'api_calls', quantity: 1 },
        { id: `e2e-${run}-neg`, customer_id: customerId, metric: 'api_calls', quantity: -3 },
        { id: `e2e-${run}-unknown`, customer_id: customerId, metric: 'no_such_metric', quantity: 1 },
        { id: `e2e-${run}-future`, customer_id: customerId, metric: 'api_calls', timestamp: new Date(Date.now() + 3_600_000).toISOString() },
      ],
    });
    expect(response.status()).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toContainEqual({ index: 1, field: 'quantity', message: expect.stringContaining('negative') });
    expect(await todayCalls()).toBe(before);

    // the schema passes; the database rules fail: unknown metric and a time an hour ahead
    const second = await send({
      events: [
        { id: `e2e-${run}-ok2`, customer_id: customerId, metric: 'api_calls', quantity: 1 },
        { id: `e2e-${run}-unknown2`, customer_id: customerId, metric: 'no_such_metric', quantity: 1 },
        { id: `e2e-${run}-future2`, customer_id: customerId, metric: 'api_calls', timestamp: new Date(Date.now() + 3_600_000).toISOString() },
      ],
    });
    expect(second.status()).toBe(422);
    expect((await second.json()).error.details).toEqual([
      { index: 1, field: 'metric', message: expect.any(String) },
      { index: 2, field: 'timestamp', message: expect.stringContaining('future') },
    ]);
    expect(await todayCalls()).toBe(before);
  });

  test('malformed, oversized, too many, unauthenticated and wrongly scoped requests', async () => {
    const raw = await anonymous.post('/api/billing/usage/events', {
      headers: { authorization: `Bearer ${usageKey}`, 'content-type': 'application/json' },
      data: Buffer.from('{"id": "x", "metric": '),
    });
    expect(raw.status()).toBe(400);
    expect((await raw.json()).error.code).toBe('invalid_json');

    const huge = await anonymous.post('/api/billing/usage/events', {
      headers: { authorization: `Bearer ${usageKey}`, 'content-type': 'application/json' },
      data: Buffer.from(JSON.stringify({ events: [{ id: 'x', customer_id: customerId, metric: 'api_calls', properties: { pad: 'x'.repeat(5_000_000) } }] })),
    });
    expect(huge.status()).toBe(413);

    const tooMany = await send({ events: Array.from({ length: 1001 }, (_, i) => ({ id: `many-${i}`, customer_id: customerId, metric: 'api_calls' })) });
    expect(tooMany.status()).toBe(422);
    expect((await tooMany.json()).error.details).toContainEqual(expect.objectContaining({ field: 'events' }));

    expect((await anonymous.post('/api/billing/usage/events', { data: { id: 'x' } })).status()).toBe(401);
    // a session is not an ingestion credential
    expect((await customer.post('/api/billing/usage/events', { data: { id: 'x' } })).status()).toBe(401);
    // a usage key can send usage and nothing else
    expect((await anonymous.get('/api/billing/usage', { headers: { authorization: `Bearer ${usageKey}` } })).status()).toBe(403);
  });

  test('customers read their own usage only; admins name the customer', async () => {
    const own = await customer.get('/api/billing/usage?include_estimate=true');
    expect(own.status()).toBe(200);
    const body = await own.json();
    expect(body.customer_id).toBe(customerId);
    expect(body.subscription.plan_code).toBe('lyceum');
    const storage = body.metrics.find((m: { code: string }) => m.code === 'storage_gb');
    expect(storage).toMatchObject({ included: '100', currency: 'usd' });
    expect(body.estimate.total).toMatch(/^\d+\.\d{2}$/);
    expect(body.estimate.basis).toBe('usage_to_date');

    const noEvents = await (await admin.get('/api/admin/billing/usage/events?customer_id=00000000-0000-4000-8000-000000000000')).json();
    expect(noEvents).toEqual({ data: [], has_more: false });
    const other = await customer.get('/api/billing/usage?customer_id=00000000-0000-4000-8000-000000000000');
    expect(other.status()).toBe(404);
    expect((await customer.get('/api/billing/usage?customer_id=not-a-uuid')).status()).toBe(422);

    const asAdmin = await admin.get(`/api/billing/usage?customer_id=${customerId}`);
    expect((await asAdmin.json()).customer_id).toBe(customerId);
    const missing = await admin.get('/api/billing/usage');
    expect(missing.status()).toBe(422);
    expect((await missing.json()).error.details).toEqual([{ field: 'customer_id', message: expect.any(String) }]);
  });

  test('the chart series has a point per day, and bad ranges are refused', async () => {
    const series = await (await customer.get('/api/billing/usage/daily?metric=storage_gb')).json();
    expect(series.data).toHaveLength(1);
    expect(series.data[0].points).toHaveLength(30);
    expect(series.data[0].points.at(-2).quantity).toMatch(/^\d+(\.\d+)?$/);
    expect((await customer.get('/api/billing/usage/daily?from=2026-02-30')).status()).toBe(422);
    // a month that does not exist is an invalid date, not a server error
    const noSuchMonth = await customer.get('/api/billing/usage/daily?from=2026-13-01');
    expect(noSuchMonth.status()).toBe(422);
    expect((await noSuchMonth.json()).error.details).toEqual([{ field: 'from', message: 'is not a real date' }]);
    expect((await customer.get('/api/billing/usage/daily?from=2024-01-01&to=2026-01-01')).status()).toBe(422);
  });

  test('admins snapshot a customer’s open period; customers may not', async () => {
    const created = await admin.post('/api/billing/usage', { data: { customer_id: customerId } });
    expect(created.status()).toBe(201);
    const snapshot = await created.json();
    expect(snapshot).toMatchObject({ customer_id: customerId, kind: 'manual' });
    expect(snapshot.usage['licenses{tier=professional}']).toBe('5');
    expect((await customer.post('/api/billing/usage', { data: { customer_id: customerId } })).status()).toBe(403);
    expect((await admin.post('/api/billing/usage', { data: { customer_id: 'x' } })).status()).toBe(422);
  });

  test('metrics: list, create, duplicate and invalid', async () => {
    const list = await (await admin.get('/api/admin/billing/metrics')).json();
    expect(list.data.map((m: { code: string }) => m.code)).toContain('api_calls');
    const metric = { code: `e2e_${run}`.replace(/[^a-z0-9_]/g, ''), name: 'E2E widgets', unit: 'widget', aggregation: 'max' };
    const created = await admin.post('/api/admin/billing/metrics', { data: metric });
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({ ...metric, property: null, dimensions: [] });
    expect((await admin.post('/api/admin/billing/metrics', { data: metric })).status()).toBe(409);
    const invalid = await admin.post('/api/admin/billing/metrics', { data: { ...metric, code: 'x2', aggregation: 'unique_count' } });
    expect(invalid.status()).toBe(422);
    expect((await invalid.json()).error.details).toContainEqual(expect.objectContaining({ field: 'property' }));
    expect((await customer.get('/api/admin/billing/metrics')).status()).toBe(403);
  });

  test('corrections void an event with a reason, once', async () => {
    const id = `e2e-${run}-to-void`;
    await send({ id, customer_id: customerId, metric: 'api_calls', quantity: 40 });
    const before = Number(await todayCalls());
    const voided = await admin.post('/api/admin/billing/usage/corrections', { data: { action: 'void', customer_id: customerId, event_id: id, reason: 'test traffic' } });
    expect(voided.status()).toBe(200);
    expect(Number(await todayCalls())).toBe(before - 40);
    const again = await admin.post('/api/admin/billing/usage/corrections', { data: { action: 'void', customer_id: customerId, event_id: id, reason: 'test traffic' } });
    expect(again.status()).toBe(409);
    const noReason = await admin.post('/api/admin/billing/usage/corrections', { data: { action: 'void', customer_id: customerId, event_id: id } });
    expect(noReason.status()).toBe(422);
    const events = await (await admin.get(`/api/admin/billing/usage/events?customer_id=${customerId}&metric=api_calls&limit=5`)).json();
    expect(events.data.find((e: { event_id: string }) => e.event_id === id)).toMatchObject({ voided: true, void_reason: 'test traffic' });
  });
});
