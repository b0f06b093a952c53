// Erasure reaching Stripe, with the real SDK against the fake Stripe: the erased customer's Stripe
// customer is deleted once our erasure has committed; when Stripe is down or not configured, the
// erasure still stands and the automation run deletes it later, once; a customer not erased is never
// touched; and the events Stripe sends afterwards about that customer bring nothing personal back.
import { and, eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAutomation } from '@/lib/automation/run-automation';
import { billingConfig } from '@/lib/config/billing-config';
import { selectRows, type Database } from '@/lib/db/client';
import { auditLog, customers, paymentMethods, webhookEvents } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { ensureStripeCustomer } from '@/lib/stripe/mirror-invoice';
import { createStripeClient } from '@/lib/stripe/stripe-client';
import { receiveStripeWebhook } from '@/lib/stripe/stripe-webhook';
import { DAY_MS } from '@/lib/time/utc-day';
import { startFakeStripe, type FakeStripe, type FakeStripeEvent } from '@/test/fake-stripe/fake-stripe-server';
import { stripeClientFor } from '@/test/fake-stripe/stripe-client-for-fake';
import { personalData, type PersonalData } from '@/test/privacy-fixture';
import { describeEachEngine } from '@/test/test-database';
import { eraseCustomer, ERASED_CUSTOMER_NAME } from './erase-customer';

const NOW = new Date('2026-11-22T10:00:00Z');
const config = billingConfig(parseEnv({}));
const ADMIN = { type: 'user', id: '5f0c3e2a-8d7b-4c1e-9a6f-2b3c4d5e6f70' } as const;
const RUN = { type: 'system', id: null } as const;
const SECRET = 'whsec_stripe_erasure_tests';

