// A customer with a record of every kind, written by the product's own functions: personal data on the
// customer and their sign-in, a Stripe card whose webhook event carries their email, a subscription
// with usage whose properties name them, an invoice paid and partly credited, an open one-time
// invoice, emails rendered (no Resend key: kept as not_configured), webhook events fanned out to an
// endpoint, and audit entries for all of it. For the privacy suites (export, erasure, retention).
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import { upsertLocalUser } from '@/lib/auth/local-users';
import type { BillingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { updateCustomer } from '@/lib/customers/update-customer';
import type { Database } from '@/lib/db/client';
import { customers, DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { sendDueEmails } from '@/lib/notifications/send-due-emails';
import { recordPayment } from '@/lib/payments/record-payment';
import { receiveStripeWebhook } from '@/lib/stripe/stripe-webhook';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { DAY_MS } from '@/lib/time/utc-day';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import type { UsageEventInput } from '@/lib/usage/usage-event-schema';
import { fanOutWebhookEvents } from '@/lib/webhooks/fan-out-webhook-events';
import { findWorkspace } from '@/lib/workspaces/find-workspace';

export const FIXTURE_ACTOR: Actor = { type: 'system', id: 'privacy-fixture' };
export const FIXTURE_WEBHOOK_SECRET = 'whsec_privacy_fixture';

/** The personal data a fixture customer holds, each string unique to it so a search finds only it. */
export type PersonalData = { name: string; email: string; billingEmail: string; taxId: string; externalId: string; addressLine: string };

export type FixtureCustomer = { id: string; userId: string; subscriptionId: string; paidInvoiceId: string; openInvoiceId: string; personal: PersonalData };

export function personalData(label: string): PersonalData {
  const tag = randomBytes(4).toString('hex');
  return {
    name: `${label} Quillfeather ${tag}`,
    email: `${label.toLowerCase()}.${tag}@privacy.example`,
    billingEmail: `${label.toLowerCase()}.accounts.${tag}@privacy.example`,
    taxId: `NL${parseInt(tag, 16).toString().padStart(9, '0').slice(0, 9)}B01`,
    externalId: `ext-${label.toLowerCase()}-${tag}`,
    addressLine: `${tag} Lindenstraat 7`,
  };
}

/** Delivers a Stripe event to the webhook as Stripe signs it (the signature's clock is the transport's). */
async function deliverStripeEvent(database: Database, config: BillingConfig, id: string, type: string, object: Record<string, unknown>, now: Date) {
  const event = { id, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } };
  const rawBody = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: FIXTURE_WEBHOOK_SECRET });
  const received = await receiveStripeWebhook(database, { rawBody, signature, secret: FIXTURE_WEBHOOK_SECRET, now, services: () => ({ stripe: null, config }) });
  if (received.status !== 200 || !received.handled) throw new Error(`the fixture's webhook was not handled: ${JSON.stringify(received)}`);
}

/** The customer, subscribed 45 days before `now` (the default catalog must be installed). */
export async function fixtureCustomer(database: Database, label: string, { now, config }: { now: Date; config: BillingConfig }): Promise<FixtureCustomer> {
  const { db } = database;
  const personal = personalData(label);
  const start = new Date(now.getTime() - 45 * DAY_MS);
  const customer = await createCustomer(
    db,
    { external_id: personal.externalId, name: `${label} (old name)`, email: personal.email, billing_emails: [personal.billingEmail], currency: 'usd', country: 'NL', address_lines: [personal.addressLine, '1015 CJ Amsterdam'] },
    { actor: FIXTURE_ACTOR, now: start, defaultCurrency: 'usd' },
  );
  // a change of the personal fields: the audit log names them and keeps no value
  await updateCustomer(db, customer.id, { name: personal.name, tax_id: personal.taxId }, { actor: FIXTURE_ACTOR, now: start });
  const userId = await upsertLocalUser(database.installation.db, { email: personal.email, passwordHash: 'x', appMetadata: {} });
  const stripeCustomerId = `cus_${label.toLowerCase()}_${customer.id.slice(0, 8)}`;
  await db.update(customers).set({ userId, stripeCustomerId, bankIban: 'NL91ABNA0417164300', bankBic: 'ABNANL2A' }).where(eq(customers.id, customer.id));

  await deliverStripeEvent(database, config, `evt_${stripeCustomerId}_pm`, 'payment_method.attached', {
    id: `pm_${stripeCustomerId}`, object: 'payment_method', type: 'card', customer: stripeCustomerId,
    billing_details: { name: personal.name, email: personal.email, address: { line1: personal.addressLine } },
    card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: now.getUTCFullYear() + 2 },
  }, now);

  const subscription = await createSubscription(db, { customer_id: customer.id, plan_code: 'api_growth', start_date: start.toISOString(), trial_days: 0 }, { actor: FIXTURE_ACTOR, now: start, config });
  await ingestUsageEvents(
    database,
    [1, 2, 3].flatMap((day): UsageEventInput[] => [
      { id: `${label}-calls-${day}`, customer_id: customer.id, metric: 'api_calls', quantity: '6000', timestamp: new Date(start.getTime() + day * DAY_MS).toISOString(), properties: { caller: personal.email } },
      // the distinct values a unique_count metric keeps are the customer's own users
      { id: `${label}-active-${day}`, customer_id: customer.id, metric: 'active_users', timestamp: new Date(start.getTime() + day * DAY_MS).toISOString(), properties: { user_id: `${personal.email}#${day % 2}` } },
    ]),
    { now: new Date(start.getTime() + 4 * DAY_MS) },
  );
  const run = await runBilling(database, { now, config, actor: FIXTURE_ACTOR, trigger: 'manual', customerId: customer.id });
  if (run.invoiced !== 1) throw new Error(`the fixture's billing run invoiced ${run.invoiced} periods: ${JSON.stringify(run.errors)}`);
  const paidInvoiceId = run.invoice_ids[0]!;
  await recordPayment(db, paidInvoiceId, { method: 'card' }, { now, config, actor: FIXTURE_ACTOR });
  await createCreditNote(db, paidInvoiceId, { reason: 'Goodwill for an outage', amount: '1.00' }, { now, config, actor: FIXTURE_ACTOR });
  const open = await createOneTimeInvoice(
    db,
    { customer_id: customer.id, items: [{ description: 'Onboarding', quantity: '1', unit_price: '150' }], due_days: 7, finalize: true },
    { now: new Date(now.getTime() - DAY_MS), config, actor: FIXTURE_ACTOR },
  );
  // rendered and kept (no Resend key), so the outbox holds bodies with the customer's name and addresses
  const workspace = (await findWorkspace(database.installation.db, DEFAULT_WORKSPACE_ID))!;
  await sendDueEmails(db, { now, workspace, config, resend: null, from: null, appUrl: 'https://billing.example' });
  await fanOutWebhookEvents(db, { now, limit: 1_000 });
  return { id: customer.id, userId, subscriptionId: subscription.id, paidInvoiceId, openInvoiceId: open.id, personal };
}
