// Sending through the real resend SDK to a local server that speaks Resend's wire format
// (test/fake-resend): the invoice email goes out once with its PDF even when Resend answers 500 or
// the answer never comes; a rerun sends nothing twice; without a key every message is rendered and
// kept; Resend's bounce webhook reaches the message and the customer.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { customers, invoices, notificationOutbox } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { recordPayment } from '@/lib/payments/record-payment';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { startFakeResend, type FakeResend } from '@/test/fake-resend/fake-resend-server';
import { resendClientFor } from '@/test/fake-resend/resend-client-for-fake';
import { FAKE_RESEND_WEBHOOK_SECRET, signResendWebhook } from '@/test/fake-resend/resend-webhooks';
import { describeEachEngine } from '@/test/test-database';
import { notificationsForAudit } from './audit-notifications';
import { queueNotifications } from './queue-notifications';
import { receiveResendWebhook } from './receive-resend-webhook';
import { emailIdempotencyKey, emailRetryDelayMs, EMAIL_MAX_ATTEMPTS, sendDueEmails, type EmailSendContext } from './send-due-emails';

const NOW = new Date('2026-12-01T09:00:00Z');
const ACTOR: Actor = { type: 'system', id: null };
const config = billingConfig(parseEnv({}));
const FROM = 'Meterbill Demo Billing <billing@meterbill.example>';
const later = (ms: number) => new Date(NOW.getTime() + ms);

