// Two workspaces with data in every business table, each written by the product's own domain
// functions under that workspace's scoped handle: the fixture the workspace isolation suite reads
// back with hand-written SQL. The first also carries the whole demo (lib/demo/seed-demo-data.ts).
import { eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import type { BillingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import type { Database } from '@/lib/db/client';
import { alertRules, alerts, billableMetrics, budgetNotifications, customerBudgets, customers, workspaceMembers, workspaceRetentionSettings, workspaces } from '@/lib/db/schema';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { runDunning } from '@/lib/dunning/run-dunning';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { recordPayment } from '@/lib/payments/record-payment';
import { receiveStripeWebhook } from '@/lib/stripe/stripe-webhook';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { DAY_MS } from '@/lib/time/utc-day';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { fanOutWebhookEvents } from '@/lib/webhooks/fan-out-webhook-events';
import type { HostLookup } from '@/lib/webhooks/webhook-url-safety';

const ACTOR: Actor = { type: 'system', id: null };
const WEBHOOK_SECRET = 'whsec_two_workspaces_fixture';
/** The same external id in both workspaces: external ids are unique per workspace, not per installation. */
export const SHARED_EXTERNAL_ID = 'shared_customer_1';

export type FilledWorkspace = {
  id: string;
  slug: string;
  database: Database;
  /** the customer the fixture made (beside the demo's, in the first workspace) */
  customerId: string;
  /** the signed-in user of one of this workspace's customers */
  customerUserId: string;
  customerUserCustomerId: string;
};

/** A Stripe event signed as Stripe signs it (the signature's clock is the transport's, not billing time). */
const stripeAccountOf = (slug: string) => `acct_${slug}_fixture`;

function signedEvent(id: string, type: string, object: Record<string, unknown>, account: string) {
  const event = { id, object: 'event', account, type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } };
  const rawBody = JSON.stringify(event);
  return { rawBody, signature: Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: WEBHOOK_SECRET }) };
}

/** The fixture's endpoints are on hosts that resolve, for the URL check, to a public address; nothing is sent. */
const fixtureDns: HostLookup = async () => [{ address: '93.184.215.14', family: 4 }];

/**
 * What every workspace gets, whatever else it holds: a customer subscribed 45 days before `now` with
 * usage (a unique_count metric included), its first period billed, paid and partly refunded by a credit
 * note, a card attached through the Stripe webhook, a one-time invoice gone overdue (the outbox), an
 * API key, and an admin member.
 */
