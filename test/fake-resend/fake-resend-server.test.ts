// The fake Resend server, driven through the real `resend` SDK as the app drives Resend.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Resend } from 'resend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeResend, type FakeResend } from './fake-resend-server';
import { FAKE_RESEND_API_KEY, resendClientFor } from './resend-client-for-fake';
import { FAKE_RESEND_WEBHOOK_SECRET, PERMANENT_BOUNCE, resendWebhookEvent, signResendWebhook, TRANSIENT_BOUNCE } from './resend-webhooks';

const NOW = new Date('2026-11-22T10:00:00Z');

let fake: FakeResend;
let resend: Resend;

beforeEach(async () => {
  fake = await startFakeResend({ now: () => NOW });
  resend = resendClientFor(fake);
});

afterEach(async () => {
  await fake.close();
});

const invoiceEmail = {
  from: 'Meterbill Demo <billing@example.com>',
  to: ['ap@acme.example', 'cfo@acme.example'],
  subject: 'Invoice INV-2026-0042',
  html: '<p>Your invoice is attached.</p>',
  text: 'Your invoice is attached.',
};

async function rawPost(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}/emails`, {
    method: 'POST',
    headers: { authorization: `Bearer ${FAKE_RESEND_API_KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /emails', () => {
  it('accepts an email with attachments through the SDK and records what recipients get, bytes decoded', async () => {
    const pdf = Buffer.from('%PDF-1.7\n\x00\x01\x02binary\xff', 'latin1');
    const { data, error } = await resend.emails.send({
      ...invoiceEmail,
      replyTo: 'support@example.com',
      attachments: [
        { filename: 'INV-2026-0042.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'note.txt', content: Buffer.from('hello').toString('base64') },
      ],
    });
    expect(error).toBeNull();
    expect(data!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.delivered).toHaveLength(1);
    const [email] = fake.delivered;
    expect(email).toMatchObject({
      id: data!.id,
      from: invoiceEmail.from,
      to: invoiceEmail.to,
      replyTo: ['support@example.com'],
      subject: invoiceEmail.subject,
      html: invoiceEmail.html,
      text: invoiceEmail.text,
      idempotencyKey: null,
      apiKey: FAKE_RESEND_API_KEY,
      createdAt: NOW,
      lastEvent: 'sent',
    });
    expect(email!.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['INV-2026-0042.pdf', 'application/pdf'],
      ['note.txt', null],
    ]);
    expect(email!.attachments[0]!.content!.equals(pdf)).toBe(true);
    expect(email!.attachments[1]!.content!.toString()).toBe('hello');
    expect(fake.email(data!.id)).toBe(email);
  });

  it('answers GET /emails/:id in Resend’s shape, and 404 not_found for an id it never accepted', async () => {
    const { data } = await resend.emails.send({ ...invoiceEmail, to: 'ap@acme.example' });
    const got = await resend.emails.get(data!.id);
    expect(got.error).toBeNull();
    expect(got.data).toEqual({
      object: 'email',
      id: data!.id,
      to: ['ap@acme.example'],
      from: invoiceEmail.from,
      created_at: NOW.toISOString(),
      subject: invoiceEmail.subject,
      html: invoiceEmail.html,
      text: invoiceEmail.text,
      bcc: null,
      cc: null,
      reply_to: null,
      last_event: 'sent',
      scheduled_at: null,
      message_id: `<${data!.id}@email.amazonses.com>`,
      tags: [],
    });
    const missing = await resend.emails.get('4ef9a417-02e9-4d39-ad75-9611e0fcc33c');
    expect(missing.error).toEqual({ statusCode: 404, name: 'not_found', message: 'Email not found' });
  });

  it('refuses a missing key with 401 missing_api_key and a wrong one with 403 invalid_api_key, as Resend does', async () => {
    const missing = await fetch(`${fake.url}/emails`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoiceEmail) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ statusCode: 401, name: 'missing_api_key', message: 'Missing API key in the authorization header.' });
    const wrong = await resendClientFor(fake, { apiKey: 'sk_test_not_a_resend_key' }).emails.send(invoiceEmail);
    expect(wrong.error).toEqual({ statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid.' });
    expect(fake.delivered).toHaveLength(0);
  });

  it('validates from, to, subject, the body and attachments with Resend’s error names', async () => {
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ ...invoiceEmail, from: undefined }, 422, 'missing_required_field', /`from`/],
      [{ ...invoiceEmail, to: [] }, 422, 'missing_required_field', /`to`/],
      [{ ...invoiceEmail, subject: '' }, 422, 'missing_required_field', /`subject`/],
      [{ ...invoiceEmail, html: undefined, text: undefined }, 422, 'missing_required_field', /`html` or `text`/],
      [{ ...invoiceEmail, from: 'billing at example.com' }, 422, 'validation_error', /Invalid `from` field/],
      [{ ...invoiceEmail, to: ['ap@acme.example', 'nope'] }, 422, 'validation_error', /Invalid `to` field/],
      [{ ...invoiceEmail, to: Array.from({ length: 51 }, (_, i) => `r${i}@acme.example`) }, 422, 'validation_error', /at most 50/],
      [{ ...invoiceEmail, attachments: [{ filename: 'x.pdf' }] }, 422, 'invalid_attachment', /`content` or `path`/],
      [{ ...invoiceEmail, attachments: [{ filename: 'x.pdf', content: 'not base64!' }] }, 422, 'invalid_attachment', /base64/],
      [{ ...invoiceEmail, attachments: [{ content: 'aGVsbG8=' }] }, 422, 'invalid_attachment', /`filename`/],
    ];
    for (const [body, status, name, message] of cases) {
      const answer = await rawPost(body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(answer.body).toMatchObject({ statusCode: status, name, message: expect.stringMatching(message) });
    }
    expect(await rawPost('{"from": ')).toMatchObject({ status: 400, body: { name: 'validation_error' } });
    expect(fake.delivered).toHaveLength(0);
    // the SDK gets the same error object back
    const { error } = await resend.emails.send({ ...invoiceEmail, subject: '' });
    expect(error).toMatchObject({ statusCode: 422, name: 'missing_required_field' });
  });

  it('answers 404 not_found for other endpoints and 405 for another method', async () => {
    const unknown = await fetch(`${fake.url}/domains`, { headers: { authorization: `Bearer ${FAKE_RESEND_API_KEY}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ name: 'not_found', message: 'The requested endpoint does not exist.' });
    const wrongMethod = await fetch(`${fake.url}/emails`, { method: 'PUT', headers: { authorization: `Bearer ${FAKE_RESEND_API_KEY}` } });
    expect(wrongMethod.status).toBe(405);
  });
});

describe('idempotency keys', () => {
  it('answers the same id for the same key and body and delivers once', async () => {
    const first = await resend.emails.send(invoiceEmail, { idempotencyKey: 'invoice_issued:inv_42' });
    // the same payload with its keys in another order is the same request
    const reordered = Object.fromEntries(Object.entries(invoiceEmail).reverse()) as typeof invoiceEmail;
    const second = await resend.emails.send(reordered, { idempotencyKey: 'invoice_issued:inv_42' });
    expect(second.data).toEqual(first.data);
    expect(fake.delivered).toHaveLength(1);
    expect(fake.delivered[0]!.idempotencyKey).toBe('invoice_issued:inv_42');
    expect(fake.requests.map((r) => [r.method, r.path, r.status, r.replayed])).toEqual([
      ['POST', '/emails', 200, false],
      ['POST', '/emails', 200, true],
    ]);
    // another key is another email; keys belong to their API key
    await resend.emails.send(invoiceEmail, { idempotencyKey: 'invoice_issued:inv_43' });
    await resendClientFor(fake, { apiKey: 're_other_account' }).emails.send(invoiceEmail, { idempotencyKey: 'invoice_issued:inv_42' });
    expect(fake.delivered).toHaveLength(3);
  });

  it('refuses a used key with another body: 409 invalid_idempotent_request', async () => {
    await resend.emails.send(invoiceEmail, { idempotencyKey: 'k-1' });
    const { error } = await resend.emails.send({ ...invoiceEmail, subject: 'Something else' }, { idempotencyKey: 'k-1' });
    expect(error).toEqual({ statusCode: 409, name: 'invalid_idempotent_request', message: 'Same idempotency key used with a different request payload.' });
    expect(fake.delivered).toHaveLength(1);
    expect((await rawPost(invoiceEmail, { 'idempotency-key': 'x'.repeat(257) })).body).toMatchObject({ statusCode: 400, name: 'invalid_idempotency_key' });
  });

  it('keeps no answer for a refused request: corrected, it may be sent again with the key', async () => {
    expect((await resend.emails.send({ ...invoiceEmail, subject: '' }, { idempotencyKey: 'k-fix' })).error).toMatchObject({ statusCode: 422 });
    const fixed = await resend.emails.send(invoiceEmail, { idempotencyKey: 'k-fix' });
    expect(fixed.error).toBeNull();
    expect(fake.delivered).toHaveLength(1);
  });

  it('answers 409 concurrent_idempotent_requests while the first request with the key is still being handled', async () => {
    const slow = await startFakeResend({ latencyMs: 150 });
    try {
      const client = resendClientFor(slow);
      const [a, b] = await Promise.all([client.emails.send(invoiceEmail, { idempotencyKey: 'race' }), client.emails.send(invoiceEmail, { idempotencyKey: 'race' })]);
      const errors = [a.error, b.error].filter(Boolean);
      expect(errors).toEqual([{ statusCode: 409, name: 'concurrent_idempotent_requests', message: expect.any(String) }]);
      expect(slow.delivered).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});

describe('failure injection', () => {
  it('failNextPosts: 500 without recording anything; a retry with the same key delivers once', async () => {
    fake.failNextPosts(2);
    for (let i = 0; i < 2; i++) {
      const { error } = await resend.emails.send(invoiceEmail, { idempotencyKey: 'retry-me' });
      expect(error).toEqual({ statusCode: 500, name: 'internal_server_error', message: 'An unexpected error occurred.' });
    }
    expect(fake.delivered).toHaveLength(0);
    const third = await resend.emails.send(invoiceEmail, { idempotencyKey: 'retry-me' });
    expect(third.error).toBeNull();
    expect(fake.delivered).toHaveLength(1);
  });

  it('failNextPosts afterRecording: the email is accepted but the answer is a 500; the retry with the key gets its id, no second delivery', async () => {
    fake.failNextPosts(1, { afterRecording: true });
    const lost = await resend.emails.send(invoiceEmail, { idempotencyKey: 'lost-answer' });
    expect(lost.error).toMatchObject({ statusCode: 500 });
    expect(fake.delivered).toHaveLength(1);
    const retry = await resend.emails.send(invoiceEmail, { idempotencyKey: 'lost-answer' });
    expect(retry.data).toEqual({ id: fake.delivered[0]!.id });
    expect(fake.delivered).toHaveLength(1);
    // without a key, a retry is a second email: that is what the key is for
    fake.failNextPosts(1, { afterRecording: true });
    await resend.emails.send(invoiceEmail);
    await resend.emails.send(invoiceEmail);
    expect(fake.delivered).toHaveLength(3);
  });

  it('delayNextPosts: a client that times out and retries with the same key causes no second delivery', async () => {
    fake.delayNextPosts(400);
    const timedOut = await resend.emails.send(invoiceEmail, { idempotencyKey: 'slow-answer', signal: AbortSignal.timeout(50) });
    // the SDK turns the abort into its own error object
    expect(timedOut.data).toBeNull();
    expect(timedOut.error).toMatchObject({ name: 'application_error', statusCode: null });
    expect(fake.delivered).toHaveLength(1);
    const retry = await resend.emails.send(invoiceEmail, { idempotencyKey: 'slow-answer' });
    expect(retry.data).toEqual({ id: fake.delivered[0]!.id });
    expect(fake.delivered).toHaveLength(1);
    expect(fake.requests[1]!.replayed).toBe(true);
  });

  it('reset forgets emails, requests, keys and armed failures', async () => {
    await resend.emails.send(invoiceEmail, { idempotencyKey: 'k' });
    fake.failNextPosts(3);
    fake.reset();
    expect(fake.delivered).toEqual([]);
    expect(fake.requests).toEqual([]);
    expect((await resend.emails.send(invoiceEmail, { idempotencyKey: 'k' })).error).toBeNull();
    expect(fake.delivered).toHaveLength(1);
  });
});

describe('delivery webhooks', () => {
  it('builds Resend’s event for an accepted email and signs it so the SDK’s webhooks.verify accepts it', async () => {
    const { data } = await resend.emails.send(invoiceEmail);
    const event = fake.webhookEvent('email.bounced', data!.id);
    expect(event).toEqual({
      type: 'email.bounced',
      created_at: NOW.toISOString(),
      data: {
        created_at: NOW.toISOString(),
        email_id: data!.id,
        message_id: `<${data!.id}@email.amazonses.com>`,
        from: invoiceEmail.from,
        to: invoiceEmail.to,
        subject: invoiceEmail.subject,
        bounce: PERMANENT_BOUNCE,
      },
    });
    expect((await resend.emails.get(data!.id)).data!.last_event).toBe('bounced');

    const signed = signResendWebhook(event);
    expect(signed.headers['svix-id']).toMatch(/^msg_/);
    expect(signed.headers['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = resend.webhooks.verify({
      payload: signed.body,
      headers: { id: signed.headers['svix-id'], timestamp: signed.headers['svix-timestamp'], signature: signed.headers['svix-signature'] },
      webhookSecret: FAKE_RESEND_WEBHOOK_SECRET,
    });
    expect(verified).toEqual(event);
    // a changed body or another secret fails
    expect(() =>
      resend.webhooks.verify({
        payload: signed.body.replace('Permanent', 'Transient'),
        headers: { id: signed.headers['svix-id'], timestamp: signed.headers['svix-timestamp'], signature: signed.headers['svix-signature'] },
        webhookSecret: FAKE_RESEND_WEBHOOK_SECRET,
      }),
    ).toThrow();
    expect(() =>
      resend.webhooks.verify({
        payload: signed.body,
        headers: { id: signed.headers['svix-id'], timestamp: signed.headers['svix-timestamp'], signature: signed.headers['svix-signature'] },
        webhookSecret: `whsec_${Buffer.from('another secret').toString('base64')}`,
      }),
    ).toThrow();
  });

  it('builds the other delivery events without a bounce, and a transient bounce when asked', () => {
    const email = { id: 'e-1', from: 'a@example.com', to: ['b@example.com'], subject: 'S', createdAt: NOW };
    const later = new Date(NOW.getTime() + 60_000);
    for (const type of ['email.sent', 'email.delivered', 'email.delivery_delayed', 'email.complained'] as const) {
      const event = resendWebhookEvent(type, email, { at: later });
      expect(event).toMatchObject({ type, created_at: later.toISOString(), data: { email_id: 'e-1', to: ['b@example.com'] } });
      expect('bounce' in event.data).toBe(false);
    }
    expect(resendWebhookEvent('email.bounced', email, { bounce: TRANSIENT_BOUNCE }).data.bounce).toEqual(TRANSIENT_BOUNCE);
  });

  it('sendWebhook posts the signed event with the svix headers', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { data } = await resend.emails.send(invoiceEmail);
      const response = await fake.sendWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, 'email.delivered', data!.id);
      expect(response.status).toBe(200);
      const [delivery] = received;
      expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'email.delivered', data: { email_id: data!.id } });
      const verified = resend.webhooks.verify({
        payload: delivery!.body,
        headers: { id: String(delivery!.headers['svix-id']), timestamp: String(delivery!.headers['svix-timestamp']), signature: String(delivery!.headers['svix-signature']) },
        webhookSecret: FAKE_RESEND_WEBHOOK_SECRET,
      });
      expect(verified).toMatchObject({ type: 'email.delivered' });
      expect(fake.email(data!.id)!.lastEvent).toBe('delivered');
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