describeEachEngine('sending the outbox’s emails through Resend', (get) => {
  let fake: FakeResend;
  let workspace: Workspace;
  let customerId: string;
  let invoiceId: string;
  let invoiceNumber: string;

  const send = (over: Partial<EmailSendContext> = {}) => sendDueEmails(get().db, { now: NOW, workspace, config, resend: resendClientFor(fake), from: FROM, appUrl: 'https://billing.example', ...over });
  const message = async (template: string) => {
    const rows = await get().db.select().from(notificationOutbox).where(and(eq(notificationOutbox.template, template), eq(notificationOutbox.customerId, customerId)));
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  beforeAll(async () => {
    fake = await startFakeResend({ now: () => NOW });
    workspace = (await findWorkspace(get().installation.db, get().workspaceId))!;
  });
  afterAll(() => fake.close());

  beforeEach(async () => {
    fake.reset();
    const { db } = get();
    // each test its own customer and invoice; what earlier tests queued is out of the way
    await db.update(notificationOutbox).set({ status: 'failed' }).where(eq(notificationOutbox.status, 'queued'));
    const customer = await createCustomer(db, { name: 'Globex', email: 'contact@globex.example', currency: 'usd', payment_method: 'bank_transfer', billing_emails: ['ap@globex.example'] }, { actor: ACTOR, now: NOW, defaultCurrency: 'usd' });
    customerId = customer.id;
    const invoice = await createOneTimeInvoice(db, { customer_id: customerId, items: [{ description: 'Onboarding', quantity: '1', unit_price: '150' }], due_days: 14, finalize: true }, { now: NOW, config, actor: ACTOR });
    invoiceId = invoice.id;
    invoiceNumber = (await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, invoiceId)))[0]!.number!;
  });

  it('retries after a 500 and delivers the invoice once, with its PDF, to the billing emails', async () => {
    fake.failNextPosts(1);
    expect(await send()).toMatchObject({ sent: 0, retrying: 1 });
    let row = await message('invoice_issued');
    expect(row).toMatchObject({ status: 'queued', attempts: 1, providerMessageId: null, toEmails: ['ap@globex.example'] });
    expect(row.lastError).toContain('500');
    expect(row.sendAfter!.getTime()).toBe(NOW.getTime() + emailRetryDelayMs(1));
    // not before its time: a run now sends nothing
    expect(await send()).toMatchObject({ sent: 0, retrying: 0, remaining: 0 });

    expect(await send({ now: later(emailRetryDelayMs(1)) })).toMatchObject({ sent: 1 });
    row = await message('invoice_issued');
    expect(fake.delivered).toHaveLength(1);
    const [delivered] = fake.delivered;
    expect(delivered).toMatchObject({ from: FROM, to: ['ap@globex.example'], idempotencyKey: emailIdempotencyKey(row.id) });
    expect(delivered!.subject).toContain(invoiceNumber);
    expect(delivered!.text).toContain(invoiceNumber);
    expect(delivered!.attachments.map((a) => a.filename)).toEqual([`${invoiceNumber}.pdf`]);
    expect(delivered!.attachments[0]!.content!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(row).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: delivered!.id, lastError: null });

    // a rerun, much later: nothing left to send, nothing sent again
    expect(await send({ now: later(86_400_000) })).toMatchObject({ sent: 0, remaining: 0 });
    expect(fake.delivered).toHaveLength(1);
  });

  it('when Resend took the email but the answer was lost (a 500 after the fact, or a timeout), the retry delivers nothing more', async () => {
    fake.failNextPosts(1, { afterRecording: true });
    expect(await send()).toMatchObject({ retrying: 1 });
    expect(fake.delivered).toHaveLength(1);
    expect(await send({ now: later(emailRetryDelayMs(1)) })).toMatchObject({ sent: 1 });
    expect(fake.delivered).toHaveLength(1);
    expect((await message('invoice_issued')).providerMessageId).toBe(fake.delivered[0]!.id);

    // the next message: Resend is slow, our client gives up after 200 ms, and retries with the same key
    await recordPayment(get().db, invoiceId, { method: 'bank_transfer', reference: invoiceNumber }, { now: NOW, config, actor: ACTOR });
    fake.delayNextPosts(600);
    expect(await send({ timeoutMs: 200 })).toMatchObject({ retrying: 1 });
    expect(fake.delivered).toHaveLength(2);
    // the retry comes a minute later in business time; in real time, after Resend's slow answer ended
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await send({ now: later(emailRetryDelayMs(1)) })).toMatchObject({ sent: 1 });
    expect(fake.delivered).toHaveLength(2);
    expect((await message('payment_succeeded')).providerMessageId).toBe(fake.delivered[1]!.id);
  });

  it('an event told twice (a Stripe retry, a rerun) queues one message, so one email', async () => {
    const paid = { action: 'invoice.paid', entityType: 'invoice', entityId: invoiceId, customerId, details: {} };
    await recordPayment(get().db, invoiceId, { method: 'bank_transfer' }, { now: NOW, config, actor: ACTOR });
    await get().db.transaction((tx) => queueNotifications(tx, notificationsForAudit([paid])));
    expect(await send()).toMatchObject({ sent: 2 }); // the invoice and its receipt, once each
    expect(fake.delivered).toHaveLength(2);
    expect(fake.delivered.map((d) => d.id).sort()).toEqual([(await message('invoice_issued')).providerMessageId, (await message('payment_succeeded')).providerMessageId].sort());
    expect(await send({ now: later(3_600_000) })).toMatchObject({ sent: 0 });
    expect(fake.delivered).toHaveLength(2);
  });

  it('gives up after the last attempt, and at once on an answer no retry can fix', async () => {
    fake.failNextPosts(EMAIL_MAX_ATTEMPTS);
    let now = NOW;
    for (let attempt = 1; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) {
      await send({ now });
      now = new Date(now.getTime() + emailRetryDelayMs(attempt));
    }
    expect(await message('invoice_issued')).toMatchObject({ status: 'failed', attempts: EMAIL_MAX_ATTEMPTS });
    expect(fake.delivered).toHaveLength(0);

    // a sender Resend refuses (422): failed on the first attempt, the reason kept
    await recordPayment(get().db, invoiceId, { method: 'bank_transfer' }, { now: NOW, config, actor: ACTOR });
    expect(await send({ from: 'not a sender' })).toMatchObject({ failed: 1 });
    expect(await message('payment_succeeded')).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await message('payment_succeeded')).lastError).toContain('422');
  });

  it('without a Resend key every message is rendered and kept as not_configured, nothing fails', async () => {
    expect(await send({ resend: null })).toMatchObject({ notConfigured: 1, sent: 0, failed: 0 });
    const row = await message('invoice_issued');
    expect(row.status).toBe('not_configured');
    expect(row.attempts).toBe(0);
    expect(row.subject).toContain(invoiceNumber);
    expect(row.html).toContain('<html');
    expect(row.text).toContain(invoiceNumber);
    expect(fake.requests).toHaveLength(0);
  });

  it('Resend’s hard bounce reaches the message and marks the customer', async () => {
    await send();
    const row = await message('invoice_issued');
    const signed = signResendWebhook(fake.webhookEvent('email.bounced', row.providerMessageId!));
    const outcome = await receiveResendWebhook(get(), {
      rawBody: signed.body,
      headers: { id: signed.headers['svix-id'], timestamp: signed.headers['svix-timestamp'], signature: signed.headers['svix-signature'] },
      secret: FAKE_RESEND_WEBHOOK_SECRET,
      now: later(60_000),
    });
    expect(outcome.status).toBe(200);
    expect(await message('invoice_issued')).toMatchObject({ deliveryStatus: 'bounced' });
    const [customer] = await get().db.select().from(customers).where(eq(customers.id, customerId));
    expect(customer!.emailBouncedAt).not.toBeNull();
  });
});
