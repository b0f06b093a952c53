// The admin's emails on a real database: only emails (never webhook events), newest first, filtered
// by customer, type and status (`sending` shows and filters as queued), paged with starting_after;
// bad filters are 422s naming the field; one email shows its bodies and attachment; another
// workspace's email is not found.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { customers, notificationOutbox } from '@/lib/db/schema';
import type { Database } from '@/lib/db/client';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { emailAttachments, getEmailOrThrow } from './get-email-or-throw';
import { listEmails, listEmailsQuery } from './list-emails';

const NOW = new Date('2026-11-22T10:00:00Z');
const ACTOR = { type: 'system', id: null } as const;
const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000);

describeEachEngine('the admin emails list', (get) => {
  // a workspace of its own, so the list holds exactly what this suite wrote
  let workspace: Workspace;
  let mail: Database;
  let acme: string;
  let globex: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    workspace = await createWorkspace(get(), { slug: 'mail', name: 'Mail Ltd' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    mail = get().inWorkspace(workspace.id);
    const made = await mail.db
      .insert(customers)
      .values([
        { name: 'Acme', email: 'ap@acme.example', currency: 'usd' },
        { name: 'Globex', email: 'ap@globex.example', currency: 'usd' },
      ])
      .returning();
    acme = made[0]!.id;
    globex = made[1]!.id;
    // oldest first: [name, template, status, customer, minutes ago]
    const rows: [string, string, 'queued' | 'sending' | 'sent' | 'failed' | 'not_configured', string | null, number][] = [
      ['sentAcme', 'invoice_issued', 'sent', acme, 60],
      ['failedAcme', 'payment_failed', 'failed', acme, 50],
      ['queuedGlobex', 'invoice_issued', 'queued', globex, 40],
      ['sendingAcme', 'payment_succeeded', 'sending', acme, 30],
      ['unconfiguredGlobex', 'invoice_overdue', 'not_configured', globex, 20],
      ['adminAlert', 'admin_alert', 'sent', null, 10],
    ];
    for (const [name, template, status, customerId, ago] of rows) {
      const [row] = await mail.db
        .insert(notificationOutbox)
        .values({
          channel: 'email',
          template,
          customerId,
          toEmails: customerId === acme ? ['ap@acme.example', 'cfo@acme.example'] : ['ap@globex.example'],
          subject: `${name} subject`,
          html: `<p>${name}</p>`,
          text: name,
          dedupeKey: `test:${name}`,
          status,
          attempts: status === 'failed' ? 8 : status === 'sent' ? 1 : 0,
          lastError: status === 'failed' ? 'Resend answered 422 validation_error' : null,
          sentAt: status === 'sent' ? minutesAgo(ago - 1) : null,
          providerMessageId: status === 'sent' ? randomUUID() : null,
          deliveryStatus: name === 'sentAcme' ? 'delivered' : null,
          deliveryUpdatedAt: name === 'sentAcme' ? minutesAgo(ago - 2) : null,
          createdAt: minutesAgo(ago),
        })
        .returning();
      ids[name] = row!.id;
    }
    // a webhook event shares the outbox and is never an email
    await mail.db.insert(notificationOutbox).values({ channel: 'webhook', template: 'invoice.paid', payload: { object_id: 'x' }, dedupeKey: 'test:webhook', createdAt: minutesAgo(5) });
  });

  const list = (query: Record<string, string> = {}) => listEmails(mail.db, listEmailsQuery.parse(query));
  const names = (data: { id: string }[]) => data.map((e) => Object.keys(ids).find((name) => ids[name] === e.id));

  it('lists the workspace’s emails newest first in the API’s shape, sending shown as queued, no webhook events', async () => {
    const page = await list();
    expect(page.has_more).toBe(false);
    expect(names(page.data)).toEqual(['adminAlert', 'unconfiguredGlobex', 'sendingAcme', 'queuedGlobex', 'failedAcme', 'sentAcme']);
    expect(page.data.find((e) => e.id === ids.sendingAcme)!.status).toBe('queued');
    expect(page.data.find((e) => e.id === ids.sentAcme)).toEqual({
      id: ids.sentAcme,
      type: 'invoice_issued',
      to: ['ap@acme.example', 'cfo@acme.example'],
      subject: 'sentAcme subject',
      status: 'sent',
      attempts: 1,
      provider_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      customer_id: acme,
      invoice_id: null,
      credit_note_id: null,
      created: minutesAgo(60).toISOString(),
      sent_at: minutesAgo(59).toISOString(),
      last_error: null,
      delivery_status: 'delivered',
      delivery_updated_at: minutesAgo(58).toISOString(),
    });
    // the list carries no bodies
    expect(page.data[0]).not.toHaveProperty('html');
  });

  it('filters by status (queued includes sending), type and customer, together too', async () => {
    expect(names((await list({ status: 'queued' })).data)).toEqual(['sendingAcme', 'queuedGlobex']);
    expect(names((await list({ status: 'failed' })).data)).toEqual(['failedAcme']);
    expect(names((await list({ status: 'not_configured' })).data)).toEqual(['unconfiguredGlobex']);
    expect(names((await list({ type: 'invoice_issued' })).data)).toEqual(['queuedGlobex', 'sentAcme']);
    expect(names((await list({ customer_id: acme })).data)).toEqual(['sendingAcme', 'failedAcme', 'sentAcme']);
    expect(names((await list({ customer_id: globex, type: 'invoice_issued', status: 'queued' })).data)).toEqual(['queuedGlobex']);
    expect((await list({ customer_id: globex, status: 'failed' })).data).toEqual([]);
    // an HTML form's empty "All" is no filter
    expect((await list({ type: '', status: '', customer_id: '' })).data).toHaveLength(6);
  });

  it('pages with limit and starting_after, keeping the filters', async () => {
    const first = await list({ limit: '2' });
    expect(names(first.data)).toEqual(['adminAlert', 'unconfiguredGlobex']);
    expect(first.has_more).toBe(true);
    const second = await list({ limit: '2', starting_after: first.data[1]!.id });
    expect(names(second.data)).toEqual(['sendingAcme', 'queuedGlobex']);
    const last = await list({ limit: '2', starting_after: second.data[1]!.id });
    expect(names(last.data)).toEqual(['failedAcme', 'sentAcme']);
    expect(last.has_more).toBe(false);
    const filtered = await list({ customer_id: acme, limit: '1', starting_after: ids.sendingAcme! });
    expect(names(filtered.data)).toEqual(['failedAcme']);
    expect(filtered.has_more).toBe(true);
  });

  it('refuses an unknown status or type, a malformed id and a bad limit with 422 naming the field', async () => {
    const refused = (query: Record<string, string>) => apiError(Promise.resolve().then(() => listEmailsQuery.parse(query)));
    expect(await refused({ status: 'sending' })).toMatchObject({ status: 422, fields: ['status'], messages: [expect.stringContaining('queued, sent, failed, not_configured')] });
    expect(await refused({ status: 'delivered' })).toMatchObject({ status: 422, fields: ['status'] });
    expect(await refused({ type: 'newsletter' })).toMatchObject({ status: 422, fields: ['type'], messages: [expect.stringContaining('invoice_issued')] });
    expect(await refused({ customer_id: 'acme' })).toMatchObject({ status: 422, fields: ['customer_id'] });
    expect(await refused({ starting_after: '42' })).toMatchObject({ status: 422, fields: ['starting_after'] });
    expect(await refused({ limit: '500' })).toMatchObject({ status: 422, fields: ['limit'] });
    // other query parameters are ignored, as everywhere
    expect(listEmailsQuery.parse({ status: 'sent', page: '2' })).toEqual({ status: 'sent' });
  });

  it('shows one email with its bodies; another workspace’s, a webhook event’s or a malformed id is a 404', async () => {
    expect(await getEmailOrThrow(mail.db, ids.failedAcme!)).toMatchObject({
      id: ids.failedAcme,
      type: 'payment_failed',
      status: 'failed',
      attempts: 8,
      last_error: 'Resend answered 422 validation_error',
      html: '<p>failedAcme</p>',
      text: 'failedAcme',
      attachments: [],
    });
    const [webhook] = await mail.db.select({ id: notificationOutbox.id }).from(notificationOutbox).where(eq(notificationOutbox.channel, 'webhook'));
    expect(await apiError(getEmailOrThrow(mail.db, webhook!.id))).toMatchObject({ status: 404, code: 'not_found' });
    // the default workspace knows none of these
    expect(await apiError(getEmailOrThrow(get().db, ids.failedAcme!))).toMatchObject({ status: 404 });
    expect((await listEmails(get().db, { customer_id: acme })).data).toEqual([]);
    expect(await apiError(getEmailOrThrow(mail.db, 'not-an-id'))).toMatchObject({ status: 404 });
    expect(await apiError(getEmailOrThrow(mail.db, randomUUID()))).toMatchObject({ status: 404 });
  });

  it('shows the email an issued invoice queued, with its PDF named after the number', async () => {
    const invoice = await createOneTimeInvoice(
      mail.db,
      { customer_id: globex, items: [{ description: 'Onboarding', quantity: '1', unit_price: '150' }], due_days: 14, finalize: true },
      { now: NOW, config: workspaceConfig(workspace, parseEnv({})), actor: ACTOR },
    );
    const queued = (await list({ type: 'invoice_issued', customer_id: globex })).data.find((e) => e.invoice_id === invoice.id);
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, to: [], subject: null, provider_id: null });
    const detail = await getEmailOrThrow(mail.db, queued!.id);
    expect(detail.attachments).toEqual([{ filename: `${invoice.number}.pdf`, content_type: 'application/pdf' }]);
    expect(detail).toMatchObject({ html: null, text: null });
  });
});

it('names the attachment of invoice and credit-note emails only', () => {
  expect(emailAttachments('invoice_issued', { invoiceNumber: 'INV-2026-0001', creditNoteNumber: null })).toEqual([{ filename: 'INV-2026-0001.pdf', content_type: 'application/pdf' }]);
  expect(emailAttachments('credit_note_issued', { invoiceNumber: 'INV-2026-0001', creditNoteNumber: 'CN-2026-0001' })).toEqual([{ filename: 'CN-2026-0001.pdf', content_type: 'application/pdf' }]);
  expect(emailAttachments('payment_succeeded', { invoiceNumber: 'INV-2026-0001', creditNoteNumber: null })).toEqual([]);
  expect(emailAttachments('invoice_issued', { invoiceNumber: null, creditNoteNumber: null })).toEqual([]);
});
