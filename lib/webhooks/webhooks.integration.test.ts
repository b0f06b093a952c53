// Outgoing webhooks end to end, over real HTTP to receivers on 127.0.0.1: events queued by the
// product's own business functions are fanned out and delivered, each signed as Standard Webhooks
// says, which the receivers check with their own HMAC (node:crypto, not the package that signed);
// retries follow the schedule, concurrent deliverers never send an event twice, a slow endpoint holds
// up nobody else, private addresses are refused, and an endpoint failing for three days is disabled.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { toCustomerView } from '@/lib/customers/customer-schemas';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { updateCustomer } from '@/lib/customers/update-customer';
import type { Database } from '@/lib/db/client';
import { auditLog, notificationOutbox, webhookDeliveries, webhookEndpoints, workspaces } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { runBilling } from '@/lib/invoicing/run-billing';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { getSubscriptionView } from '@/lib/subscriptions/subscription-view';
import { DAY_MS } from '@/lib/time/utc-day';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@/test/webhook-receiver';
import { createWebhookEndpoint } from './create-webhook-endpoint';
import { deleteWebhookEndpoint } from './delete-webhook-endpoint';
import { deliverDueWebhooks } from './deliver-due-webhooks';
import { deliverWebhooks } from './deliver-webhooks';
import { fanOutWebhookEvents } from './fan-out-webhook-events';
import { listWebhookDeliveries } from './list-webhook-deliveries';
import { listWebhookEndpoints } from './list-webhook-endpoints';
import { retryWebhookDelivery } from './retry-webhook-delivery';
import { updateWebhookEndpoint } from './update-webhook-endpoint';
import type { HostLookup } from './webhook-url-safety';

const NOW = new Date('2026-11-22T10:00:00Z');
const MINUTE = 60_000;
const ACTOR: Actor = { type: 'user', id: 'webhook-admin' };
const CONFIG = billingConfig(parseEnv({}));
/** The receivers are on 127.0.0.1: these tests allow private URLs, as WEBHOOK_ALLOW_PRIVATE_URLS=1 does. */
const LOCAL = { allowPrivateUrls: true } as const;
/** A resolver that knows a few names, as DNS would answer them, without the network. */
const fakeDns =
  (names: Record<string, string[]>): HostLookup =>
  async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

// ---- the receiver's own check of a Standard Webhooks signature, independent of the signer ----------

