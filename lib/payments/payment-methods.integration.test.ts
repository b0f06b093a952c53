// Payment methods end to end on a real database with the real SDK against the local Stripe server:
// adding one through a Checkout Session in setup mode (the return page and the webhook both record
// it, once), making one the default, removing one, and following what Stripe says happened (detached,
// attached, the customer's default changed), in whatever order Stripe's events arrive.
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { auditLog, customers, paymentMethods } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { parseEnv } from '@/lib/env';
import { receiveStripeWebhook } from '@/lib/stripe/stripe-webhook';
import { createStripeClient } from '@/lib/stripe/stripe-client';
import { workspaceConfig } from '@/lib/workspaces/workspace-config';
import { startFakeStripe, type FakeStripe, type FakeStripeEvent } from '@/test/fake-stripe/fake-stripe-server';
import { describeEachEngine } from '@/test/test-database';
import { addPaymentMethod } from './add-payment-method';
import { listPaymentMethods } from './list-payment-methods';
import { recordSetupSession } from './record-setup-session';
import { removePaymentMethod } from './remove-payment-method';
import { setDefaultPaymentMethod } from './set-default-payment-method';

const SECRET = 'whsec_test_payment_methods';
const NOW = new Date('2026-11-22T10:00:00Z');
const APP = 'https://billing.example.com';