describeEachEngine('privacy: erasure reaches Stripe', (get) => {
  let fake: FakeStripe;
  let stripe: Stripe;
  /** a Stripe nobody answers at: its fake was started and closed again */
  let down: Stripe;

  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = createStripeClient('sk_test_meterbill', fake.url);
    const gone = await startFakeStripe();
    down = stripeClientFor(gone);
    await gone.close();
  });
  afterAll(async () => {
    await fake?.close();
  });

  /** Our customer with their Stripe customer, made the way mirroring makes it. */
  async function customerAtStripe(label: string): Promise<{ id: string; stripeCustomerId: string; personal: PersonalData }> {
    const personal = personalData(label);
    const [row] = await get().db.insert(customers).values({ name: personal.name, email: personal.email, currency: 'eur', addressLines: [personal.addressLine] }).returning();
    const stripeCustomerId = await ensureStripeCustomer(get().db, stripe, row!);
    expect((await stripe.customers.retrieve(stripeCustomerId)) as Stripe.Customer).toMatchObject({ name: personal.name, email: personal.email });
    return { id: row!.id, stripeCustomerId, personal };
  }
  const erase = (customerId: string, client: Stripe | null) => eraseCustomer(get(), customerId, { reason: 'GDPR request by e-mail' }, { actor: ADMIN, now: NOW, stripe: client });
  const run = (client: Stripe | null, now: Date) =>
    runAutomation(get(), { now, actor: RUN, trigger: 'manual', workspaces: [WORKSPACE], services: () => ({ config, stripe: client }) });
  let WORKSPACE: NonNullable<Awaited<ReturnType<Database['installation']['db']['query']['workspaces']['findFirst']>>>;
  beforeAll(async () => {
    WORKSPACE = (await get().installation.db.query.workspaces.findFirst())!;
  });

  const deletedAtStripe = async (stripeCustomerId: string) => (await stripe.customers.retrieve(stripeCustomerId)).deleted === true;
  const deletesOf = (stripeCustomerId: string) => fake.requestsTo('DELETE', '/v1/customers/:id').filter((r) => r.path === `/v1/customers/${stripeCustomerId}` && r.status === 200);
  const stripeErasedEntries = (customerId: string) =>
    get().db.select({ actorType: auditLog.actorType, details: auditLog.details }).from(auditLog).where(and(eq(auditLog.action, 'customer.stripe_erased'), eq(auditLog.customerId, customerId)));
  const row = async (customerId: string) => (await get().db.select().from(customers).where(eq(customers.id, customerId)))[0]!;

  /** Delivers an event the fake recorded to our webhook, signed as Stripe signs it, with `client` as the workspace's Stripe. */
  async function deliver(event: FakeStripeEvent, client: Stripe | null) {
    const rawBody = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET });
    return receiveStripeWebhook(get(), { rawBody, signature, secret: SECRET, now: NOW, services: () => ({ config, stripe: client }) });
  }
  const storedPayload = async (eventId: string) => (await get().db.select({ payload: webhookEvents.payload }).from(webhookEvents).where(eq(webhookEvents.id, eventId)))[0]?.payload;

  it('deletes the Stripe customer once the erasure has committed, audits it without personal data, and a later event brings nothing back', async () => {
    const subject = await customerAtStripe('Deleted');
    // a card saved at Stripe whose attach event has not reached us yet when the customer is erased
    fake.attachPaymentMethod(subject.stripeCustomerId, 'pm_card_visa', { asDefault: true });
    const lateAttach = fake.eventsOfType('payment_method.attached').find((e) => e.data.object.customer === subject.stripeCustomerId)!;

    expect(await erase(subject.id, stripe)).toEqual({ erased_at: NOW.toISOString(), stripe_customer: 'deleted' });
    expect(await deletedAtStripe(subject.stripeCustomerId)).toBe(true);
    expect(deletesOf(subject.stripeCustomerId)).toHaveLength(1);
    // the id stays, so later events are recognised as the erased customer's
    expect(await row(subject.id)).toMatchObject({ name: ERASED_CUSTOMER_NAME, email: '', erasedAt: NOW, stripeCustomerId: subject.stripeCustomerId, stripeErasedAt: NOW });
    const entries = await stripeErasedEntries(subject.id);
    expect(entries).toEqual([{ actorType: 'user', details: { stripe_customer_id: subject.stripeCustomerId, outcome: 'deleted' } }]);

    // Stripe's customer.deleted carries the customer as they were: acknowledged, its payload not kept
    const deletedEvent = fake.eventsOfType('customer.deleted').find((e) => e.data.object.id === subject.stripeCustomerId)!;
    expect(deletedEvent.data.object).toMatchObject({ name: subject.personal.name, email: subject.personal.email });
    expect(await deliver(deletedEvent, stripe)).toMatchObject({ status: 200, duplicate: false });
    expect(await storedPayload(deletedEvent.id)).toEqual({});
    // the late attach: answered 200, its card not recorded for the erased customer, its payload not kept
    expect(await deliver(lateAttach, stripe)).toMatchObject({ status: 200, handled: true });
    expect(await get().db.select().from(paymentMethods).where(eq(paymentMethods.customerId, subject.id))).toEqual([]);
    expect(await storedPayload(lateAttach.id)).toEqual({});
    const left = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from webhook_events where payload::text ilike ${`%${subject.personal.email}%`} or payload::text ilike ${`%${subject.personal.name}%`}`);
    expect(left).toEqual([{ n: 0 }]);

    // an event about a customer who is not erased keeps its payload, as before
    const kept = await customerAtStripe('Kept');
    const created = fake.eventsOfType('customer.created').find((e) => e.data.object.id === kept.stripeCustomerId)!;
    expect(await deliver(created, stripe)).toMatchObject({ status: 200 });
    expect(await storedPayload(created.id)).toMatchObject({ id: created.id, data: { object: { email: kept.personal.email } } });

    // the next run finds nothing left to do at Stripe for them
    await run(stripe, new Date(NOW.getTime() + DAY_MS));
    expect(deletesOf(subject.stripeCustomerId)).toHaveLength(1);
    expect(await stripeErasedEntries(subject.id)).toHaveLength(1);
  });

  it('erases while Stripe is down or not configured, and the next run with Stripe deletes what is left, once; a customer not erased is never touched', async () => {
    const whileDown = await customerAtStripe('Down');
    const withoutStripe = await customerAtStripe('Unconfigured');
    const goneAlready = await customerAtStripe('Dashboard');
    const notErased = await customerAtStripe('Active');

    // our erasure stands whatever Stripe answers
    expect(await erase(whileDown.id, down)).toEqual({ erased_at: NOW.toISOString(), stripe_customer: 'pending' });
    expect(await erase(withoutStripe.id, null)).toEqual({ erased_at: NOW.toISOString(), stripe_customer: 'pending' });
    expect(await erase(goneAlready.id, null)).toMatchObject({ stripe_customer: 'pending' });
    for (const erased of [whileDown, withoutStripe, goneAlready]) {
      expect(await row(erased.id)).toMatchObject({ name: ERASED_CUSTOMER_NAME, email: '', erasedAt: NOW, stripeErasedAt: null });
      expect(await deletedAtStripe(erased.stripeCustomerId)).toBe(false);
    }
    // an operator deletes one by hand in Stripe's Dashboard meanwhile
    await stripe.customers.del(goneAlready.stripeCustomerId);

    // a run while Stripe is still down tries each once, records the failures and goes on
    const failing = await run(down, new Date(NOW.getTime() + DAY_MS));
    expect(failing.steps.retention).toMatchObject({ failed: 3 });
    expect(await row(whileDown.id)).toMatchObject({ stripeErasedAt: null });

    const later = new Date(NOW.getTime() + 2 * DAY_MS);
    const recovered = await run(stripe, later);
    expect(recovered.steps.retention).toMatchObject({ failed: 0, remaining: 0 });
    expect(recovered.steps.retention.done).toBeGreaterThanOrEqual(3);
    for (const erased of [whileDown, withoutStripe, goneAlready]) {
      expect(await deletedAtStripe(erased.stripeCustomerId)).toBe(true);
      expect(await row(erased.id)).toMatchObject({ stripeErasedAt: later, stripeCustomerId: erased.stripeCustomerId });
    }
    expect(await stripeErasedEntries(whileDown.id)).toEqual([{ actorType: 'system', details: { stripe_customer_id: whileDown.stripeCustomerId, outcome: 'deleted' } }]);
    expect(await stripeErasedEntries(goneAlready.id)).toEqual([{ actorType: 'system', details: { stripe_customer_id: goneAlready.stripeCustomerId, outcome: 'already_deleted' } }]);

    // a second run does nothing at Stripe
    const deletesBefore = fake.requestsTo('DELETE', '/v1/customers/:id').length;
    const again = await run(stripe, new Date(NOW.getTime() + 3 * DAY_MS));
    expect(again.steps.retention).toMatchObject({ failed: 0, remaining: 0 });
    expect(fake.requestsTo('DELETE', '/v1/customers/:id')).toHaveLength(deletesBefore);
    for (const erased of [whileDown, withoutStripe, goneAlready]) expect(await stripeErasedEntries(erased.id)).toHaveLength(1);

    // the customer who was not erased keeps their Stripe customer, as it was
    expect(fake.requestsTo('DELETE', '/v1/customers/:id').filter((r) => r.path.endsWith(notErased.stripeCustomerId))).toEqual([]);
    expect((await stripe.customers.retrieve(notErased.stripeCustomerId)) as Stripe.Customer).toMatchObject({ name: notErased.personal.name, email: notErased.personal.email });
    expect(await row(notErased.id)).toMatchObject({ name: notErased.personal.name, erasedAt: null, stripeErasedAt: null });
  });
});
