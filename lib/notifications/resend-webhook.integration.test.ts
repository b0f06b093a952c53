// Resend's delivery webhook on a real database: the signature is checked on the raw body, the event
// finds its email in whichever workspace sent it, delivery statuses never go backwards and ignore
// older events, a repeated delivery changes nothing, and a hard bounce or a complaint marks the
// customer once, with an audit entry. Events are built and signed by the fake Resend's helpers, as
// Resend builds and signs them.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCustomerView } from '@/lib/customers/customer-schemas';
import type { Database } from '@/lib/db/client';
import { auditLog, customers, DEFAULT_WORKSPACE_ID, notificationOutbox } from '@/lib/db/schema';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import {
  FAKE_RESEND_WEBHOOK_SECRET,
  PERMANENT_BOUNCE,
  resendWebhookEvent,
  signResendWebhook,
  TRANSIENT_BOUNCE,
  type ResendDeliveryEventType,
  type WebhookEventOptions,
} from '@/test/fake-resend/resend-webhooks';
import { describeEachEngine } from '@/test/test-database';
import { receiveResendWebhook } from './receive-resend-webhook';
import { recordEmailDelivery, supersedes } from './record-email-delivery';

const NOW = new Date('2026-11-22T10:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const ACTOR = { type: 'system', id: null } as const;
const FROM = 'Meterbill Demo <billing@example.com>';

describe('supersedes', () => {
  const at = (n: number) => minutes(n);
  it('moves forward only: later and at least as far along, never the same event again', () => {
    expect(supersedes({ status: null, at: null }, { status: 'delivery_delayed', at: at(0) })).toBe(true);
    expect(supersedes({ status: 'delivery_delayed', at: at(1) }, { status: 'delivered', at: at(2) })).toBe(true);
    expect(supersedes({ status: 'delivered', at: at(2) }, { status: 'bounced', at: at(3) })).toBe(true);
    expect(supersedes({ status: 'delivered', at: at(2) }, { status: 'complained', at: at(9) })).toBe(true);
    // a late delivered never undoes a bounce, and a delay never undoes a delivery
    expect(supersedes({ status: 'bounced', at: at(3) }, { status: 'delivered', at: at(4) })).toBe(false);
    expect(supersedes({ status: 'delivered', at: at(3) }, { status: 'delivery_delayed', at: at(4) })).toBe(false);
    // older than what is recorded: ignored, whatever it says
    expect(supersedes({ status: 'delivered', at: at(3) }, { status: 'bounced', at: at(2) })).toBe(false);
    // the same event twice; the same status later (a transient bounce, then a permanent one) moves on
    expect(supersedes({ status: 'bounced', at: at(3) }, { status: 'bounced', at: at(3) })).toBe(false);
    expect(supersedes({ status: 'bounced', at: at(3) }, { status: 'bounced', at: at(5) })).toBe(true);
    expect(supersedes({ status: 'bounced', at: at(3) }, { status: 'complained', at: at(3) })).toBe(true);
  });
});

describeEachEngine('the Resend delivery webhook', (get) => {
  let otherWorkspaceId: string;
  let other: Database;

  beforeAll(async () => {
    otherWorkspaceId = (await createWorkspace(get(), { slug: 'other', name: 'Other Ltd' }, { actor: ACTOR, ownerUserId: null, now: NOW })).id;
    other = get().inWorkspace(otherWorkspaceId);
  });

  /** A customer and an email sent to them through Resend, as the sender leaves the outbox row. */
  async function sentEmail(database: Database, options: { to?: string[]; customer?: boolean } = {}) {
    const to = options.to ?? [`ap-${randomUUID().slice(0, 8)}@acme.example`];
    const [customer] = options.customer === false ? [null] : await database.db.insert(customers).values({ name: 'Acme', email: to[0]!, currency: 'usd' }).returning();
    const providerId = randomUUID();
    const [row] = await database.db
      .insert(notificationOutbox)
      .values({
        channel: 'email',
        template: customer ? 'invoice_issued' : 'admin_alert',
        customerId: customer?.id ?? null,
        toEmails: to,
        subject: 'Invoice INV-2026-0042',
        html: '<p>Hi</p>',
        text: 'Hi',
        dedupeKey: `test:${providerId}`,
        status: 'sent',
        attempts: 1,
        sentAt: NOW,
        providerMessageId: providerId,
      })
      .returning();
    return { messageId: row!.id, providerId, customerId: customer?.id ?? null, to };
  }

  const eventFor = (type: ResendDeliveryEventType, email: { providerId: string; to: string[] }, options: WebhookEventOptions = {}) =>
    resendWebhookEvent(type, { id: email.providerId, from: FROM, to: email.to, subject: 'Invoice INV-2026-0042', createdAt: NOW }, options);

  /** Posts the event as the route does: the raw body and the three svix headers. */
  function deliver(event: object | string, { secret = FAKE_RESEND_WEBHOOK_SECRET, signWith = FAKE_RESEND_WEBHOOK_SECRET, timestamp }: { secret?: string; signWith?: string; timestamp?: Date } = {}) {
    const signed = signResendWebhook(event, signWith, { timestamp });
    const headers = { id: signed.headers['svix-id'], timestamp: signed.headers['svix-timestamp'], signature: signed.headers['svix-signature'] };
    return receiveResendWebhook(get(), { rawBody: signed.body, headers, secret, now: NOW });
  }

  const messageOf = async (database: Database, id: string) => (await database.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)))[0]!;
  const customerOf = async (database: Database, id: string) => (await database.db.select().from(customers).where(eq(customers.id, id)))[0]!;
  const bounceAudits = (database: Database, customerId: string) =>
    database.db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.email_bounced'), eq(auditLog.entityId, customerId)));

  describe('the signature', () => {
    it('refuses another secret, a changed body, missing headers and a stale timestamp with 400, writing nothing', async () => {
      const email = await sentEmail(get());
      const event = eventFor('email.bounced', email, { at: minutes(1) });
      const invalid = { status: 400, code: 'invalid_signature' };
      expect(await deliver(event, { signWith: `whsec_${Buffer.from('someone else').toString('base64')}` })).toMatchObject(invalid);
      // the signature's age is judged by the transport clock (the verifier reads it), not billing time
      expect(await deliver(event, { timestamp: new Date(Date.now() - 10 * 60_000) })).toMatchObject(invalid);
      expect(await deliver(event, { timestamp: new Date(Date.now() + 10 * 60_000) })).toMatchObject(invalid);
      const signed = signResendWebhook(event);
      const tampered = signed.body.replace('"Permanent"', '"Transient"');
      const headers = { id: signed.headers['svix-id'], timestamp: signed.headers['svix-timestamp'], signature: signed.headers['svix-signature'] };
      expect(await receiveResendWebhook(get(), { rawBody: tampered, headers, secret: FAKE_RESEND_WEBHOOK_SECRET, now: NOW })).toMatchObject(invalid);
      expect(await receiveResendWebhook(get(), { rawBody: signed.body, headers: { ...headers, signature: null }, secret: FAKE_RESEND_WEBHOOK_SECRET, now: NOW })).toMatchObject(invalid);
      expect(await receiveResendWebhook(get(), { rawBody: signed.body, headers: { ...headers, id: 'msg_other' }, secret: FAKE_RESEND_WEBHOOK_SECRET, now: NOW })).toMatchObject(invalid);

      expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: null, deliveryUpdatedAt: null });
      expect(await customerOf(get(), email.customerId!)).toMatchObject({ emailBouncedAt: null });
      // the same event, signed right, is recorded
      expect(await deliver(event)).toEqual({ status: 200, received: true, handled: true });
      expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'bounced' });
    });

    it('refuses a signed body that is not a Resend email event with 400 invalid_payload', async () => {
      expect(await deliver('not json')).toMatchObject({ status: 400, code: 'invalid_payload' });
      expect(await deliver({ type: 'email.delivered', created_at: NOW.toISOString(), data: {} })).toMatchObject({ status: 400, code: 'invalid_payload', message: expect.stringContaining('email_id') });
      expect(await deliver({ type: 'email.delivered', created_at: 'yesterday', data: { email_id: 'x' } })).toMatchObject({ status: 400, code: 'invalid_payload' });
      expect(await deliver({ created_at: NOW.toISOString() })).toMatchObject({ status: 400, code: 'invalid_payload' });
    });
  });

  it('acknowledges events it does not record and emails no workspace sent: 200, handled false', async () => {
    const email = await sentEmail(get());
    expect(await deliver(eventFor('email.sent', email))).toEqual({ status: 200, received: true, handled: false });
    expect(await deliver({ type: 'email.opened', created_at: NOW.toISOString(), data: { email_id: email.providerId } })).toEqual({ status: 200, received: true, handled: false });
    expect(await deliver({ type: 'contact.created', created_at: NOW.toISOString(), data: { id: 'c-1' } })).toEqual({ status: 200, received: true, handled: false });
    expect(await deliver(eventFor('email.bounced', { providerId: randomUUID(), to: ['x@example.com'] }))).toEqual({ status: 200, received: true, handled: false });
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: null });
  });

  it('records delivered with the event’s own time, and a repeated delivery changes nothing', async () => {
    const email = await sentEmail(get());
    const event = eventFor('email.delivered', email, { at: minutes(2) });
    expect(await deliver(event)).toEqual({ status: 200, received: true, handled: true });
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'delivered', deliveryUpdatedAt: minutes(2), status: 'sent' });
    const record = (type: 'email.delivered' | 'email.bounced', at: Date) =>
      recordEmailDelivery(get(), { type, at, emailId: email.providerId, to: email.to, bounce: type === 'email.bounced' ? { ...PERMANENT_BOUNCE } : null }, { now: NOW });
    expect(await record('email.delivered', minutes(2))).toEqual({ found: true, workspaceId: DEFAULT_WORKSPACE_ID, messageId: email.messageId, changed: false, customerBounced: false });
    expect(await deliver(event)).toEqual({ status: 200, received: true, handled: true });
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'delivered', deliveryUpdatedAt: minutes(2) });
  });

  it('never goes backwards: delayed → delivered → bounced holds against a late delivered and an older event', async () => {
    const email = await sentEmail(get());
    await deliver(eventFor('email.delivery_delayed', email, { at: minutes(1) }));
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'delivery_delayed', deliveryUpdatedAt: minutes(1) });
    await deliver(eventFor('email.delivered', email, { at: minutes(5) }));
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'delivered', deliveryUpdatedAt: minutes(5) });
    // an event older than the recorded one, even a bounce, is ignored
    await deliver(eventFor('email.bounced', email, { at: minutes(3) }));
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'delivered', deliveryUpdatedAt: minutes(5) });
    expect(await customerOf(get(), email.customerId!)).toMatchObject({ emailBouncedAt: null });
    await deliver(eventFor('email.bounced', email, { at: minutes(7) }));
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'bounced', deliveryUpdatedAt: minutes(7) });
    // a late delivered (or delay) after the bounce does not undo it
    await deliver(eventFor('email.delivered', email, { at: minutes(9) }));
    await deliver(eventFor('email.delivery_delayed', email, { at: minutes(10) }));
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'bounced', deliveryUpdatedAt: minutes(7) });
  });

  it('a hard bounce marks the customer with the reason and audits it once, however often Resend repeats it', async () => {
    const email = await sentEmail(get());
    const bounce = eventFor('email.bounced', email, { at: minutes(4) });
    for (let i = 0; i < 3; i++) expect(await deliver(bounce)).toEqual({ status: 200, received: true, handled: true });
    const customer = await customerOf(get(), email.customerId!);
    const reason = `Hard bounce (General) for ${email.to[0]}: ${PERMANENT_BOUNCE.message}`;
    expect(customer).toMatchObject({ emailBouncedAt: minutes(4), emailBounceReason: reason, updatedAt: NOW });
    expect(toCustomerView(customer)).toMatchObject({ email_bounced_at: minutes(4).toISOString(), email_bounce_reason: reason });
    const audits = await bounceAudits(get(), email.customerId!);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorType: 'system',
      actorId: 'resend',
      entityType: 'customer',
      customerId: email.customerId,
      details: { email_id: email.messageId, provider_message_id: email.providerId, event: 'email.bounced', bounce_type: 'Permanent', bounce_sub_type: 'General', recipient_count: email.to.length, reason: `Hard bounce (General) for the recipient: ${PERMANENT_BOUNCE.message}` },
    });
  });

  it('decides concurrent deliveries of one event one after the other: one audit entry', async () => {
    const email = await sentEmail(get());
    const bounce = eventFor('email.bounced', email, { at: minutes(4) });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => deliver(bounce)));
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    expect(await bounceAudits(get(), email.customerId!)).toHaveLength(1);
  });

  it('a transient bounce marks the message only; a later permanent bounce of the same message marks the customer', async () => {
    const email = await sentEmail(get());
    await deliver(eventFor('email.bounced', email, { at: minutes(1), bounce: TRANSIENT_BOUNCE }));
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'bounced' });
    expect(await customerOf(get(), email.customerId!)).toMatchObject({ emailBouncedAt: null, emailBounceReason: null });
    expect(await bounceAudits(get(), email.customerId!)).toHaveLength(0);
    await deliver(eventFor('email.bounced', email, { at: minutes(2), bounce: { type: 'Undetermined', subType: 'Undetermined' } }));
    expect(await customerOf(get(), email.customerId!)).toMatchObject({ emailBouncedAt: null });
    await deliver(eventFor('email.bounced', email, { at: minutes(3) }));
    expect(await customerOf(get(), email.customerId!)).toMatchObject({ emailBouncedAt: minutes(3) });
    expect(await bounceAudits(get(), email.customerId!)).toHaveLength(1);
  });

  it('a complaint after delivery marks the customer as well; an email without a customer marks nobody', async () => {
    const email = await sentEmail(get());
    await deliver(eventFor('email.delivered', email, { at: minutes(1) }));
    await deliver(eventFor('email.complained', email, { at: minutes(30) }));
    expect(await messageOf(get(), email.messageId)).toMatchObject({ deliveryStatus: 'complained', deliveryUpdatedAt: minutes(30) });
    expect(await customerOf(get(), email.customerId!)).toMatchObject({ emailBouncedAt: minutes(30), emailBounceReason: `Marked as spam by ${email.to[0]}` });
    expect(await bounceAudits(get(), email.customerId!)).toHaveLength(1);

    const alert = await sentEmail(get(), { customer: false, to: ['ops@example.com'] });
    expect(await deliver(eventFor('email.bounced', alert, { at: minutes(2) }))).toEqual({ status: 200, received: true, handled: true });
    expect(await messageOf(get(), alert.messageId)).toMatchObject({ deliveryStatus: 'bounced' });
  });

  it('keeps the customer’s newest bounce when an older one of another message arrives later', async () => {
    const first = await sentEmail(get());
    const [second] = await get()
      .db.insert(notificationOutbox)
      .values({ channel: 'email', template: 'payment_failed', customerId: first.customerId, toEmails: first.to, subject: 'Payment failed', dedupeKey: `test:${randomUUID()}`, status: 'sent', providerMessageId: randomUUID() })
      .returning();
    await deliver(eventFor('email.bounced', first, { at: minutes(20), bounce: { subType: 'NoEmail', message: 'newest' } }));
    await deliver(eventFor('email.bounced', { providerId: second!.providerMessageId!, to: first.to }, { at: minutes(10), bounce: { message: 'older' } }));
    expect(await messageOf(get(), second!.id)).toMatchObject({ deliveryStatus: 'bounced', deliveryUpdatedAt: minutes(10) });
    expect((await customerOf(get(), first.customerId!)).emailBounceReason).toMatch(/\(NoEmail\).*newest$/);
    // each message's bounce is a fact of its own in the audit log
    expect(await bounceAudits(get(), first.customerId!)).toHaveLength(2);
  });

  it('finds the email in the workspace that sent it and writes only there', async () => {
    const theirs = await sentEmail(other);
    const ours = await sentEmail(get());
    expect(await deliver(eventFor('email.bounced', theirs, { at: minutes(3) }))).toEqual({ status: 200, received: true, handled: true });
    expect(await messageOf(other, theirs.messageId)).toMatchObject({ deliveryStatus: 'bounced', workspaceId: otherWorkspaceId });
    expect(await customerOf(other, theirs.customerId!)).toMatchObject({ emailBouncedAt: minutes(3) });
    expect(await bounceAudits(other, theirs.customerId!)).toEqual([expect.objectContaining({ workspaceId: otherWorkspaceId })]);
    // the default workspace sees none of it, and its own email is untouched
    expect(await get().db.select().from(notificationOutbox).where(eq(notificationOutbox.id, theirs.messageId))).toEqual([]);
    expect(await bounceAudits(get(), theirs.customerId!)).toEqual([]);
    expect(await messageOf(get(), ours.messageId)).toMatchObject({ deliveryStatus: null });
    const outcome = await recordEmailDelivery(get(), { type: 'email.delivered', at: minutes(1), emailId: theirs.providerId, to: [], bounce: null }, { now: NOW });
    expect(outcome).toMatchObject({ found: true, workspaceId: otherWorkspaceId, changed: false });
  });

  it('ignores webhook events of the outbox that happen to carry the id', async () => {
    const providerId = randomUUID();
    await get()
      .db.insert(notificationOutbox)
      .values({ channel: 'webhook', template: 'invoice.paid', payload: { object_id: 'x' }, dedupeKey: `test:${providerId}`, status: 'sent', providerMessageId: providerId });
    expect(await deliver(eventFor('email.delivered', { providerId, to: [] }))).toEqual({ status: 200, received: true, handled: false });
  });
});
