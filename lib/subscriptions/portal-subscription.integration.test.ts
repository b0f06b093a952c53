// The customer's own subscription (/billing/subscription) against the product's own functions: the
// overview's "what it would have cost last period" is the simulator's figure (and, for the plan the
// period was billed on, the invoice's subtotal), a change now prorates the open period as the engine
// does, a cancellation at period end is taken back before the period ends (at Stripe too, through the
// fake Stripe server), and every refused request names its reason and changes nothing.
import { and, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessionFromClaims, type Session } from '@/lib/auth/claims';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { getPlanViews } from '@/lib/catalog/plan-view';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { selectRows, type Database } from '@/lib/db/client';
import { auditLog, billingPeriods, customers, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { runBilling } from '@/lib/invoicing/run-billing';
import { cancelOwnSubscription, setupSubscription } from '@/lib/payments/setup-subscription';
import { simulatePricing } from '@/lib/pricing/simulate-pricing';
import { createStripeClient } from '@/lib/stripe/stripe-client';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { apiError } from '@/test/api-error';
import { startFakeStripe, type FakeStripe } from '@/test/fake-stripe/fake-stripe-server';
import { describeEachEngine } from '@/test/test-database';
import { changeOwnPlan } from './change-own-plan';
import { createSubscription } from './create-subscription';
import { getSubscriptionOverview } from './get-subscription-overview';
import { setOwnCancellation } from './set-own-cancellation';
import type { OwnPlanChangeInput } from './subscription-schemas';

const ACTOR = { type: 'user', id: 'portal-test' } as const;
const config = billingConfig(parseEnv({}));
const START = new Date('2026-09-01T00:00:00Z');
// September is billed; October is open, ten of its 31 days gone
const NOW = new Date('2026-10-11T00:00:00Z');
const overviewOptions = { now: NOW, defaultTaxRate: '0' };

describeEachEngine('the customer’s own subscription', (get) => {
  let fake: FakeStripe;
  let stripe: Stripe;
  let counter = 0;

  const db = () => get().db;
  const sessions = new Map<string, Session>();

  /** A customer with a sign-in, optionally subscribed to `plan` from `start`. */
  async function customer(name: string, plan: string | null, { start = START, currency = 'usd', status = 'active' as 'active' | 'suspended' } = {}) {
    counter += 1;
    const email = `portal-${counter}@example.com`;
    const created = await createCustomer(db(), { name, email, currency, status }, { actor: ACTOR, now: START, defaultCurrency: 'usd' });
    const userId = await upsertLocalUser(get().installation.db, { email, passwordHash: 'x', appMetadata: {} });
    await db().update(customers).set({ userId }).where(eq(customers.id, created.id));
    sessions.set(created.id, sessionFromClaims({ sub: userId, role: 'authenticated', email, aud: 'authenticated', app_metadata: {} })!);
    if (plan) await createSubscription(db(), { customer_id: created.id, plan_code: plan, start_date: start.toISOString(), trial_days: 0 }, { actor: ACTOR, now: start, config });
    return created.id;
  }
  const overview = (customerId: string, now = NOW) => getSubscriptionOverview(db(), sessions.get(customerId)!, { ...overviewOptions, now });
  const liveSubscription = async (customerId: string) => (await db().select().from(subscriptions).where(eq(subscriptions.customerId, customerId)))[0]!;
  const auditActions = async (subscriptionId: string) =>
    (await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'subscription'), eq(auditLog.entityId, subscriptionId)))).map((r) => r.action);
  const asSent = (body: unknown) => body as OwnPlanChangeInput;

  const ids = { heavy: '', late: '', suspended: '', none: '', stripeBilled: '' };

  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = createStripeClient('sk_test_portal', fake.url);
    await createMetric(db(), { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    await createPlan(db(), {
      code: 'basic',
      name: 'Basic',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '20', description: 'Basic fee' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '1000', description: 'API calls' },
      ],
    });
    await createPlan(db(), {
      code: 'pro',
      name: 'Pro',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '50', description: 'Pro fee' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.005', included_units: '5000', description: 'API calls' },
      ],
    });
    await createPlan(db(), {
      code: 'volume',
      name: 'Volume',
      currency: 'usd',
      interval: 'month',
      charges: [{ metric: 'api_calls', model: 'volume', description: 'API calls', tiers: [{ up_to: '1000', unit_price: '0.02' }, { up_to: null, unit_price: '0.015' }] }],
    });
    await createPlan(db(), { code: 'thirty', name: 'Every 30 days', currency: 'usd', interval: 'day', interval_count: 30, charges: [{ metric: null, model: 'flat', amount: '30' }] });
    await createPlan(db(), { code: 'euro', name: 'Euro', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '10' }] });
    // another business on the same installation, with a plan code of its own
    const north = await createWorkspace(get(), { slug: 'north', name: 'North' }, { actor: ACTOR, ownerUserId: null, now: START });
    const northDb: Database = get().inWorkspace(north.id);
    await createPlan(northDb.db, { code: 'north_only', name: 'North only', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '1' }] });

    ids.heavy = await customer('Heavy', 'basic');
    ids.late = await customer('Late', 'basic', { start: new Date('2026-10-01T00:00:00Z') });
    ids.suspended = await customer('Suspended', 'basic');
    await db().update(customers).set({ status: 'suspended', suspendedAt: START }).where(eq(customers.id, ids.suspended));
    ids.none = await customer('Nobody', null);
    ids.stripeBilled = await customer('Stripe billed', null);
    await setupSubscription(db(), stripe, ids.stripeBilled, 'basic', { now: START, actor: ACTOR, config });

    await ingestUsageEvents(get(), [{ id: 'heavy-sept', customer_id: ids.heavy, metric: 'api_calls', quantity: '3000', timestamp: '2026-09-10T12:00:00Z' }], {
      now: new Date('2026-09-20T00:00:00Z'),
    });
    const run = await runBilling(get(), { now: new Date('2026-10-01T06:00:00Z'), config, actor: ACTOR, trigger: 'manual' });
    expect(run.errors).toEqual([]);
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('shows the plan in words and, for each plan offered, what the last invoiced period would have cost: the simulator’s figure', async () => {
    const view = (await overview(ids.heavy))!;
    expect(view.customer).toMatchObject({ name: 'Heavy', status: 'active', currency: 'usd' });
    expect(view.subscription).toMatchObject({ status: 'active', cancel_at_period_end: false, billed_by_stripe: false, current_period: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z', trial: false } });
    expect(view.subscription!.plan.prices.map((p) => `${p.label}: ${p.text}`)).toEqual([
      'Basic fee: $20.00 a month, billed at the end of each period',
      'API calls: first 1,000 calls a month included, then $0.01 per call',
    ]);

    // September's invoice: $20 + 2,000 calls over the allowance × $0.01
    const [invoice] = await selectRows<{ id: string; subtotal: string }>(db(), sql`select id, subtotal::text from invoices where customer_id = ${ids.heavy} and kind = 'subscription'`);
    expect(Number(invoice!.subtotal).toFixed(2)).toBe('40.00');
    expect(view.last_period).toEqual({ start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z', plan_name: 'Basic', invoice_id: invoice!.id, actual: '40.00' });
    // the plan it is on, re-rated, is what the invoice says
    expect(view.subscription!.plan).toMatchObject({ code: 'basic', last_period_cost: '40.00', difference: '0.00' });

    // offered: this workspace's other current plans in dollars; not the euro plan, not another business's
    expect(view.offers.map((o) => o.code)).toEqual(['pro', 'thirty', 'volume']);
    const cost = Object.fromEntries(view.offers.map((o) => [o.code, [o.last_period_cost, o.difference]]));
    // pro: $50, the 3,000 calls inside its 5,000; thirty: its $30 fee; volume: 3,000 × $0.015
    expect(cost).toEqual({ pro: ['50.00', '10.00'], thirty: ['30.00', '-10.00'], volume: ['45.00', '5.00'] });
    for (const offer of view.offers) {
      const charges = (await getPlanViews(db(), offer.code))[0]!.charges;
      const simulated = await simulatePricing(db(), { plan_code: 'basic', charges, customer_ids: [ids.heavy] });
      expect(simulated.data).toEqual([expect.objectContaining({ invoice_id: invoice!.id, current_subtotal: '40.00', simulated_subtotal: offer.last_period_cost, delta: offer.difference })]);
    }
    expect(view.offers.find((o) => o.code === 'thirty')!.keeps_cycle).toBe(false);
    expect(view.offers.find((o) => o.code === 'pro')!.keeps_cycle).toBe(true);
    // the open period's estimate: October's fee, no usage yet
    expect(view.estimate).toMatchObject({ period_start: '2026-10-01T00:00:00.000Z', subtotal: '20.00', basis: 'usage_to_date' });
    expect(view.ended_unbilled).toEqual([]);
  });

  it('a customer with no invoiced period yet gets no figures, and one with no subscription gets none at all', async () => {
    const late = (await overview(ids.late))!;
    expect(late.last_period).toBeNull();
    expect(late.offers.length).toBe(3);
    expect(late.offers.every((o) => o.last_period_cost === null && o.difference === null)).toBe(true);
    expect(await overview(ids.none)).toMatchObject({ subscription: null, offers: [], estimate: null });
  });

  it('refuses a plan that is not offered, bad input, a suspended customer and one with no subscription, changing nothing', async () => {
    const before = await liveSubscription(ids.heavy);
    const change = (customerId: string, body: unknown) => apiError(changeOwnPlan(db(), customerId, asSent(body), { now: NOW, actor: ACTOR, config }));
    expect(await change(ids.heavy, { plan_code: 'euro' })).toMatchObject({ status: 422, fields: ['plan_code'], messages: ['bills in EUR, your account in USD'] });
    expect(await change(ids.heavy, { plan_code: 'north_only' })).toMatchObject({ status: 404, code: 'not_found', fields: ['plan_code'] });
    expect(await change(ids.heavy, { plan_code: 'no_such_plan' })).toMatchObject({ status: 404, fields: ['plan_code'] });
    expect(await change(ids.heavy, { plan_code: 'basic' })).toMatchObject({ status: 409, code: 'same_plan', fields: ['plan_code'] });
    expect(await change(ids.heavy, { plan_code: 'Not A Code!' })).toMatchObject({ status: 422, fields: ['plan_code'] });
    expect(await change(ids.heavy, { plan_code: 'pro', when: 'now' })).toMatchObject({ status: 422, fields: ['when'], messages: ['unknown field'] });
    expect(await change(ids.suspended, { plan_code: 'pro' })).toMatchObject({ status: 409, code: 'customer_suspended' });
    expect(await change(ids.none, { plan_code: 'pro' })).toMatchObject({ status: 409, code: 'no_subscription' });
    // Stripe bills this one's fee: a change here would leave Stripe charging the old one
    expect(await change(ids.stripeBilled, { plan_code: 'pro' })).toMatchObject({ status: 409, code: 'managed_by_stripe' });
    expect(await apiError(setOwnCancellation(db(), stripe, ids.suspended, true, { now: NOW, actor: ACTOR }))).toMatchObject({ status: 409, code: 'customer_suspended' });
    expect(await apiError(setOwnCancellation(db(), stripe, ids.none, true, { now: NOW, actor: ACTOR }))).toMatchObject({ status: 409, code: 'no_subscription' });

    expect(await liveSubscription(ids.heavy)).toEqual(before);
    expect((await liveSubscription(ids.suspended)).cancelAtPeriodEnd).toBe(false);
    expect(await auditActions(before.id)).toEqual(['subscription.created']);
  });

  it('cancels at period end and resumes before it ends, audited each time', async () => {
    const { id } = await liveSubscription(ids.late);
    const cancelled = await setOwnCancellation(db(), null, ids.late, true, { now: NOW, actor: ACTOR });
    expect(cancelled).toMatchObject({ cancelAtPeriodEnd: true, canceledAt: NOW });
    expect((await overview(ids.late))!.subscription).toMatchObject({ cancel_at_period_end: true, current_period: { end: '2026-11-01T00:00:00.000Z' } });
    // asking twice changes nothing more
    await setOwnCancellation(db(), null, ids.late, true, { now: new Date(NOW.getTime() + 60_000), actor: ACTOR });
    expect((await liveSubscription(ids.late)).canceledAt).toEqual(NOW);

    const resumed = await setOwnCancellation(db(), null, ids.late, false, { now: new Date(NOW.getTime() + 120_000), actor: ACTOR });
    expect(resumed).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null, status: 'active' });
    expect((await overview(ids.late))!.subscription!.cancel_at_period_end).toBe(false);
    expect(await auditActions(id)).toEqual(['subscription.created', 'subscription.cancel_scheduled', 'subscription.resumed']);
  });

  it('keeps Stripe in step when Stripe bills the subscription: cancel, resume, cancel again (no replayed request)', async () => {
    const ours = await liveSubscription(ids.stripeBilled);
    const atStripe = () => fake.state.subscriptions.get(ours.stripeSubscriptionId!)!;
    // without the Stripe key nothing is written: ours and Stripe's would disagree
    expect(await apiError(setOwnCancellation(db(), null, ids.stripeBilled, true, { now: NOW, actor: ACTOR }))).toMatchObject({ status: 409, code: 'stripe_not_configured' });
    expect((await liveSubscription(ids.stripeBilled)).cancelAtPeriodEnd).toBe(false);

    await setOwnCancellation(db(), stripe, ids.stripeBilled, true, { now: NOW, actor: ACTOR });
    expect(atStripe().cancel_at_period_end).toBe(true);
    await setOwnCancellation(db(), stripe, ids.stripeBilled, false, { now: new Date(NOW.getTime() + 60_000), actor: ACTOR });
    expect(atStripe().cancel_at_period_end).toBe(false);
    expect((await liveSubscription(ids.stripeBilled)).cancelAtPeriodEnd).toBe(false);
    // the API's DELETE after a resume reaches Stripe again rather than replaying the first cancellation
    await cancelOwnSubscription(db(), stripe, ids.stripeBilled, { now: new Date(NOW.getTime() + 120_000), actor: ACTOR });
    expect(atStripe().cancel_at_period_end).toBe(true);
    await setOwnCancellation(db(), stripe, ids.stripeBilled, false, { now: new Date(NOW.getTime() + 180_000), actor: ACTOR });
    expect(atStripe().cancel_at_period_end).toBe(false);
    // and a second DELETE is a new cancellation too, not the first one's replay
    await cancelOwnSubscription(db(), stripe, ids.stripeBilled, { now: new Date(NOW.getTime() + 240_000), actor: ACTOR });
    expect(atStripe().cancel_at_period_end).toBe(true);
    await setOwnCancellation(db(), stripe, ids.stripeBilled, false, { now: new Date(NOW.getTime() + 300_000), actor: ACTOR });
    await setOwnCancellation(db(), stripe, ids.stripeBilled, true, { now: new Date(NOW.getTime() + 360_000), actor: ACTOR });
    expect(atStripe().cancel_at_period_end).toBe(true);
    expect(fake.requestsTo('POST', '/v1/subscriptions/:id').filter((r) => r.replayed)).toEqual([]);
  });

  it('changes the plan now: the period is cut and prorated, the new plan starts now, and the estimate is the prorated open period', async () => {
    const { id } = await liveSubscription(ids.heavy);
    const changed = await changeOwnPlan(db(), ids.heavy, { plan_code: 'pro' }, { now: NOW, actor: ACTOR, config });
    expect(changed).toMatchObject({ currentPeriodStart: NOW, currentPeriodEnd: new Date('2026-11-01T00:00:00Z') });
    const periods = await db().select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, id));
    const october = periods.filter((p) => p.periodStart >= new Date('2026-10-01T00:00:00Z')).sort((a, b) => a.periodStart.getTime() - b.periodStart.getTime());
    // Basic up to the change, Pro from it, both parts of October's cycle
    expect(october.map((p) => [p.periodStart.toISOString(), p.periodEnd.toISOString(), p.cycleStart?.toISOString(), p.cycleEnd?.toISOString()])).toEqual([
      ['2026-10-01T00:00:00.000Z', NOW.toISOString(), '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      [NOW.toISOString(), '2026-11-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ]);
    expect(await auditActions(id)).toEqual(['subscription.created', 'subscription.plan_changed']);

    const view = (await overview(ids.heavy, new Date(NOW.getTime() + 3_600_000)))!;
    expect(view.subscription!.plan.code).toBe('pro');
    expect(view.subscription!.current_period).toMatchObject({ start: NOW.toISOString(), end: '2026-11-01T00:00:00.000Z' });
    // Pro's $50 for the 21 of October's 31 days still to come: 33.870967… → $33.87
    expect(view.estimate).toMatchObject({ period_start: NOW.toISOString(), subtotal: '33.87', total: '33.87' });
    // the last invoiced period is still September on Basic: Pro would have cost $50, Basic is offered back at what it cost
    expect(view.last_period).toMatchObject({ plan_name: 'Basic', actual: '40.00' });
    expect(view.subscription!.plan).toMatchObject({ last_period_cost: '50.00', difference: '10.00' });
    expect(view.offers.find((o) => o.code === 'basic')).toMatchObject({ last_period_cost: '40.00', difference: '0.00' });

    // the Basic part waits for the next run: its fee for 10 of 31 days, 6.451612… → $6.45, no usage
    expect(view.ended_unbilled).toEqual([{ start: '2026-10-01T00:00:00.000Z', end: NOW.toISOString(), plan_name: 'Basic', prorated: true, trial: false, subtotal: '6.45' }]);
    // and the run bills exactly that
    await runBilling(get(), { now: new Date(NOW.getTime() + 3_600_000), config, actor: ACTOR, trigger: 'manual' });
    const [cut] = await selectRows<{ subtotal: string }>(db(), sql`select i.subtotal::text from invoices i where i.billing_period_id = ${october[0]!.id}`);
    expect(Number(cut!.subtotal).toFixed(2)).toBe('6.45');
    expect((await overview(ids.heavy, new Date(NOW.getTime() + 7_200_000)))!.ended_unbilled).toEqual([]);
  });
});
