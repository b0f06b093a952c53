// Stripe Connect across workspaces, with the real SDK against the local Stripe server: a workspace
// with a connected account has every Stripe call made for it carry `Stripe-Account`, the default
// workspace's carry none, and each webhook event is handled by the workspace its `account` names.
import { eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { selectRows, type Database } from '@/lib/db/client';
import { customers, invoices, paymentMethods, webhookEvents } from '@/lib/db/schema';
import { runAutomation } from '@/lib/automation/run-automation';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';
import { startFakeStripe, type FakeStripe, type FakeStripeEvent } from '@/test/fake-stripe/fake-stripe-server';
import { describeEachEngine } from '@/test/test-database';
import { stripeForWorkspace } from './stripe-client';
import { receiveStripeWebhook } from './stripe-webhook';

const SECRET = 'whsec_test_connect_routing_secret';
const ACCOUNT = 'acct_1ConnectedRouting';
const NOW = new Date('2026-11-22T10:00:00Z');
const ACTOR = { type: 'system', id: null } as const;

describeEachEngine('stripe connect', (get) => {
  let fake: FakeStripe;
  let connected: Workspace;
  let connectedDb: Database;
  // each workspace's own settings and the client the app would make for it (stripeForWorkspace)
  let services: (workspace: Workspace) => { config: ReturnType<typeof workspaceConfig>; stripe: Stripe | null };
  const invoiceOf: Record<'default' | 'connected', string> = { default: '', connected: '' };

  beforeAll(async () => {
    fake = await startFakeStripe({ now: () => NOW });
    const env = parseEnv({ STRIPE_SECRET_KEY: 'sk_test_connect_routing', STRIPE_API_BASE: fake.url });
    services = (workspace) => ({ config: workspaceConfig(workspace, env), stripe: stripeForWorkspace(workspace, env) });
    const made = await createWorkspace(get(), { slug: 'connected', name: 'Connected' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    await get().installation.db.execute(sql`update workspaces set stripe_account_id = ${ACCOUNT} where id = ${made.id}`);
    connected = (await findWorkspace(get().installation.db, 'connected'))!;
    connectedDb = get().inWorkspace(connected.id);

    // the same external id in both workspaces, each customer with an invoice to collect
    const defaultWorkspace = (await findWorkspace(get().installation.db, 'default'))!;
    for (const [key, database, workspace] of [['default', get(), defaultWorkspace], ['connected', connectedDb, connected]] as const) {
      const [customer] = await database.db.insert(customers).values({ externalId: 'shared_1', name: `Buyer of ${key}`, email: `${key}@example.com`, currency: 'eur', taxRate: '0.21', paymentMethod: 'bank_transfer' }).returning();
      const invoice = await createOneTimeInvoice(
        database.db,
        { customer_id: customer!.id, items: [{ description: 'API Calls', quantity: '5000', unit_price: '0.0005' }], finalize: true },
        { now: NOW, config: workspaceConfig(workspace, env), actor: ACTOR },
      );
      invoiceOf[key] = invoice.id;
    }
  });
  afterAll(async () => {
    await fake?.close();
  });

  const deliver = (event: FakeStripeEvent) => {
    const rawBody = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET });
    return receiveStripeWebhook(get(), { rawBody, signature, secret: SECRET, now: NOW, services });
  };
  const stripeIdOf = async (database: Database, invoiceId: string) => (await database.db.select().from(invoices).where(eq(invoices.id, invoiceId)))[0]!.stripeInvoiceId!;
  const ledgerOf = (database: Database, eventId: string) => database.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId));

  it('makes every Stripe call for a connected workspace with its Stripe-Account, and the default workspace’s without', async () => {
    const run = await runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cron', services });
    expect(run.workspaces.map((w) => [w.slug, w.stripe])).toEqual([
      ['default', { configured: true, mirrored: 1, failed: 0 }],
      ['connected', { configured: true, mirrored: 1, failed: 0 }],
    ]);
    const created = fake.requestsTo('POST', '/v1/invoices').map((r) => [(r.params.metadata as Record<string, string>).invoice_id, r.stripeAccount]);
    expect(created.sort()).toEqual([[invoiceOf.default, null], [invoiceOf.connected, ACCOUNT]].sort());
    // the same work for each: every call is for one account or the other, as many for each
    const accounts = fake.state.requests.map((r) => r.stripeAccount);
    expect(new Set(accounts)).toEqual(new Set([null, ACCOUNT]));
    expect(accounts.filter((a) => a === ACCOUNT).length).toBe(accounts.filter((a) => a === null).length);
    expect(await stripeIdOf(connectedDb, invoiceOf.connected)).toMatch(/^in_/);
  });

  it('hands an event to the workspace of its account, which re-reads from Stripe as that account and keeps the ledger row', async () => {
    const stripeInvoiceId = await stripeIdOf(connectedDb, invoiceOf.connected);
    const before = fake.requestsTo('GET', '/v1/invoices/:id').length;
    const event = fake.eventFor('invoice.finalized', stripeInvoiceId, { account: ACCOUNT });
    expect(await deliver(event)).toMatchObject({ status: 200, received: true, duplicate: false, handled: true });
    expect(await ledgerOf(connectedDb, event.id)).toMatchObject([{ status: 'completed', workspaceId: connected.id }]);
    expect(await ledgerOf(get(), event.id)).toEqual([]);
    const reread = fake.requestsTo('GET', '/v1/invoices/:id').slice(before);
    expect(reread.map((r) => [r.path, r.stripeAccount])).toEqual([[`/v1/invoices/${stripeInvoiceId}`, ACCOUNT]]);

    // a card saved at the connected account lands on that workspace's customer, and nowhere else
    const [buyer] = await connectedDb.db.select().from(customers).where(eq(customers.externalId, 'shared_1'));
    const card = fake.attachPaymentMethod(buyer!.stripeCustomerId!, 'pm_card_visa');
    expect(await deliver(fake.eventFor('payment_method.attached', card.id, { account: ACCOUNT }))).toMatchObject({ status: 200, handled: true });
    expect(await connectedDb.db.select({ customerId: paymentMethods.customerId, last4: paymentMethods.last4 }).from(paymentMethods)).toEqual([{ customerId: buyer!.id, last4: '4242' }]);
    expect(await get().db.select().from(paymentMethods)).toEqual([]);
  });

  it('hands an event without an account to the default workspace', async () => {
    const stripeInvoiceId = await stripeIdOf(get(), invoiceOf.default);
    const before = fake.requestsTo('GET', '/v1/invoices/:id').length;
    const event = fake.eventFor('invoice.finalized', stripeInvoiceId);
    expect(event.account).toBeUndefined();
    expect(await deliver(event)).toMatchObject({ status: 200, handled: true });
    expect(await ledgerOf(get(), event.id)).toMatchObject([{ status: 'completed', workspaceId: get().workspaceId }]);
    expect(await ledgerOf(connectedDb, event.id)).toEqual([]);
    expect(fake.requestsTo('GET', '/v1/invoices/:id').slice(before).map((r) => r.stripeAccount)).toEqual([null]);
  });

  it('acknowledges an event for an account no workspace claims, writes nothing, and warns without the secret', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const event = fake.eventFor('invoice.finalized', await stripeIdOf(get(), invoiceOf.default), { account: 'acct_1NobodyHasThis' });
      const requests = fake.state.requests.length;
      expect(await deliver(event)).toEqual({ status: 200, received: true, duplicate: false, handled: false });
      const [row] = await selectRows<{ n: number }>(get().installation.db, sql`select count(*)::int as n from webhook_events where id = ${event.id}`);
      expect(row!.n).toBe(0);
      // nobody's client was used for it
      expect(fake.state.requests.length).toBe(requests);
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0]![0]);
      expect(message).toContain('acct_1NobodyHasThis');
      expect(message).toContain(event.id);
      expect(message).not.toContain(SECRET);
    } finally {
      warn.mockRestore();
    }
  });
});
