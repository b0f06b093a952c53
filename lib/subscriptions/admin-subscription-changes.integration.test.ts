// An admin's changes to a subscription whose flat fee Stripe bills (setup-subscription), against the fake
// Stripe server with the real SDK: cancelling at period end and resuming (what PATCH
// /api/admin/billing/subscriptions/[id] and the customer page's action call, set-cancellation.ts) reach
// Stripe too, so Stripe stops charging and the webhook's read-back agrees with ours; without a Stripe
// client nothing is written; a plan change is refused (managed_by_stripe) with nothing changed. A
// subscription Stripe does not bill is cancelled and moved as before, without a Stripe request.
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { auditLog, billingPeriods, invoices, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { cancelOwnSubscription, setupSubscription } from '@/lib/payments/setup-subscription';
import { createStripeClient } from '@/lib/stripe/stripe-client';
import { receiveStripeWebhook } from '@/lib/stripe/stripe-webhook';
import { apiError } from '@/test/api-error';
import { startFakeStripe, type FakeStripe, type FakeStripeEvent } from '@/test/fake-stripe/fake-stripe-server';
import { describeEachEngine } from '@/test/test-database';
import { changeSubscriptionPlan } from './change-plan';
import { createSubscription } from './create-subscription';
import { setCancellation } from './set-cancellation';

const ADMIN = { type: 'user', id: 'admin-changes-test' } as const;
const SECRET = 'whsec_test_admin_subscription_changes';
const config = billingConfig(parseEnv({}));
const START = new Date('2026-09-01T00:00:00Z');
// ten days into September's period
const NOW = new Date('2026-09-11T00:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describeEachEngine('an admin’s changes to a subscription Stripe bills', (get) => {
  let fake: FakeStripe;
  let stripe: Stripe;
  let counter = 0;
  const db = () => get().db;

  const ours = async (id: string) => (await db().select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!;
  const atStripe = async (stripeSubscriptionId: string) => stripe.subscriptions.retrieve(stripeSubscriptionId);
  const auditActions = async (id: string) =>
    (await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'subscription'), eq(auditLog.entityId, id)))).map((r) => r.action);
  const stripeUpdates = (stripeSubscriptionId: string) => fake.requestsTo('POST', '/v1/subscriptions/:id').filter((r) => r.path === `/v1/subscriptions/${stripeSubscriptionId}`);
  /** Everything an admin's change could have written about this subscription. */
  const snapshot = async (id: string) => ({
    subscription: await ours(id),
    periods: await db().select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, id)).orderBy(billingPeriods.periodStart),
    invoices: await db().select({ id: invoices.id }).from(invoices).where(eq(invoices.subscriptionId, id)),
    audit: await auditActions(id),
  });
  const deliver = (event: FakeStripeEvent) => {
    const rawBody = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET });
    return receiveStripeWebhook(get(), { rawBody, signature, secret: SECRET, now: NOW, services: () => ({ stripe, config }) });
  };
  const latestUpdateEvent = (stripeSubscriptionId: string) =>
    [...fake.state.events.values()].filter((e) => e.type === 'customer.subscription.updated' && e.data.object.id === stripeSubscriptionId).at(-1)!;

  async function customer(name: string) {
    counter += 1;
    return createCustomer(db(), { name, email: `admin-changes-${counter}@example.com`, currency: 'usd' }, { actor: ADMIN, now: START, defaultCurrency: 'usd' });
  }
  /** A customer subscribed to basic through setup-subscription: Stripe bills its $20 fee. */
  async function stripeBilled(name: string) {
    const { id } = await customer(name);
    const setup = await setupSubscription(db(), stripe, id, 'basic', { now: START, actor: ADMIN, config });
    return { customerId: id, id: setup.subscription_id, stripeSubscriptionId: setup.stripe_subscription_id };
  }
  /** A customer subscribed to basic by an admin: we bill its fee. */
  async function billedByUs(name: string) {
    const { id } = await customer(name);
    const created = await createSubscription(db(), { customer_id: id, plan_code: 'basic', start_date: START.toISOString(), trial_days: 0 }, { actor: ADMIN, now: START, config });
    return { customerId: id, id: created.id };
  }

  beforeAll(async () => {
    fake = await startFakeStripe({ now: () => NOW });
    stripe = createStripeClient('sk_test_admin_changes', fake.url);
    await createPlan(db(), { code: 'basic', name: 'Basic', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '20', description: 'Basic fee' }] });
    await createPlan(db(), { code: 'pro', name: 'Pro', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '50', description: 'Pro fee' }] });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('cancels at period end at Stripe too, and resumes there too; a cancel after a resume is a new request, not a replay', async () => {
    const sub = await stripeBilled('Cancelled by an admin');
    expect((await atStripe(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);

    const cancelled = await setCancellation(db(), stripe, sub.id, true, { now: NOW, actor: ADMIN });
    expect(cancelled).toMatchObject({ id: sub.id, cancelAtPeriodEnd: true, canceledAt: NOW });
    expect((await atStripe(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
    // Stripe's own event about it, read back by the webhook, keeps ours cancelled rather than undoing it
    expect(await deliver(latestUpdateEvent(sub.stripeSubscriptionId))).toMatchObject({ status: 200 });
    expect(await ours(sub.id)).toMatchObject({ cancelAtPeriodEnd: true });

    const resumed = await setCancellation(db(), stripe, sub.id, false, { now: later(1), actor: ADMIN });
    expect(resumed).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null });
    expect((await atStripe(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);
    expect(await deliver(latestUpdateEvent(sub.stripeSubscriptionId))).toMatchObject({ status: 200 });
    expect(await ours(sub.id)).toMatchObject({ cancelAtPeriodEnd: false });

    await setCancellation(db(), stripe, sub.id, true, { now: later(2), actor: ADMIN });
    expect((await atStripe(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
    const updates = stripeUpdates(sub.stripeSubscriptionId);
    expect(updates.map((r) => r.params.cancel_at_period_end)).toEqual(['true', 'false', 'true']);
    expect(updates.filter((r) => r.replayed)).toEqual([]);
    expect(new Set(updates.map((r) => r.idempotencyKey)).size).toBe(3);
    expect(await auditActions(sub.id)).toEqual(['subscription.created', 'subscription.cancel_scheduled', 'subscription.resumed', 'subscription.cancel_scheduled']);
  });

  it('asked again after Stripe’s answer was lost, sends Stripe the same request again under the same key', async () => {
    const sub = await stripeBilled('Lost answer');
    fake.failNextRequest({ method: 'POST', path: '/v1/subscriptions/:id' }, 'drop-after-processing');
    // the SDK retries a dropped connection with the same key, and Stripe replays what it did
    await setCancellation(db(), stripe, sub.id, true, { now: NOW, actor: ADMIN });
    // the admin asks again: ours is already cancelled, and Stripe's request is the first one's replay
    await setCancellation(db(), stripe, sub.id, true, { now: later(1), actor: ADMIN });
    const updates = stripeUpdates(sub.stripeSubscriptionId);
    expect(new Set(updates.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect((await atStripe(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
    expect(await auditActions(sub.id)).toEqual(['subscription.created', 'subscription.cancel_scheduled']);
  });

  it('without a Stripe client refuses to cancel or resume (409 stripe_not_configured) and writes nothing', async () => {
    const sub = await stripeBilled('No Stripe key');
    const before = await snapshot(sub.id);
    expect(await apiError(setCancellation(db(), null, sub.id, true, { now: NOW, actor: ADMIN }))).toMatchObject({ status: 409, code: 'stripe_not_configured' });
    // the customer's DELETE refuses the same way, before writing rather than after
    expect(await apiError(cancelOwnSubscription(db(), null, sub.customerId, { now: NOW, actor: ADMIN }))).toMatchObject({ status: 409, code: 'stripe_not_configured' });
    expect(await snapshot(sub.id)).toEqual(before);

    await setCancellation(db(), stripe, sub.id, true, { now: NOW, actor: ADMIN });
    const cancelled = await snapshot(sub.id);
    expect(await apiError(setCancellation(db(), null, sub.id, false, { now: later(1), actor: ADMIN }))).toMatchObject({ status: 409, code: 'stripe_not_configured' });
    expect(await snapshot(sub.id)).toEqual(cancelled);
    expect((await atStripe(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
  });

  it('refuses a plan change (409 managed_by_stripe) with what to do instead, and changes nothing here or at Stripe', async () => {
    const sub = await stripeBilled('Wants Pro');
    const before = await snapshot(sub.id);
    const stripeBefore = await atStripe(sub.stripeSubscriptionId);
    const refused = await apiError(changeSubscriptionPlan(db(), sub.id, 'pro', { now: NOW, actor: ADMIN, config }));
    expect(refused).toMatchObject({ status: 409, code: 'managed_by_stripe' });
    await expect(changeSubscriptionPlan(db(), sub.id, 'pro', { now: NOW, actor: ADMIN, config })).rejects.toThrow(/cancel it at the end of the current period, and subscribe the customer to the new plan/);
    expect(await snapshot(sub.id)).toEqual(before);
    const stripeAfter = await atStripe(sub.stripeSubscriptionId);
    expect(stripeAfter.items.data.map((i) => i.price.id)).toEqual(stripeBefore.items.data.map((i) => i.price.id));
    expect(stripeUpdates(sub.stripeSubscriptionId)).toEqual([]);

    // until its first payment Stripe's subscription is incomplete, and so is ours once its event is in:
    // still Stripe's to bill, so still managed_by_stripe rather than "ended"
    const created = [...fake.state.events.values()].find((e) => e.type === 'customer.subscription.created' && e.data.object.id === sub.stripeSubscriptionId)!;
    expect(await deliver(created)).toMatchObject({ status: 200 });
    expect(await ours(sub.id)).toMatchObject({ status: 'incomplete' });
    const incomplete = await snapshot(sub.id);
    expect(await apiError(changeSubscriptionPlan(db(), sub.id, 'pro', { now: NOW, actor: ADMIN, config }))).toMatchObject({ status: 409, code: 'managed_by_stripe' });
    expect(await snapshot(sub.id)).toEqual(incomplete);
  });

  it('cancels, resumes and moves a subscription Stripe does not bill as before, with or without a Stripe client, and asks Stripe nothing', async () => {
    const sub = await billedByUs('Pays by transfer');
    const requestsBefore = fake.requestsTo('POST', /^\/v1\/subscriptions/).length;
    expect(await setCancellation(db(), null, sub.id, true, { now: NOW, actor: ADMIN })).toMatchObject({ cancelAtPeriodEnd: true, canceledAt: NOW });
    expect(await setCancellation(db(), stripe, sub.id, false, { now: later(1), actor: ADMIN })).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null });
    const moved = await changeSubscriptionPlan(db(), sub.id, 'pro', { now: later(2), actor: ADMIN, config });
    expect(moved).toMatchObject({ currentPeriodStart: later(2), currentPeriodEnd: new Date('2026-10-01T00:00:00Z') });
    expect(fake.requestsTo('POST', /^\/v1\/subscriptions/).length).toBe(requestsBefore);
    expect(await auditActions(sub.id)).toEqual(['subscription.created', 'subscription.cancel_scheduled', 'subscription.resumed', 'subscription.plan_changed']);
  });

  it('answers 404 for an unknown or malformed id, and 409 for an ended subscription', async () => {
    expect(await apiError(setCancellation(db(), stripe, '00000000-0000-4000-8000-000000000000', true, { now: NOW, actor: ADMIN }))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await apiError(setCancellation(db(), stripe, 'not-an-id', true, { now: NOW, actor: ADMIN }))).toMatchObject({ status: 404, code: 'not_found' });
    const sub = await stripeBilled('Ended');
    await db().update(subscriptions).set({ status: 'canceled', endedAt: START }).where(eq(subscriptions.id, sub.id));
    expect(await apiError(setCancellation(db(), stripe, sub.id, true, { now: NOW, actor: ADMIN }))).toMatchObject({ status: 409, code: 'subscription_ended' });
    // an ended one is "ended", whoever bills it
    expect(await apiError(changeSubscriptionPlan(db(), sub.id, 'pro', { now: NOW, actor: ADMIN, config }))).toMatchObject({ status: 409, code: 'subscription_ended' });
    expect(stripeUpdates(sub.stripeSubscriptionId)).toEqual([]);
  });
});