/** HMAC-SHA256 over "{id}.{timestamp}.{body}" with the base64 key after "whsec_", compared in constant time. */
function verifiesIndependently(secret: string, request: ReceivedWebhook): boolean {
  const id = String(request.headers['webhook-id'] ?? '');
  const timestamp = String(request.headers['webhook-timestamp'] ?? '');
  const signatures = String(request.headers['webhook-signature'] ?? '').split(' ');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64'));
  return signatures.some((s) => {
    const [version, signature] = s.split(',');
    const given = Buffer.from(signature ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The signature's time is the attempt's: the run's `now` plus the seconds it has run, never before. */
function timestampFits(request: ReceivedWebhook, now: Date): boolean {
  const timestamp = String(request.headers['webhook-timestamp'] ?? '');
  const seconds = Number(timestamp);
  const expected = Math.floor(now.getTime() / 1000);
  return /^\d+$/.test(timestamp) && seconds >= expected && seconds <= expected + 30;
}

type Event = { id: string; type: string; created: string; data: { object: Record<string, unknown> } };
const eventOf = (request: ReceivedWebhook) => JSON.parse(request.body) as Event;

describeEachEngine('outgoing webhooks', (get) => {
  const receivers: WebhookReceiver[] = [];
  let workspaceCount = 0;

  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  /** Each test works in a workspace of its own, so endpoints and events of one never reach another. */
  async function freshWorkspace(): Promise<Database> {
    const slug = `hooks-${++workspaceCount}-${Math.random().toString(36).slice(2, 8)}`;
    const [row] = await get().installation.db.insert(workspaces).values({ slug, name: slug }).returning();
    return get().inWorkspace(row!.id);
  }

  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }

  const newCustomer = (database: Database, name: string, now = NOW) =>
    createCustomer(database.db, { name, email: `${name.toLowerCase().replace(/\W+/g, '-')}@example.com` }, { actor: ACTOR, now, defaultCurrency: 'usd' });

  it('delivers a signed event whose data.object is the customer as the API shows it', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    const hook = await receiver();
    const endpoint = await createWebhookEndpoint(db, { url: hook.url, events: ['customer.created', 'customer.updated'], description: 'CRM sync' }, { actor: ACTOR, ...LOCAL });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(endpoint.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(endpoint).toMatchObject({ url: hook.url, events: ['customer.created', 'customer.updated'], description: 'CRM sync', enabled: true, failing_since: null });

    const customer = await newCustomer(database, 'Initech');
    const result = await deliverWebhooks(db, { now: NOW, ...LOCAL });
    expect(result).toMatchObject({ events: 1, deliveries: 1, done: 1, failed: 0, remaining: 0 });

    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(verifiesIndependently(endpoint.secret, request!)).toBe(true);
    expect(verifiesIndependently(`whsec_${Buffer.from('another secret entirely!').toString('base64')}`, request!)).toBe(false);
    expect(timestampFits(request!, NOW)).toBe(true);
    expect(request!.headers['content-type']).toBe('application/json');

    const event = eventOf(request!);
    expect(Object.keys(event)).toEqual(['id', 'type', 'created', 'data']);
    expect(event.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(request!.headers['webhook-id']).toBe(event.id);
    expect(event.type).toBe('customer.created');
    expect(new Date(event.created).toISOString()).toBe(event.created);
    expect(event.data.object).toEqual(toCustomerView(await getCustomerOrThrow(db, customer.id)));

    // the outbox row keeps the body as sent, and its id is the event's
    const [outboxRow] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.channel, 'webhook'));
    expect(outboxRow).toMatchObject({ status: 'sent', template: 'customer.created' });
    expect(outboxRow!.payload.event).toBe(request!.body);
    expect(`msg_${outboxRow!.id.replace(/-/g, '')}`).toBe(event.id);

    // the delivery log
    const log = await listWebhookDeliveries(db, endpoint.id);
    expect(log).toEqual({
      data: [
        expect.objectContaining({ event_id: event.id, type: 'customer.created', status: 'succeeded', attempts: 1, response_status: 200, next_attempt_at: null, last_error: null, delivered_at: NOW.toISOString() }),
      ],
      has_more: false,
    });

    // an update is an event of its own, with the object as it is now; nothing is sent twice
    await updateCustomer(db, customer.id, { name: 'Initech Ltd' }, { actor: ACTOR, now: NOW });
    await deliverWebhooks(db, { now: NOW, ...LOCAL });
    expect(hook.received.map((r) => eventOf(r).type)).toEqual(['customer.created', 'customer.updated']);
    const updated = eventOf(hook.received[1]!);
    expect(updated.id).not.toBe(event.id);
    expect(updated.data.object).toEqual(toCustomerView(await getCustomerOrThrow(db, customer.id)));
    expect(updated.data.object.name).toBe('Initech Ltd');
    expect(await deliverWebhooks(db, { now: new Date(NOW.getTime() + DAY_MS), ...LOCAL })).toEqual({ events: 0, deliveries: 0, done: 0, failed: 0, remaining: 0 });
    expect(hook.received).toHaveLength(2);
  });

  it('a billing run sends invoice.finalized with the invoice as GET /api/billing/invoices/[id] shows it, and only the types asked for', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    const invoicesHook = await receiver();
    const everythingHook = await receiver();
    const invoicesOnly = await createWebhookEndpoint(db, { url: invoicesHook.url, events: ['invoice.finalized', 'subscription.created'] }, { actor: ACTOR, ...LOCAL });
    const everything = await createWebhookEndpoint(db, { url: everythingHook.url, events: ['*'] }, { actor: ACTOR, ...LOCAL });

    await ensureDefaultCatalog(db);
    const start = new Date(NOW.getTime() - 45 * DAY_MS);
    const customer = await newCustomer(database, 'Hooli', start);
    const subscription = await createSubscription(db, { customer_id: customer.id, plan_code: 'api_growth', start_date: start.toISOString(), trial_days: 0 }, { actor: ACTOR, now: start, config: CONFIG });
    const run = await runBilling(database, { now: NOW, config: CONFIG, actor: ACTOR, trigger: 'manual', customerId: customer.id });
    expect(run.invoiced).toBe(1);
    const invoiceId = run.invoice_ids[0]!;

    await deliverWebhooks(db, { now: NOW, ...LOCAL });
    // deliveries go out side by side: webhooks promise no order (the event's `created` tells it)
    const byType = (hook: WebhookReceiver) => [...hook.received].sort((a, b) => eventOf(a).type.localeCompare(eventOf(b).type));
    expect(byType(invoicesHook).map((r) => eventOf(r).type)).toEqual(['invoice.finalized', 'subscription.created']);
    for (const request of invoicesHook.received) expect(verifiesIndependently(invoicesOnly.secret, request)).toBe(true);
    for (const request of everythingHook.received) expect(verifiesIndependently(everything.secret, request)).toBe(true);
    const [invoiceEvent, subscriptionEvent] = byType(invoicesHook).map(eventOf);
    expect(invoiceEvent!.data.object).toEqual(JSON.parse(JSON.stringify(await loadInvoiceView(db, invoiceId))));
    expect(invoiceEvent!.data.object).toMatchObject({ id: invoiceId, status: 'open', customer_id: customer.id });
    expect(subscriptionEvent!.data.object).toEqual(await getSubscriptionView(db, subscription.id));

    // '*' hears everything, the same events with the same ids and bodies
    const types = everythingHook.received.map((r) => eventOf(r).type);
    expect(types).toEqual(expect.arrayContaining(['customer.created', 'subscription.created', 'invoice.finalized']));
    const sameInvoiceEvent = everythingHook.received.find((r) => eventOf(r).type === 'invoice.finalized')!;
    const invoiceRequest = byType(invoicesHook)[0]!;
    expect(sameInvoiceEvent.body).toBe(invoiceRequest.body);
    expect(sameInvoiceEvent.headers['webhook-id']).toBe(invoiceRequest.headers['webhook-id']);
    // signed with each endpoint's own secret
    expect(sameInvoiceEvent.headers['webhook-signature']).not.toBe(invoiceRequest.headers['webhook-signature']);
  });

  it('an endpoint that fails twice gets the event on the third attempt, after each backoff, with the same id and bytes', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    const hook = await receiver();
    hook.answer(500, 503, 204);
    const endpoint = await createWebhookEndpoint(db, { url: hook.url, events: ['*'] }, { actor: ACTOR, ...LOCAL });
    await newCustomer(database, 'Umbrella');

    expect(await deliverWebhooks(db, { now: NOW, ...LOCAL })).toMatchObject({ done: 0, failed: 1, remaining: 0 });
    let [delivery] = (await listWebhookDeliveries(db, endpoint.id)).data;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, response_status: 500, last_error: 'HTTP 500: receiver says 500', next_attempt_at: new Date(NOW.getTime() + MINUTE).toISOString() });
    expect((await listWebhookEndpoints(db)).data[0]!.failing_since).toBe(NOW.toISOString());

    // not due yet: nothing is sent
    expect(await deliverDueWebhooks(db, { now: new Date(NOW.getTime() + 59_000), ...LOCAL })).toEqual({ done: 0, failed: 0, remaining: 0 });
    expect(hook.received).toHaveLength(1);

    const second = new Date(NOW.getTime() + MINUTE);
    expect(await deliverDueWebhooks(db, { now: second, ...LOCAL })).toMatchObject({ done: 0, failed: 1 });
    [delivery] = (await listWebhookDeliveries(db, endpoint.id)).data;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, response_status: 503, next_attempt_at: new Date(second.getTime() + 5 * MINUTE).toISOString() });

    const third = new Date(second.getTime() + 5 * MINUTE);
    expect(await deliverDueWebhooks(db, { now: third, ...LOCAL })).toMatchObject({ done: 1, failed: 0 });
    [delivery] = (await listWebhookDeliveries(db, endpoint.id)).data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, response_status: 204, last_error: null, next_attempt_at: null, delivered_at: third.toISOString() });
    // a success ends the run of failures
    expect((await listWebhookEndpoints(db)).data[0]!.failing_since).toBeNull();

    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    hook.received.forEach((request, i) => {
      expect(verifiesIndependently(endpoint.secret, request)).toBe(true);
      expect(timestampFits(request, [NOW, second, third][i]!)).toBe(true);
    });
  });

  it('two deliverers running at once send each event to each endpoint exactly once', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    const hooks = [await receiver(), await receiver()];
    const endpoints: Awaited<ReturnType<typeof createWebhookEndpoint>>[] = [];
    for (const hook of hooks) endpoints.push(await createWebhookEndpoint(db, { url: hook.url, events: ['customer.created'] }, { actor: ACTOR, ...LOCAL }));
    for (let i = 0; i < 12; i++) await newCustomer(database, `Parallel ${i}`);

    const runs = await Promise.all([deliverWebhooks(db, { now: NOW, ...LOCAL, fanOutLimit: 5 }), deliverWebhooks(db, { now: NOW, ...LOCAL, fanOutLimit: 5 }), deliverWebhooks(db, { now: NOW, ...LOCAL, fanOutLimit: 5 })]);
    expect(runs.reduce((n, r) => n + r.events, 0)).toBe(12);
    expect(runs.reduce((n, r) => n + r.deliveries, 0)).toBe(24);
    const notDone = (await db.select().from(webhookDeliveries)).filter((d) => d.status !== 'succeeded');
    expect(notDone).toEqual([]);
    expect(runs.reduce((n, r) => n + r.done, 0)).toBe(24);
    hooks.forEach((hook, i) => {
      const ids = hook.received.map((r) => String(r.headers['webhook-id']));
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      for (const request of hook.received) expect(verifiesIndependently(endpoints[i]!.secret, request)).toBe(true);
    });
    // and again, later: nothing left to send
    await Promise.all([deliverWebhooks(db, { now: new Date(NOW.getTime() + DAY_MS), ...LOCAL }), deliverDueWebhooks(db, { now: new Date(NOW.getTime() + DAY_MS), ...LOCAL })]);
    expect(hooks.map((h) => h.received.length)).toEqual([12, 12]);
  });

  it('a slow endpoint that never answers does not hold up another endpoint beyond its own timeout', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    const slow = await receiver();
    slow.answer('hang');
    const fast = await receiver();
    await createWebhookEndpoint(db, { url: slow.url, events: ['*'] }, { actor: ACTOR, ...LOCAL });
    await createWebhookEndpoint(db, { url: fast.url, events: ['*'] }, { actor: ACTOR, ...LOCAL });
    for (let i = 0; i < 4; i++) await newCustomer(database, `Patient ${i}`);
    await fanOutWebhookEvents(db, { now: NOW });

    const timeoutMs = 1_500;
    // elapsed real time, not a date: the timeout is real time whatever `now` says
    const started = Date.now();
    const result = await deliverDueWebhooks(db, { now: NOW, timeoutMs, ...LOCAL });
    const took = Date.now() - started;
    expect(result).toEqual({ done: 4, failed: 4, remaining: 0 });
    expect(fast.received).toHaveLength(4);
    // every fast delivery arrived before the slow endpoint's first attempts even timed out
    expect(Math.max(...fast.received.map((r) => r.receivedAt)) - started).toBeLessThan(timeoutMs);
    // the slow endpoint had two attempts at a time: four attempts took two timeouts, not four
    expect(slow.received).toHaveLength(4);
    expect(took).toBeGreaterThanOrEqual(2 * timeoutMs);
    expect(took).toBeLessThan(4 * timeoutMs);
    const slowLog = (await db.select().from(webhookDeliveries)).filter((d) => d.status === 'pending');
    expect(slowLog).toHaveLength(4);
    for (const d of slowLog) expect(d).toMatchObject({ attempts: 1, responseStatus: null, lastError: 'no answer within 1.5 s' });
  });

  it('refuses URLs that are not https or reach private addresses, at creation, at a change and before each delivery', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    const lookup = fakeDns({ 'hooks.partner.example': ['93.184.215.14'], 'sneaky.partner.example': ['93.184.215.15', '127.0.0.1'], 'rebind.partner.example': ['93.184.215.16'] });
    const strict = { actor: ACTOR, allowPrivateUrls: false, lookup };
    const refused = [
      'http://127.0.0.1:8080/hooks',
      'http://hooks.partner.example/hooks',
      'https://localhost/hooks',
      'https://10.0.0.1/hooks',
      'https://172.16.5.4/hooks',
      'https://192.168.1.10/hooks',
      'https://100.64.0.1/hooks',
      'https://[::1]/hooks',
      'https://[::ffff:127.0.0.1]/hooks',
      'https://[fd12:3456::1]/hooks',
      'https://[fe80::1]/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://0.0.0.0/hooks',
      'https://2130706433/hooks',
      'https://sneaky.partner.example/hooks',
      'https://nowhere.partner.example/hooks',
      'ftp://hooks.partner.example/hooks',
      'not a url',
    ];
    for (const url of refused) {
      const error = await apiError(createWebhookEndpoint(db, { url, events: ['*'] }, { ...strict, lookup: url.includes('localhost') ? fakeDns({ localhost: ['127.0.0.1', '::1'] }) : lookup }));
      expect({ url, ...error }).toMatchObject({ url, status: 422, code: 'validation_failed', fields: ['url'] });
    }
    // a name the system resolver maps to loopback: the addresses are checked, not the name
    expect(await apiError(createWebhookEndpoint(db, { url: 'https://localhost:8443/hooks', events: ['*'] }, { actor: ACTOR, allowPrivateUrls: false }))).toMatchObject({ status: 422, fields: ['url'] });
    const sneaky = await apiError(createWebhookEndpoint(db, { url: 'https://sneaky.partner.example/hooks', events: ['*'] }, strict));
    expect(sneaky.messages[0]).toMatch(/resolves to 127\.0\.0\.1/);
    expect(await db.select().from(webhookEndpoints)).toHaveLength(0);

    // a public one is fine, and changing it to a private one is refused
    const endpoint = await createWebhookEndpoint(db, { url: 'https://rebind.partner.example/hooks', events: ['*'] }, strict);
    expect(await apiError(updateWebhookEndpoint(db, endpoint.id, { url: 'https://10.1.2.3/hooks' }, strict))).toMatchObject({ status: 422, fields: ['url'] });
    expect(await apiError(updateWebhookEndpoint(db, endpoint.id, { url: 'http://hooks.partner.example/hooks' }, strict))).toMatchObject({ status: 422, fields: ['url'] });

    // DNS changes after the endpoint was saved: the delivery is refused before anything is sent
    await newCustomer(database, 'Rebinder');
    let sent = 0;
    const spy: typeof fetch = async () => {
      sent += 1;
      return new Response('ok');
    };
    const rebound = fakeDns({ 'rebind.partner.example': ['169.254.169.254'] });
    expect(await deliverWebhooks(db, { now: NOW, allowPrivateUrls: false, lookup: rebound, fetch: spy })).toMatchObject({ done: 0, failed: 1 });
    expect(sent).toBe(0);
    const [delivery] = (await listWebhookDeliveries(db, endpoint.id)).data;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, response_status: null });
    expect(delivery!.last_error).toBe('not sent: the host rebind.partner.example resolves to 169.254.169.254, a private, loopback, link-local or reserved address');

    // with the public address back, the next attempt goes out
    expect(await deliverDueWebhooks(db, { now: new Date(NOW.getTime() + MINUTE), allowPrivateUrls: false, lookup, fetch: spy })).toMatchObject({ done: 1 });
    expect(sent).toBe(1);
  });

  it('disables an endpoint whose deliveries have failed for three days, audits it and queues an admin_alert', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    await get().installation.db.update(workspaces).set({ adminAlertEmails: ['ops@example.com'] }).where(eq(workspaces.id, database.workspaceId));
    const hook = await receiver();
    hook.answer(503);
    const endpoint = await createWebhookEndpoint(db, { url: hook.url, events: ['customer.created'] }, { actor: ACTOR, ...LOCAL });

    await newCustomer(database, 'First Failure');
    await deliverWebhooks(db, { now: NOW, ...LOCAL, appUrl: 'https://billing.example.com' });
    // a day of retries later the first delivery has failed for good; the endpoint is still on
    let t = NOW.getTime();
    for (let attempt = 0; attempt < 7; attempt++) {
      const [due] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.status, 'pending'));
      t = due!.nextAttemptAt.getTime();
      await deliverDueWebhooks(db, { now: new Date(t), ...LOCAL });
    }
    const [first] = (await listWebhookDeliveries(db, endpoint.id)).data;
    expect(first).toMatchObject({ status: 'failed', attempts: 8, next_attempt_at: null });
    expect(t - NOW.getTime()).toBeGreaterThanOrEqual(DAY_MS);
    expect((await listWebhookEndpoints(db)).data[0]).toMatchObject({ enabled: true, failing_since: NOW.toISOString() });

    // just under three days: still on
    const almost = new Date(NOW.getTime() + 3 * DAY_MS - MINUTE);
    await newCustomer(database, 'Second Failure', almost);
    await deliverWebhooks(db, { now: almost, ...LOCAL });
    expect((await listWebhookEndpoints(db)).data[0]!.enabled).toBe(true);

    // past three days: disabled, once
    const later = new Date(NOW.getTime() + 3 * DAY_MS + MINUTE);
    await deliverDueWebhooks(db, { now: later, ...LOCAL, appUrl: 'https://billing.example.com' });
    const [disabled] = (await listWebhookEndpoints(db)).data;
    expect(disabled).toMatchObject({ enabled: false, failing_since: NOW.toISOString() });
    expect(disabled!.disabled_reason).toContain('HTTP 503');

    const alerts = await db.select().from(notificationOutbox).where(and(eq(notificationOutbox.channel, 'email'), eq(notificationOutbox.template, 'admin_alert')));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      status: 'queued',
      toEmails: ['ops@example.com'],
      dedupeKey: `admin_alert:webhook_endpoint_disabled:${endpoint.id}:${NOW.toISOString()}`,
      payload: { title: 'A webhook endpoint was disabled', link: 'https://billing.example.com/admin/webhooks' },
    });
    expect(String(alerts[0]!.payload.message)).toContain(hook.url);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'webhook_endpoint.disabled'));
    expect(audit).toMatchObject({ actorType: 'system', entityId: endpoint.id });
    expect(JSON.stringify(audit!.details)).not.toContain(endpoint.secret);

    // a disabled endpoint gets nothing, not even its pending delivery; enabling it resumes with a clean slate
    const before = hook.received.length;
    await newCustomer(database, 'While Disabled', later);
    expect(await deliverWebhooks(db, { now: new Date(later.getTime() + DAY_MS), ...LOCAL })).toMatchObject({ deliveries: 0, done: 0, failed: 0 });
    expect(hook.received).toHaveLength(before);
    hook.answer(200);
    const enabled = await updateWebhookEndpoint(db, endpoint.id, { enabled: true }, { actor: ACTOR, ...LOCAL });
    expect(enabled).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
    expect(await deliverDueWebhooks(db, { now: new Date(later.getTime() + DAY_MS), ...LOCAL })).toMatchObject({ done: 1, failed: 0 });
  });

  it('retries a failed delivery at once when asked, and refuses what cannot be retried', async () => {
    const database = await freshWorkspace();
    const { db } = database;
    const hook = await receiver();
    hook.answer(500);
    const endpoint = await createWebhookEndpoint(db, { url: hook.url, events: ['*'] }, { actor: ACTOR, ...LOCAL });
    await newCustomer(database, 'Retry Me');
    await deliverWebhooks(db, { now: NOW, ...LOCAL });
    const [delivery] = (await listWebhookDeliveries(db, endpoint.id)).data;
    // the operator fixed the receiver and retries now, well before the next scheduled attempt
    hook.answer(200);
    const retried = await retryWebhookDelivery(db, endpoint.id, delivery!.id, { now: new Date(NOW.getTime() + 10_000), ...LOCAL });
    expect(retried).toMatchObject({ id: delivery!.id, status: 'succeeded', attempts: 2, response_status: 200, next_attempt_at: null });
    expect(hook.received.map((r) => r.headers['webhook-id'])).toEqual([delivery!.event_id, delivery!.event_id]);
    expect(await apiError(retryWebhookDelivery(db, endpoint.id, delivery!.id, { now: NOW, ...LOCAL }))).toMatchObject({ status: 409, code: 'invalid_transition' });
    expect(await apiError(retryWebhookDelivery(db, endpoint.id, '00000000-0000-4000-8000-000000000000', { now: NOW, ...LOCAL }))).toMatchObject({ status: 404 });
    expect(await apiError(retryWebhookDelivery(db, endpoint.id, 'nope', { now: NOW, ...LOCAL }))).toMatchObject({ status: 404 });
    // another workspace's endpoint is not there
    const other = await freshWorkspace();
    expect(await apiError(retryWebhookDelivery(other.db, endpoint.id, delivery!.id, { now: NOW, ...LOCAL }))).toMatchObject({ status: 404 });
    expect(await apiError(listWebhookDeliveries(other.db, endpoint.id))).toMatchObject({ status: 404 });
  });

  describe('endpoints', () => {
    it('are listed newest first without secrets, paged, changed and deleted with audit entries that never hold the secret', async () => {
      const database = await freshWorkspace();
      const { db } = database;
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await createWebhookEndpoint(db, { url: `https://hooks${i}.example.com/in`, events: ['invoice.paid'] }, { actor: ACTOR, lookup: fakeDns({ [`hooks${i}.example.com`]: ['93.184.215.14'] }), allowPrivateUrls: false }));
      const page = await listWebhookEndpoints(db, { limit: 2 });
      expect(page.has_more).toBe(true);
      expect(page.data.map((e) => e.id)).toEqual([made[2]!.id, made[1]!.id]);
      expect(page.data.every((e) => !('secret' in e))).toBe(true);
      expect((await listWebhookEndpoints(db, { limit: 2, starting_after: made[1]!.id })).data.map((e) => e.id)).toEqual([made[0]!.id]);

      const changed = await updateWebhookEndpoint(db, made[0]!.id, { events: ['*'], description: 'all of it', enabled: false }, { actor: ACTOR, ...LOCAL });
      expect(changed).toMatchObject({ events: ['*'], description: 'all of it', enabled: false, disabled_reason: 'disabled by an admin' });
      expect(await deleteWebhookEndpoint(db, made[1]!.id, { actor: ACTOR })).toEqual({ id: made[1]!.id, deleted: true });
      expect(await apiError(deleteWebhookEndpoint(db, made[1]!.id, { actor: ACTOR }))).toMatchObject({ status: 404 });
      expect((await listWebhookEndpoints(db)).data.map((e) => e.id)).toEqual([made[2]!.id, made[0]!.id]);

      const entries = await db.select().from(auditLog);
      expect(entries.map((e) => e.action).sort()).toEqual(['webhook_endpoint.created', 'webhook_endpoint.created', 'webhook_endpoint.created', 'webhook_endpoint.deleted', 'webhook_endpoint.updated']);
      const updatedEntry = entries.find((e) => e.action === 'webhook_endpoint.updated')!;
      expect(updatedEntry.details).toEqual({
        before: { events: ['invoice.paid'], description: null, enabled: true },
        after: { events: ['*'], description: 'all of it', enabled: false },
      });
      const all = JSON.stringify(entries);
      for (const endpoint of made) expect(all).not.toContain(endpoint.secret.slice(6));
      // no business event was queued for any of it
      expect(await db.select().from(notificationOutbox)).toHaveLength(0);
    });

    it('validate their events and refuse unknown fields by name', async () => {
      const { db } = await freshWorkspace();
      const sent = <T>(body: unknown) => body as T;
      expect(await apiError(createWebhookEndpoint(db, { url: 'http://127.0.0.1/x', events: ['invoice.created'] }, { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 422, fields: ['events'] });
      expect(await apiError(createWebhookEndpoint(db, { url: 'http://127.0.0.1/x', events: [] }, { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 422, fields: ['events'] });
      expect(await apiError(createWebhookEndpoint(db, { url: 'http://127.0.0.1/x', events: ['*', 'invoice.paid'] }, { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 422, fields: ['events'] });
      expect(await apiError(createWebhookEndpoint(db, sent({ url: 'http://127.0.0.1/x', events: ['*'], secret: 'whsec_mine' }), { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 422, fields: ['secret'], messages: ['unknown field'] });
      const endpoint = await createWebhookEndpoint(db, { url: 'http://127.0.0.1/x', events: ['invoice.paid', 'invoice.paid'] }, { actor: ACTOR, ...LOCAL });
      expect(endpoint.events).toEqual(['invoice.paid']);
      expect(await apiError(updateWebhookEndpoint(db, endpoint.id, sent({ enabeld: false }), { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 422, fields: ['enabeld'], messages: ['unknown field'] });
      expect(await apiError(updateWebhookEndpoint(db, endpoint.id, {}, { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 422 });
      expect(await apiError(updateWebhookEndpoint(db, endpoint.id, { events: ['payment.made'] }, { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 422, fields: ['events'] });
      expect(await apiError(updateWebhookEndpoint(db, 'not-an-id', { enabled: false }, { actor: ACTOR, ...LOCAL }))).toMatchObject({ status: 404 });
    });
  });
});