describeEachEngine('payment methods', (get) => {
  let fake: FakeStripe;
  let stripe: Stripe;
  const env = parseEnv({});
  const actorFor = (customerId: string): Actor => ({ type: 'user', id: `user-of-${customerId}` });

  beforeAll(async () => {
    fake = await startFakeStripe({ now: () => NOW });
    stripe = createStripeClient('sk_test_payment_methods', fake.url);
  });
  afterAll(async () => {
    await fake?.close();
  });

  /** Stripe's events as the route hands them over, signed; `withClient: false` is an installation whose handlers read the payload only. */
  const deliver = (event: FakeStripeEvent, { withClient = true } = {}) => {
    const rawBody = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET });
    return receiveStripeWebhook(get(), { rawBody, signature, secret: SECRET, now: NOW, services: (workspace) => ({ config: workspaceConfig(workspace, env), stripe: withClient ? stripe : null }) });
  };

  async function newCustomer(name: string, values: Partial<typeof customers.$inferInsert> = {}) {
    const [row] = await get().db.insert(customers).values({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`, currency: 'usd', autoPay: true, ...values }).returning();
    return row!;
  }
  const rowsOf = (customerId: string) => get().db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId)).orderBy(paymentMethods.createdAt);
  const listed = async (customerId: string) => (await listPaymentMethods(get().db, customerId)).map((m) => [m.card?.brand ?? m.type, m.card?.last4 ?? m.sepa_debit?.last4, m.is_default]);
  const auditsOf = async (customerId: string) =>
    (await get().db.select({ action: auditLog.action, entityId: auditLog.entityId, actorType: auditLog.actorType }).from(auditLog).where(eq(auditLog.customerId, customerId)).orderBy(auditLog.id)).filter((a) =>
      a.action.startsWith('payment_method.'),
    );
  const stripeDefaultOf = async (stripeCustomerId: string) => {
    const customer = await stripe.customers.retrieve(stripeCustomerId);
    return customer.deleted ? null : customer.invoice_settings.default_payment_method;
  };
  const stripeIdOfCustomer = async (customerId: string) => (await get().db.select().from(customers).where(eq(customers.id, customerId)))[0]!.stripeCustomerId!;
  /** What the customer does on Stripe's page: Add → Checkout → choose the card → Save; the session id Stripe puts in the success URL. */
  async function checkout(customerId: string, card: string) {
    const { session_id, url } = await addPaymentMethod(get().db, stripe, customerId, { appOrigin: APP });
    expect(url).toBe(`${fake.url}/checkout/${session_id}`);
    expect(fake.completeCheckoutSession(session_id, card).error).toBeNull();
    return session_id;
  }
  const eventsSince = (count: number) => [...fake.state.events.values()].slice(count);
  const expectBillingError = async (work: Promise<unknown>, status: number, field?: string) => {
    const error = await work.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BillingError);
    expect((error as BillingError).status).toBe(status);
    if (field) expect((error as BillingError).details.map((d) => d.field)).toEqual([field]);
  };

  beforeEach(() => fake.reset());

  it('adds a card through a Checkout Session in setup mode: recorded once on return, the default here and at Stripe, and the webhook after it adds nothing', async () => {
    const ada = await newCustomer('Ada Checkout');
    const { url, session_id } = await addPaymentMethod(get().db, stripe, ada.id, { appOrigin: APP });
    // the Stripe customer is made (and mirrored) first, with our id in its metadata
    const stripeCustomerId = await stripeIdOfCustomer(ada.id);
    expect(fake.state.customers.get(stripeCustomerId)!.metadata).toEqual({ customer_id: ada.id });
    const [created] = fake.requestsTo('POST', '/v1/checkout/sessions');
    expect(created!.params).toMatchObject({
      mode: 'setup', currency: 'usd', customer: stripeCustomerId,
      success_url: `${APP}/billing/payment-methods?setup_session={CHECKOUT_SESSION_ID}`, cancel_url: `${APP}/billing/payment-methods`,
      metadata: { customer_id: ada.id },
    });
    expect(url).toBe(`${fake.url}/checkout/${session_id}`);
    // nothing is recorded for a session the customer has not finished
    expect(await recordSetupSession(get().db, stripe, ada.id, session_id, { actor: actorFor(ada.id) })).toEqual({ status: 'open' });
    expect(await rowsOf(ada.id)).toEqual([]);

    const before = fake.state.events.size;
    expect(fake.completeCheckoutSession(session_id, 'pm_card_visa').error).toBeNull();
    const saved = await recordSetupSession(get().db, stripe, ada.id, session_id, { actor: actorFor(ada.id) });
    expect(saved).toMatchObject({ status: 'saved', method: { type: 'card', brand: 'visa', last4: '4242' }, outcome: { recorded: true, isDefault: true } });
    const pm = saved.status === 'saved' ? saved.method.id : '';
    expect(await listed(ada.id)).toEqual([['visa', '4242', true]]);
    expect(await stripeDefaultOf(stripeCustomerId)).toBe(pm);

    // a reload of the return URL, then every event Stripe sent for it: still one method, audited once
    await recordSetupSession(get().db, stripe, ada.id, session_id, { actor: actorFor(ada.id) });
    const sent = eventsSince(before);
    expect(sent.map((e) => e.type)).toEqual(['setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded', 'checkout.session.completed', 'customer.updated']);
    for (const event of sent) expect(await deliver(event)).toMatchObject({ status: 200 });
    expect(await listed(ada.id)).toEqual([['visa', '4242', true]]);
    expect(await auditsOf(ada.id)).toEqual([
      { action: 'payment_method.added', entityId: pm, actorType: 'user' },
      { action: 'payment_method.default_set', entityId: pm, actorType: 'user' },
    ]);
    expect(fake.requestsTo('POST', '/v1/customers/:id').filter((r) => r.params.invoice_settings)).toHaveLength(1);
  });

  it('records the method from the webhook when the customer closed the tab, and the late return records nothing again', async () => {
    const bea = await newCustomer('Bea Closed Tab');
    const first = await checkout(bea.id, 'pm_card_visa');
    await recordSetupSession(get().db, stripe, bea.id, first, { actor: actorFor(bea.id) });

    const before = fake.state.events.size;
    const second = await checkout(bea.id, 'pm_card_mastercard');
    // checkout.session.completed alone (Stripe's order is not guaranteed): it is enough
    const completed = eventsSince(before).find((e) => e.type === 'checkout.session.completed')!;
    expect(await deliver(completed)).toMatchObject({ status: 200, handled: true });
    expect(await listed(bea.id)).toEqual([['visa', '4242', true], ['mastercard', '4444', false]]);
    for (const event of eventsSince(before)) await deliver(event);
    expect(await recordSetupSession(get().db, stripe, bea.id, second, { actor: actorFor(bea.id) })).toMatchObject({ status: 'saved', outcome: { recorded: true, isDefault: false } });
    expect(await listed(bea.id)).toEqual([['visa', '4242', true], ['mastercard', '4444', false]]);
    const added = (await auditsOf(bea.id)).filter((a) => a.action === 'payment_method.added');
    expect(added.map((a) => a.actorType)).toEqual(['user', 'stripe']);
  });

  it('refuses a malformed session id (422), and another customer’s or an unknown session (404), recording nothing', async () => {
    const owner = await newCustomer('Session Owner');
    const other = await newCustomer('Session Snooper');
    const session = await checkout(owner.id, 'pm_card_visa');
    await addPaymentMethod(get().db, stripe, other.id, { appOrigin: APP }); // the snooper has a Stripe customer too
    await expectBillingError(recordSetupSession(get().db, stripe, other.id, 'javascript:alert(1)', { actor: actorFor(other.id) }), 422, 'setup_session');
    await expectBillingError(recordSetupSession(get().db, stripe, other.id, session, { actor: actorFor(other.id) }), 404);
    await expectBillingError(recordSetupSession(get().db, stripe, other.id, 'cs_test_doesnotexist', { actor: actorFor(other.id) }), 404);
    expect(await rowsOf(other.id)).toEqual([]);
    expect(await rowsOf(owner.id)).toEqual([]);
    // without Stripe there is no adding at all
    await expectBillingError(addPaymentMethod(get().db, null, owner.id, { appOrigin: APP }), 409);
  });

  it('makes another method the default at Stripe and here; an unknown, malformed or other customer’s method changes nothing', async () => {
    const cleo = await newCustomer('Cleo Default');
    const mallory = await newCustomer('Mallory Other');
    for (const card of ['pm_card_visa', 'pm_card_mastercard']) await recordSetupSession(get().db, stripe, cleo.id, await checkout(cleo.id, card), { actor: actorFor(cleo.id) });
    const malloryCard = await recordSetupSession(get().db, stripe, mallory.id, await checkout(mallory.id, 'pm_card_visa'), { actor: actorFor(mallory.id) });
    const [, mastercard] = (await rowsOf(cleo.id)).map((r) => r.stripePaymentMethodId);
    const stripeCustomerId = await stripeIdOfCustomer(cleo.id);

    expect(await setDefaultPaymentMethod(get().db, stripe, cleo.id, mastercard, { actor: actorFor(cleo.id) })).toEqual({ default_payment_method: mastercard, changed: true });
    expect(await listed(cleo.id)).toEqual([['visa', '4242', false], ['mastercard', '4444', true]]);
    expect(await stripeDefaultOf(stripeCustomerId)).toBe(mastercard);
    expect((await auditsOf(cleo.id)).at(-1)).toEqual({ action: 'payment_method.default_set', entityId: mastercard, actorType: 'user' });
    // again: nothing to do, nothing sent, nothing audited
    const updates = fake.requestsTo('POST', '/v1/customers/:id').length;
    const audits = (await auditsOf(cleo.id)).length;
    expect(await setDefaultPaymentMethod(get().db, stripe, cleo.id, mastercard, { actor: actorFor(cleo.id) })).toEqual({ default_payment_method: mastercard, changed: false });

    await expectBillingError(setDefaultPaymentMethod(get().db, stripe, cleo.id, 'pm_unknown123', { actor: actorFor(cleo.id) }), 404);
    await expectBillingError(setDefaultPaymentMethod(get().db, stripe, cleo.id, 'not a method', { actor: actorFor(cleo.id) }), 422, 'payment_method_id');
    const theirs = malloryCard.status === 'saved' ? malloryCard.method.id : '';
    await expectBillingError(setDefaultPaymentMethod(get().db, stripe, cleo.id, theirs, { actor: actorFor(cleo.id) }), 404);
    await expectBillingError(removePaymentMethod(get().db, stripe, cleo.id, theirs, { actor: actorFor(cleo.id), now: NOW }), 404);
    expect(fake.requestsTo('POST', '/v1/customers/:id')).toHaveLength(updates);
    expect(fake.requestsTo('POST', '/v1/payment_methods/:id/detach')).toHaveLength(0);
    expect((await auditsOf(cleo.id)).length).toBe(audits);
    expect(await listed(cleo.id)).toEqual([['visa', '4242', false], ['mastercard', '4444', true]]);
    expect(await listed(mallory.id)).toEqual([['visa', '4242', true]]);
    expect(fake.state.paymentMethods.get(theirs)!.customer).toBe(await stripeIdOfCustomer(mallory.id));
  });

  it('removes a method at Stripe and here; removing the default hands it to the newest remaining one, and the last leaves none', async () => {
    const dora = await newCustomer('Dora Remove');
    for (const card of ['pm_card_visa', 'pm_card_mastercard', 'pm_card_visa']) {
      await recordSetupSession(get().db, stripe, dora.id, await checkout(dora.id, card), { actor: actorFor(dora.id) });
    }
    const [first, second, third] = (await rowsOf(dora.id)).map((r) => r.stripePaymentMethodId);
    const stripeCustomerId = await stripeIdOfCustomer(dora.id);
    expect(await stripeDefaultOf(stripeCustomerId)).toBe(first);

    // not the default: detached at Stripe, gone from the list, the default stays
    expect(await removePaymentMethod(get().db, stripe, dora.id, second, { actor: actorFor(dora.id), now: NOW })).toEqual({ removed: second, default_payment_method: first });
    expect(fake.state.paymentMethods.get(second!)!.customer).toBeNull();
    expect((await listPaymentMethods(get().db, dora.id)).map((m) => m.id)).toEqual([first, third]);
    // the default: the newest remaining takes over, at Stripe too
    expect(await removePaymentMethod(get().db, stripe, dora.id, first, { actor: actorFor(dora.id), now: NOW })).toEqual({ removed: first, default_payment_method: third });
    expect(await stripeDefaultOf(stripeCustomerId)).toBe(third);
    expect((await listPaymentMethods(get().db, dora.id)).map((m) => [m.id, m.is_default])).toEqual([[third, true]]);
    // the last one: none left, no default
    expect(await removePaymentMethod(get().db, stripe, dora.id, third, { actor: actorFor(dora.id), now: NOW })).toEqual({ removed: third, default_payment_method: null });
    expect(await stripeDefaultOf(stripeCustomerId)).toBeNull();
    expect(await listPaymentMethods(get().db, dora.id)).toEqual([]);
    // removed twice: it is not on file any more
    await expectBillingError(removePaymentMethod(get().db, stripe, dora.id, third, { actor: actorFor(dora.id), now: NOW }), 404);
    expect((await auditsOf(dora.id)).filter((a) => a.action === 'payment_method.removed').map((a) => a.entityId)).toEqual([second, first, third]);
    // Stripe's detach events afterwards change nothing and audit nothing more
    const audits = (await auditsOf(dora.id)).length;
    for (const event of fake.eventsOfType('payment_method.detached')) expect(await deliver(event)).toMatchObject({ status: 200, handled: true });
    expect((await auditsOf(dora.id)).length).toBe(audits);
  });

  it('follows Stripe: a method attached or detached there, and the default changed there, whatever the order of the events', async () => {
    const eve = await newCustomer('Eve Dashboard');
    await addPaymentMethod(get().db, stripe, eve.id, { appOrigin: APP });
    const stripeCustomerId = await stripeIdOfCustomer(eve.id);

    // attached in Stripe's Dashboard: recorded, and the default as it is the first (at Stripe too)
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: stripeCustomerId });
    expect(await deliver(fake.eventsOfType('payment_method.attached').at(-1)!)).toMatchObject({ status: 200, handled: true });
    expect(await listed(eve.id)).toEqual([['visa', '4242', true]]);
    expect(await stripeDefaultOf(stripeCustomerId)).toBe(visa.id);
    const mastercard = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: stripeCustomerId });
    await deliver(fake.eventsOfType('payment_method.attached').at(-1)!);
    expect(await listed(eve.id)).toEqual([['visa', '4242', true], ['mastercard', '4444', false]]);

    // the default changed twice at Stripe; the older event arrives last and moves nothing back
    await stripe.customers.update(stripeCustomerId, { invoice_settings: { default_payment_method: mastercard.id } });
    const toMastercard = fake.eventsOfType('customer.updated').at(-1)!;
    await stripe.customers.update(stripeCustomerId, { invoice_settings: { default_payment_method: visa.id } });
    const backToVisa = fake.eventsOfType('customer.updated').at(-1)!;
    expect(await deliver(backToVisa)).toMatchObject({ status: 200, handled: true });
    expect(await deliver(toMastercard)).toMatchObject({ status: 200, handled: true });
    expect(await listed(eve.id)).toEqual([['visa', '4242', true], ['mastercard', '4444', false]]);
    await stripe.customers.update(stripeCustomerId, { invoice_settings: { default_payment_method: mastercard.id } });
    await deliver(fake.eventsOfType('customer.updated').at(-1)!);
    expect(await listed(eve.id)).toEqual([['visa', '4242', false], ['mastercard', '4444', true]]);
    // a change of something else about the customer leaves the default alone
    await stripe.customers.update(stripeCustomerId, { name: 'Eve Renamed' });
    await deliver(fake.eventsOfType('customer.updated').at(-1)!);
    expect(await listed(eve.id)).toEqual([['visa', '4242', false], ['mastercard', '4444', true]]);

    // the default detached in the Dashboard: not listed, and, as at Stripe, no default (auto-pay is warned on the page)
    await stripe.paymentMethods.detach(mastercard.id);
    expect(await deliver(fake.eventsOfType('payment_method.detached').at(-1)!)).toMatchObject({ status: 200, handled: true });
    expect(await listed(eve.id)).toEqual([['visa', '4242', false]]);
    expect((await auditsOf(eve.id)).at(-1)).toEqual({ action: 'payment_method.detached', entityId: mastercard.id, actorType: 'stripe' });

    // detached before its attach was heard of: the late attach does not bring it back, with a client or without
    for (const withClient of [true, false]) {
      const card = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: stripeCustomerId });
      const attached = fake.eventsOfType('payment_method.attached').at(-1)!;
      await stripe.paymentMethods.detach(card.id);
      const detached = fake.eventsOfType('payment_method.detached').at(-1)!;
      expect(await deliver(detached, { withClient })).toMatchObject({ status: 200, handled: true });
      expect(await deliver(attached, { withClient })).toMatchObject({ status: 200, handled: true });
      expect(await listed(eve.id)).toEqual([['visa', '4242', false]]);
      const [row] = await get().db.select().from(paymentMethods).where(and(eq(paymentMethods.stripePaymentMethodId, card.id)));
      expect(row).toMatchObject({ customerId: eve.id, last4: '4444' });
      expect(row!.detachedAt).not.toBeNull();
    }
  });

  it('treats a method recorded before Stripe was connected (the demo’s) as no default, and removes it without asking Stripe', async () => {
    const demo = await newCustomer('Demo Before Stripe');
    await get().db.insert(paymentMethods).values({ customerId: demo.id, stripePaymentMethodId: 'pm_demo_before', type: 'card', brand: 'visa', last4: '4242', expMonth: 1, expYear: 2030, isDefault: true });
    // its card can be made default and removed although Stripe never heard of it: there is nothing to tell Stripe
    expect(await setDefaultPaymentMethod(get().db, stripe, demo.id, 'pm_demo_before', { actor: actorFor(demo.id) })).toEqual({ default_payment_method: 'pm_demo_before', changed: false });
    const session = await checkout(demo.id, 'pm_card_mastercard');
    const saved = await recordSetupSession(get().db, stripe, demo.id, session, { actor: actorFor(demo.id) });
    // Stripe had no default: the new card is it, at Stripe and here
    expect(saved).toMatchObject({ status: 'saved', outcome: { recorded: true, isDefault: true } });
    expect(await listed(demo.id)).toEqual([['visa', '4242', false], ['mastercard', '4444', true]]);
    const detaches = fake.requestsTo('POST', '/v1/payment_methods/:id/detach').length;
    expect(await removePaymentMethod(get().db, stripe, demo.id, 'pm_demo_before', { actor: actorFor(demo.id), now: NOW })).toMatchObject({ removed: 'pm_demo_before' });
    expect(fake.requestsTo('POST', '/v1/payment_methods/:id/detach')).toHaveLength(detaches);
    expect(await listed(demo.id)).toEqual([['mastercard', '4444', true]]);
  });

  it('ignores what is not ours: a method attached to a Stripe customer we do not know, and a payment-mode session', async () => {
    const stranger = await stripe.customers.create({ name: 'Not ours' });
    await stripe.paymentMethods.attach('pm_card_visa', { customer: stranger.id });
    const before = (await get().db.select().from(paymentMethods)).length;
    expect(await deliver(fake.eventsOfType('payment_method.attached').at(-1)!)).toMatchObject({ status: 200, handled: true });
    expect(await deliver(fake.eventFor('checkout.session.completed', { id: 'cs_test_payment', object: 'checkout.session', mode: 'payment', customer: stranger.id }))).toMatchObject({ status: 200, handled: true });
    expect((await get().db.select().from(paymentMethods)).length).toBe(before);
  });
});
