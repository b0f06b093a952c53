// The webhook-endpoint routes as HTTP sees them: the handlers themselves, called with a billing:admin
// API key against a test database, through the route wrappers and the one error mapper. Validation
// answers 422 naming the field (an unknown field by name, a bad event type on `events`, a private URL
// on `url`); the secret is in the creating answer only.
import { NextRequest } from 'next/server';
import { beforeAll, expect, it, vi } from 'vitest';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import type { Database } from '@/lib/db/client';
import { describeEachEngine } from '@/test/test-database';

const app = vi.hoisted(() => ({ database: null as Database | null }));
vi.mock('@/lib/app/get-database', () => ({
  getDatabase: async () => {
    if (!app.database) throw new Error('no test database yet');
    return app.database;
  },
}));

const { GET: list, POST: create } = await import('./route');
const one = await import('./[id]/route');
const { GET: deliveries } = await import('./[id]/deliveries/route');
const { POST: retry } = await import('./[id]/deliveries/[delivery_id]/retry/route');

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const PUBLIC_URL = 'https://93.184.215.14/meterbill/hooks';

describeEachEngine('the webhook-endpoint routes', (get) => {
  let adminKey: string;
  let usageKey: string;

  beforeAll(async () => {
    app.database = get();
    const actor = { type: 'system', id: null } as const;
    adminKey = (await createApiKey(get().db, { name: 'routes', scopes: ['billing:admin'] }, actor)).key;
    usageKey = (await createApiKey(get().db, { name: 'ingest', scopes: ['usage:write'] }, actor)).key;
  });

  async function call(handler: Handler, method: string, path: string, { body, params = {}, key = adminKey }: { body?: unknown; params?: Record<string, string>; key?: string } = {}) {
    const req = new NextRequest(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const response = await handler(req, { params: Promise.resolve(params) });
    return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> & { error?: { code: string; details: { field?: string; message: string }[] } } };
  }
  const details = (answer: Awaited<ReturnType<typeof call>>) => answer.json.error?.details.map((d) => [d.field, d.message]);

  it('create shows the secret once; list and get never do', async () => {
    const created = await call(create, 'POST', '/api/admin/billing/webhook-endpoints', { body: { url: PUBLIC_URL, events: ['invoice.finalized', 'invoice.paid'], description: 'ERP' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.json).toMatchObject({ url: PUBLIC_URL, events: ['invoice.finalized', 'invoice.paid'], description: 'ERP', enabled: true, disabled_reason: null, failing_since: null });
    expect(created.json.secret).toMatch(/^whsec_/);
    expect(Object.keys(created.json).sort()).toEqual(['created', 'description', 'disabled_reason', 'enabled', 'events', 'failing_since', 'id', 'secret', 'updated', 'url']);
    const id = String(created.json.id);

    const listed = await call(list, 'GET', '/api/admin/billing/webhook-endpoints?limit=10');
    expect(listed.status).toBe(200);
    expect(listed.json).toMatchObject({ has_more: false, data: [expect.objectContaining({ id })] });
    expect(JSON.stringify(listed.json)).not.toContain('whsec_');
    const fetched = await call(one.GET, 'GET', `/api/admin/billing/webhook-endpoints/${id}`, { params: { id } });
    expect(fetched.status).toBe(200);
    expect(fetched.json.secret).toBeUndefined();

    const patched = await call(one.PATCH, 'PATCH', `/api/admin/billing/webhook-endpoints/${id}`, { params: { id }, body: { enabled: false, description: null } });
    expect(patched.json).toMatchObject({ id, enabled: false, description: null, disabled_reason: 'disabled by an admin' });

    const log = await call(deliveries, 'GET', `/api/admin/billing/webhook-endpoints/${id}/deliveries`, { params: { id } });
    expect(log).toMatchObject({ status: 200, json: { data: [], has_more: false } });
    const unknownDelivery = await call(retry, 'POST', `/api/admin/billing/webhook-endpoints/${id}/deliveries/x/retry`, { params: { id, delivery_id: '00000000-0000-4000-8000-000000000000' } });
    expect(unknownDelivery.status).toBe(404);

    expect((await call(one.DELETE, 'DELETE', `/api/admin/billing/webhook-endpoints/${id}`, { params: { id } })).json).toEqual({ id, deleted: true });
    expect((await call(one.GET, 'GET', `/api/admin/billing/webhook-endpoints/${id}`, { params: { id } })).status).toBe(404);
  });

  it('refuses unknown fields by name, bad event types on events, and private or plain-http URLs on url', async () => {
    const path = '/api/admin/billing/webhook-endpoints';
    const typo = await call(create, 'POST', path, { body: { url: PUBLIC_URL, events: ['*'], descripton: 'typo', secret: 'whsec_mine' } });
    expect(typo.status).toBe(422);
    expect(typo.json.error!.code).toBe('validation_failed');
    expect(details(typo)).toEqual([
      ['descripton', 'unknown field'],
      ['secret', 'unknown field'],
    ]);

    const badType = await call(create, 'POST', path, { body: { url: PUBLIC_URL, events: ['invoice.finalized', 'invoice.created'] } });
    expect(badType.status).toBe(422);
    expect(details(badType)).toEqual([['events', expect.stringContaining('"invoice.created"')]]);
    expect((await call(create, 'POST', path, { body: { url: PUBLIC_URL, events: 'invoice.paid' } })).json.error!.details[0]!.field).toBe('events');
    expect((await call(create, 'POST', path, { body: { url: PUBLIC_URL } })).json.error!.details[0]!.field).toBe('events');

    for (const url of ['http://93.184.215.14/hooks', 'https://127.0.0.1/hooks', 'https://[::1]/hooks', 'https://169.254.169.254/hooks', 'https://10.0.0.1/hooks']) {
      const answer = await call(create, 'POST', path, { body: { url, events: ['*'] } });
      expect({ url, status: answer.status, fields: answer.json.error!.details.map((d) => d.field) }).toEqual({ url, status: 422, fields: ['url'] });
    }
    expect((await call(create, 'POST', path, { body: '{"url": ' })).status).toBe(400);

    const created = await call(create, 'POST', path, { body: { url: PUBLIC_URL, events: ['*'] } });
    const id = String(created.json.id);
    const patchTypo = await call(one.PATCH, 'PATCH', `${path}/${id}`, { params: { id }, body: { enabled: true, evnts: ['*'] } });
    expect(patchTypo.status).toBe(422);
    expect(details(patchTypo)).toEqual([['evnts', 'unknown field']]);
    const patchType = await call(one.PATCH, 'PATCH', `${path}/${id}`, { params: { id }, body: { events: ['customer.deleted'] } });
    expect(patchType.status).toBe(422);
    expect(details(patchType)!.map(([field]) => field)).toEqual(['events']);
    const patchUrl = await call(one.PATCH, 'PATCH', `${path}/${id}`, { params: { id }, body: { url: 'https://192.168.0.10/hooks' } });
    expect(details(patchUrl)!.map(([field]) => field)).toEqual(['url']);
    // the endpoint is unchanged by all of it
    expect((await call(one.GET, 'GET', `${path}/${id}`, { params: { id } })).json).toMatchObject({ url: PUBLIC_URL, events: ['*'], enabled: true });
  });

  it('is for admins: a usage key is refused', async () => {
    expect((await call(list, 'GET', '/api/admin/billing/webhook-endpoints', { key: usageKey })).status).toBe(403);
    expect((await call(create, 'POST', '/api/admin/billing/webhook-endpoints', { key: usageKey, body: { url: PUBLIC_URL, events: ['*'] } })).status).toBe(403);
  });
});