async function fillEveryTable(workspace: { id: string; slug: string; database: Database }, now: Date, config: BillingConfig, adminUserId: string) {
  const { database, slug } = workspace;
  const { db } = database;
  const start = new Date(now.getTime() - 45 * DAY_MS);
  await ensureDefaultCatalog(db);
  // an endpoint for every event, so the business below queues webhook events as well as emails
  await createWebhookEndpoint(db, { url: `https://hooks.${slug}.example/meterbill`, events: ['*'] }, { actor: ACTOR, allowPrivateUrls: false, lookup: fixtureDns });
  const customer = await createCustomer(
    db,
    { external_id: SHARED_EXTERNAL_ID, name: `${slug} customer`, email: `billing@${slug}.example`, currency: 'usd', country: 'NL', payment_method: 'card' },
    { actor: ACTOR, now: start, defaultCurrency: 'usd' },
  );
  // what connecting the customer to Stripe writes; Stripe's ids are unique across all its accounts
  await db.update(customers).set({ stripeCustomerId: `cus_${slug}_fixture` }).where(eq(customers.id, customer.id));
  const attached = signedEvent(`evt_${slug}_pm_attached`, 'payment_method.attached', {
    id: `pm_${slug}_fixture`, object: 'payment_method', type: 'card', customer: `cus_${slug}_fixture`,
    card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: now.getUTCFullYear() + 2 },
  }, stripeAccountOf(slug));
  // the event names the workspace's Connect account, which is how the webhook routes it there
  const received = await receiveStripeWebhook(database, { ...attached, secret: WEBHOOK_SECRET, now, services: () => ({ stripe: null, config }) });
  if (received.status !== 200 || !received.handled) throw new Error(`the fixture's webhook was not handled: ${JSON.stringify(received)}`);

  await createSubscription(db, { customer_id: customer.id, plan_code: 'api_growth', start_date: start.toISOString(), trial_days: 0 }, { actor: ACTOR, now: start, config });
  await ingestUsageEvents(
    database,
    [1, 2, 3].flatMap((day) => [
      { id: `${slug}-calls-${day}`, customer_id: customer.id, metric: 'api_calls', quantity: '6000', timestamp: new Date(start.getTime() + day * DAY_MS).toISOString() },
      { id: `${slug}-active-${day}`, customer_id: customer.id, metric: 'active_users', timestamp: new Date(start.getTime() + day * DAY_MS).toISOString(), properties: { user_id: `user-${day % 2}` } },
    ]),
    { now: new Date(start.getTime() + 4 * DAY_MS) },
  );
  const run = await runBilling(database, { now, config, actor: ACTOR, trigger: 'manual', customerId: customer.id });
  if (run.invoiced !== 1) throw new Error(`the fixture's billing run invoiced ${run.invoiced} periods: ${JSON.stringify(run.errors)}`);
  const invoiceId = run.invoice_ids[0]!;
  await recordPayment(db, invoiceId, { method: 'card' }, { now, config, actor: ACTOR });
  await createCreditNote(db, invoiceId, { reason: 'Goodwill for an outage', amount: '1.00' }, { now, config, actor: ACTOR });

  await createOneTimeInvoice(
    db,
    { customer_id: customer.id, items: [{ description: 'Onboarding', quantity: '1', unit_price: '150' }], due_days: 7, finalize: true },
    { now: new Date(now.getTime() - 20 * DAY_MS), config, actor: ACTOR },
  );
  await runDunning(db, null, { now, config, actor: ACTOR });
  // every event so far becomes a delivery, due at `now` (and never delivered: nothing here sends)
  await fanOutWebhookEvents(db, { now, limit: 1_000 });
  await createApiKey(db, { name: `${slug} ingestion`, scopes: ['usage:write'] }, ACTOR);
  // cost monitoring: a metric's unit cost, a rule with one triggered alert, a budget with one crossing
  await db.update(billableMetrics).set({ unitCost: '0.0004', unitCostCurrency: 'usd' }).where(eq(billableMetrics.code, 'api_calls'));
  const [rule] = await db.insert(alertRules).values({ name: 'Calls per day', kind: 'usage_amount', windowUnit: 'day', threshold: '5', currency: 'usd', notify: ['admins'] }).returning();
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1));
  await db.insert(alerts).values({ ruleId: rule!.id, customerId: customer.id, windowStart: day, windowEnd: new Date(day.getTime() + DAY_MS), value: '6.00', threshold: '5', currency: 'usd', triggeredAt: day });
  await db.insert(customerBudgets).values({ customerId: customer.id, amount: '100.00', currency: 'usd', notifyAtPercent: [50, 80, 100] });
  await db.insert(budgetNotifications).values({ customerId: customer.id, periodStart: start, percent: 50, budgetAmount: '100.00', spend: '55.00', currency: 'usd', notifiedAt: now });
  // its own retention choice (lib/privacy/retention-settings.ts)
  await db.insert(workspaceRetentionSettings).values({ usageEventsDays: 400, webhookPayloadsDays: 30, emailBodiesDays: slug === 'alpha' ? 60 : 90, deliveryLogsDays: null });
  // membership is installation work (who may enter which workspace)
  await database.installation.db.insert(workspaceMembers).values({ workspaceId: workspace.id, userId: adminUserId, role: 'admin' });
  return customer.id;
}

/**
 * Creates workspaces `alpha` (the demo, with its demo users, plus everything above) and `beta`
 * (everything above, and a signed-in customer of its own). Both are billed up to `now`.
 */
export async function fillTwoWorkspaces(base: Database, { now, config }: { now: Date; config: BillingConfig }): Promise<{ alpha: FilledWorkspace; beta: FilledWorkspace }> {
  const installation = base.installation.db;
  const [alphaRow] = await installation.insert(workspaces).values({ slug: 'alpha', name: 'Alpha', stripeAccountId: stripeAccountOf('alpha') }).returning();
  const [betaRow] = await installation.insert(workspaces).values({ slug: 'beta', name: 'Beta', defaultCurrency: 'eur', stripeAccountId: stripeAccountOf('beta') }).returning();
  const alpha = { id: alphaRow!.id, slug: 'alpha', database: base.inWorkspace(alphaRow!.id) };
  const beta = { id: betaRow!.id, slug: 'beta', database: base.inWorkspace(betaRow!.id) };

  await seedDemoData(alpha.database, { now, config });
  const [demoCustomer] = await alpha.database.db.select({ id: customers.id, userId: customers.userId }).from(customers).where(sql`${customers.userId} is not null`);
  const adminUserId = await upsertLocalUser(installation, { email: 'workspace-admin@two-workspaces.example', passwordHash: 'x', appMetadata: {} });
  const alphaCustomerId = await fillEveryTable(alpha, now, config, adminUserId);
  const betaCustomerId = await fillEveryTable(beta, now, config, adminUserId);

  const betaUserId = await upsertLocalUser(installation, { email: 'customer@beta.example', passwordHash: 'x', appMetadata: {} });
  await beta.database.db.update(customers).set({ userId: betaUserId }).where(eq(customers.id, betaCustomerId));
  return {
    alpha: { ...alpha, customerId: alphaCustomerId, customerUserId: demoCustomer!.userId!, customerUserCustomerId: demoCustomer!.id },
    beta: { ...beta, customerId: betaCustomerId, customerUserId: betaUserId, customerUserCustomerId: betaCustomerId },
  };
}
