// The fake Stripe server as a process of its own, for the browser tests (scripts/e2e.mjs starts it):
// `npx tsx test/fake-stripe/serve.ts`. Every event it records is delivered to the app's webhook as
// Stripe delivers them: a POST of the event's JSON signed in the Stripe-Signature header with the
// endpoint's secret, retried with backoff while the app answers anything but 2xx. Deliveries go one
// at a time in the order the events happened (Stripe guarantees no order; one at a time keeps a
// test's story readable, and the app's handlers converge whatever the order).
//
// Environment:
//   FAKE_STRIPE_PORT             port to listen on (default: a free one; the URL is printed)
//   FAKE_STRIPE_WEBHOOK_URL      where events go (unset: recorded only)
//   FAKE_STRIPE_WEBHOOK_SECRET   whsec_… the app verifies with (required with a webhook URL)
//
// Test-control endpoints (no API key), README.md lists them: GET /__fake/health, GET /__fake/events,
// GET /__fake/deliveries, POST /__fake/setup_intents/:id/complete, POST /__fake/payment_intents/:id/confirm,
// POST /__fake/payment_intents/:id/settle, POST /__fake/customers/:id/attach_payment_method.
import Stripe from 'stripe';
import { startFakeStripe, type FakeStripe, type FakeStripeEvent } from './fake-stripe-server';

type Delivery = { event_id: string; type: string; attempts: number; status: 'pending' | 'delivered' | 'failed'; last_response: number | null };

const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000];
const webhookUrl = process.env.FAKE_STRIPE_WEBHOOK_URL || null;
const webhookSecret = process.env.FAKE_STRIPE_WEBHOOK_SECRET || null;
if (webhookUrl && !webhookSecret?.startsWith('whsec_')) {
  console.error('[fake-stripe] FAKE_STRIPE_WEBHOOK_SECRET (whsec_…) is required with FAKE_STRIPE_WEBHOOK_URL');
  process.exit(2);
}

const deliveries: Delivery[] = [];
const queue: FakeStripeEvent[] = [];
let draining = false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(event: FakeStripeEvent, record: Delivery): Promise<void> {
  const payload = JSON.stringify(event);
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    record.attempts = attempt + 1;
    try {
      // signed at each attempt, as Stripe does: a retry carries a fresh timestamp
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret! });
      const response = await fetch(webhookUrl!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature, 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
        body: payload,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      record.last_response = response.status;
      if (response.ok) {
        record.status = 'delivered';
        return;
      }
    } catch {
      record.last_response = null;
    }
    if (attempt < RETRY_DELAYS_MS.length) await sleep(RETRY_DELAYS_MS[attempt]!);
  }
  record.status = 'failed';
  console.error(`[fake-stripe] gave up delivering ${event.type} ${event.id} (last answer ${record.last_response ?? 'none'})`);
}

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    while (queue.length) {
      const event = queue.shift()!;
      await deliver(event, deliveries.find((d) => d.event_id === event.id)!);
    }
  } finally {
    draining = false;
  }
}

function onEvent(event: FakeStripeEvent): void {
  deliveries.push({ event_id: event.id, type: event.type, attempts: 0, status: webhookUrl ? 'pending' : 'delivered', last_response: null });
  if (!webhookUrl) return;
  queue.push(event);
  // after the request that caused it has answered, as Stripe sends events after the fact
  setImmediate(() => void drain());
}

/** The control endpoints' answers; undefined for any other path. */
function control(fake: FakeStripe, method: string, path: string, query: URLSearchParams, body: string): Promise<{ status: number; body: unknown }> | undefined {
  if (!path.startsWith('/__fake/')) return undefined;
  const form = new URLSearchParams(body);
  const run = async (): Promise<{ status: number; body: unknown }> => {
    if (method === 'GET' && path === '/__fake/health') return { status: 200, body: { ok: true } };
    if (method === 'GET' && path === '/__fake/events') {
      const type = query.get('type');
      const events = [...fake.state.events.values()].filter((e) => !type || e.type === type);
      return { status: 200, body: { data: events } };
    }
    if (method === 'GET' && path === '/__fake/deliveries') {
      return { status: 200, body: { data: deliveries, pending: deliveries.filter((d) => d.status === 'pending').length } };
    }
    let match = /^\/__fake\/setup_intents\/([^/]+)\/complete$/.exec(path);
    if (method === 'POST' && match) return { status: 200, body: fake.completeSetupIntent(match[1]!, form.get('payment_method') ?? undefined) };
    match = /^\/__fake\/payment_intents\/([^/]+)\/confirm$/.exec(path);
    if (method === 'POST' && match) return { status: 200, body: fake.confirmPaymentIntent(match[1]!, form.get('payment_method') ?? undefined) };
    match = /^\/__fake\/payment_intents\/([^/]+)\/settle$/.exec(path);
    if (method === 'POST' && match) {
      const outcome = form.get('outcome') === 'failed' ? 'failed' : 'succeeded';
      return { status: 200, body: fake.settlePayment(match[1]!, outcome) };
    }
    match = /^\/__fake\/customers\/([^/]+)\/attach_payment_method$/.exec(path);
    if (method === 'POST' && match) {
      return { status: 200, body: fake.attachPaymentMethod(match[1]!, form.get('payment_method') ?? undefined, { asDefault: form.get('as_default') === 'true' }) };
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `No fake control endpoint ${method} ${path}` } } };
  };
  // a helper refusing its input (an unknown id, a card that is not a test card) is the test's mistake: 400 with why
  return run().catch((error: unknown) => ({ status: 400, body: { error: { type: 'invalid_request_error', message: (error as Error).message } } }));
}

let fake: FakeStripe | null = null;
fake = await startFakeStripe({
  port: process.env.FAKE_STRIPE_PORT ? Number(process.env.FAKE_STRIPE_PORT) : 0,
  controlRoutes: (method, path, query, body) => control(fake!, method, path, query, body),
});
fake.onEvent(onEvent);
console.log(`[fake-stripe] listening on ${fake.url}${webhookUrl ? `, delivering events to ${webhookUrl}` : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void fake!.close().finally(() => process.exit(0));
  });
}
