// The webhook-endpoint routes over HTTP against the running app, as the demo admin: the secret is in
// the creating answer only; validation answers 422 naming the field (an unknown field by name, a bad
// event type on `events`, a private or plain-http URL on `url`) and changes nothing; a usage key is
// refused. The URL is a public IP literal: the e2e server allows no private URLs and needs no DNS.
import { randomUUID } from 'node:crypto';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO } from './pages/demo-users';

const PATH = '/api/admin/billing/webhook-endpoints';
const PUBLIC_URL = `https://93.184.215.14/e2e-api/${randomUUID().slice(0, 8)}`;

type ErrorBody = { error: { code: string; details: { field?: string; message: string }[] } };
const fields = async (answer: Awaited<ReturnType<APIRequestContext['post']>>) => ((await answer.json()) as ErrorBody).error.details.map((d) => d.field);

test.describe('the webhook-endpoint routes', () => {
  let api: APIRequestContext;

  test.beforeAll(async ({ baseURL }) => {
    api = await request.newContext({ baseURL });
    expect((await api.post('/api/auth/local/sign-in', { data: { email: DEMO.admin.email, password: DEMO.admin.password } })).status()).toBe(200);
  });
  test.afterAll(() => api.dispose());

  test('create shows the secret once; list and get never do; disable, log, delete', async () => {
    const created = await api.post(PATH, { data: { url: PUBLIC_URL, events: ['invoice.finalized', 'invoice.paid'], description: 'ERP' } });
    expect(created.status()).toBe(201);
    expect(created.headers()['cache-control']).toBe('no-store');
    const endpoint = await created.json();
    expect(endpoint).toMatchObject({ url: PUBLIC_URL, events: ['invoice.finalized', 'invoice.paid'], description: 'ERP', enabled: true, disabled_reason: null, failing_since: null });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
    const id = String(endpoint.id);

    const listed = await api.get(`${PATH}?limit=100`);
    expect(listed.status()).toBe(200);
    expect((await listed.json()).data.map((e: { id: string }) => e.id)).toContain(id);
    expect(await listed.text()).not.toContain('whsec_');
    expect((await (await api.get(`${PATH}/${id}`)).json()).secret).toBeUndefined();

    const patched = await api.patch(`${PATH}/${id}`, { data: { enabled: false, description: null } });
    expect(await patched.json()).toMatchObject({ id, enabled: false, description: null, disabled_reason: 'disabled by an admin' });
    expect(await (await api.get(`${PATH}/${id}/deliveries`)).json()).toEqual({ data: [], has_more: false });
    expect((await api.post(`${PATH}/${id}/deliveries/00000000-0000-4000-8000-000000000000/retry`)).status()).toBe(404);

    expect(await (await api.delete(`${PATH}/${id}`)).json()).toEqual({ id, deleted: true });
    expect((await api.get(`${PATH}/${id}`)).status()).toBe(404);
  });

  test('refuses unknown fields by name, bad event types on events, private or plain-http URLs on url, and changes nothing', async () => {
    const typo = await api.post(PATH, { data: { url: PUBLIC_URL, events: ['*'], descripton: 'typo', secret: 'whsec_mine' } });
    expect(typo.status()).toBe(422);
    expect(((await typo.json()) as ErrorBody).error).toMatchObject({
      code: 'validation_failed',
      details: [
        { field: 'descripton', message: 'unknown field' },
        { field: 'secret', message: 'unknown field' },
      ],
    });
    const badType = await api.post(PATH, { data: { url: PUBLIC_URL, events: ['invoice.finalized', 'invoice.created'] } });
    expect(badType.status()).toBe(422);
    expect(await fields(badType)).toEqual(['events']);
    expect(await fields(await api.post(PATH, { data: { url: PUBLIC_URL } }))).toEqual(['events']);
    for (const url of ['http://93.184.215.14/hooks', 'https://127.0.0.1/hooks', 'https://[::1]/hooks', 'https://169.254.169.254/hooks', 'https://10.0.0.1/hooks', 'https://localhost/hooks']) {
      const answer = await api.post(PATH, { data: { url, events: ['*'] } });
      expect({ url, status: answer.status(), fields: await fields(answer) }).toEqual({ url, status: 422, fields: ['url'] });
    }
    expect((await api.post(PATH, { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"url": ') })).status()).toBe(400);

    const id = String((await (await api.post(PATH, { data: { url: PUBLIC_URL, events: ['*'] } })).json()).id);
    try {
      expect(await fields(await api.patch(`${PATH}/${id}`, { data: { enabled: true, evnts: ['*'] } }))).toEqual(['evnts']);
      expect(await fields(await api.patch(`${PATH}/${id}`, { data: { events: ['customer.deleted'] } }))).toEqual(['events']);
      expect(await fields(await api.patch(`${PATH}/${id}`, { data: { url: 'https://192.168.0.10/hooks' } }))).toEqual(['url']);
      expect(await (await api.get(`${PATH}/${id}`)).json()).toMatchObject({ url: PUBLIC_URL, events: ['*'], enabled: true });
    } finally {
      await api.delete(`${PATH}/${id}`);
    }
  });

  test('is for admins: a usage key is refused', async () => {
    const made = await api.post('/api/admin/billing/api-keys', { data: { name: 'e2e webhooks usage key', scopes: ['usage:write'] } });
    expect(made.status()).toBe(201);
    const { key, id } = await made.json();
    const headers = { authorization: `Bearer ${key}` };
    expect((await api.get(PATH, { headers })).status()).toBe(403);
    expect((await api.post(PATH, { headers, data: { url: PUBLIC_URL, events: ['*'] } })).status()).toBe(403);
    await api.delete(`/api/admin/billing/api-keys/${id}`);
  });
});
