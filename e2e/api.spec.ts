// The HTTP contract of the foundation's routes, against the production server: health/setup, API
// keys (created once, scoped, revocable), the error shape for every kind of bad request.
import { expect, request, test, type APIRequestContext } from '@playwright/test';

const ADMIN = { email: 'admin@example.com', password: 'demo-admin' };
const CUSTOMER = { email: 'customer@example.com', password: 'demo-customer' };

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  const response = await context.post('/api/auth/local/sign-in', { data: user });
  expect(response.status()).toBe(200);
  return context;
}

test.describe('API: setup and API keys', () => {
  let admin: APIRequestContext;
  let anonymous: APIRequestContext;

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedIn(baseURL!, ADMIN);
    anonymous = await request.newContext({ baseURL: baseURL! });
  });

  test.afterAll(async () => {
    await admin.dispose();
    await anonymous.dispose();
  });

  test('GET /api/billing/setup reports the embedded database, its tables and demo counts', async () => {
    const response = await admin.get('/api/billing/setup');
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.ok).toBe(true);
    expect(body.database.engine).toBe('pglite');
    expect(body.database.up_to_date).toBe(true);
    expect(Object.values(body.database.tables).every(Boolean)).toBe(true);
    expect(body.counts.customers).toBe(12);
    expect(body.revenue.currency).toBe('usd');
    expect(body.revenue.mrr).toMatch(/^\d+\.\d{2}$/);
  });

  test('POST /api/billing/setup is idempotent', async () => {
    const first = await (await admin.post('/api/billing/setup')).json();
    const second = await (await admin.post('/api/billing/setup')).json();
    expect(first.applied).toEqual({ migrations: [], metrics: 0, plans: 0, alert_rules: 0 });
    expect(second.applied).toEqual(first.applied);
    expect(second.counts).toEqual(first.counts);
  });

  test('without credentials: 401 in the error shape; as a customer: 403', async ({ baseURL }) => {
    const response = await anonymous.get('/api/billing/setup');
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), details: [] } });

    const customer = await signedIn(baseURL!, CUSTOMER);
    const forbidden = await customer.get('/api/billing/setup');
    expect(forbidden.status()).toBe(403);
    expect((await forbidden.json()).error.code).toBe('forbidden');
    await customer.dispose();
  });

  test('API keys: shown once, scoped, revocable', async () => {
    const created = await admin.post('/api/admin/billing/api-keys', { data: { name: 'ops script', scopes: ['billing:admin'] } });
    expect(created.status()).toBe(201);
    const adminKey = await created.json();
    expect(adminKey.key).toMatch(/^mb_/);
    expect(adminKey.key.startsWith(adminKey.prefix)).toBe(true);

    const usage = await (await admin.post('/api/admin/billing/api-keys', { data: { name: 'ingest', scopes: ['usage:write'] } })).json();

    // the admin key works as Bearer and as X-API-Key
    expect((await anonymous.get('/api/billing/setup', { headers: { authorization: `Bearer ${adminKey.key}` } })).status()).toBe(200);
    expect((await anonymous.get('/api/billing/setup', { headers: { 'x-api-key': adminKey.key } })).status()).toBe(200);
    // a usage key may not act as an admin
    const refused = await anonymous.get('/api/billing/setup', { headers: { authorization: `Bearer ${usage.key}` } });
    expect(refused.status()).toBe(403);
    // a made-up key is a 401, not a fall-back to cookies
    const invalid = await admin.get('/api/billing/setup', { headers: { authorization: `Bearer mb_${'x'.repeat(40)}` } });
    expect(invalid.status()).toBe(401);
    expect((await invalid.json()).error.code).toBe('invalid_api_key');

    // the list shows prefixes, never keys
    const listed = await (await admin.get('/api/admin/billing/api-keys')).text();
    expect(listed).toContain(adminKey.prefix);
    expect(listed).not.toContain(adminKey.key);

    const revoked = await admin.delete(`/api/admin/billing/api-keys/${adminKey.id}`);
    expect(revoked.status()).toBe(200);
    expect((await anonymous.get('/api/billing/setup', { headers: { authorization: `Bearer ${adminKey.key}` } })).status()).toBe(401);
    expect((await admin.delete('/api/admin/billing/api-keys/00000000-0000-4000-8000-000000000000')).status()).toBe(404);
  });

  test('bad input: malformed JSON 400, invalid fields 422 naming the field, nothing written', async () => {
    const before = (await (await admin.get('/api/admin/billing/api-keys')).json()).data.length;
    // a Buffer goes out byte for byte (a string would be JSON-encoded into valid JSON)
    const malformed = await admin.post('/api/admin/billing/api-keys', { data: Buffer.from('{"name": "x", '), headers: { 'content-type': 'application/json' } });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.code).toBe('invalid_json');

    const invalid = await admin.post('/api/admin/billing/api-keys', { data: { name: '', scopes: ['everything'] } });
    expect(invalid.status()).toBe(422);
    const body = await invalid.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'scopes.0']);

    const after = (await (await admin.get('/api/admin/billing/api-keys')).json()).data.length;
    expect(after).toBe(before);
  });

  test('local sign-in: wrong password is refused', async () => {
    const response = await anonymous.post('/api/auth/local/sign-in', { data: { email: ADMIN.email, password: 'wrong' } });
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe('invalid_credentials');
  });
});
