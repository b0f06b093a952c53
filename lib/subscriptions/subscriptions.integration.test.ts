// Subscriptions on a real database, and the proof that the admin API and billing fit together: a
// subscription created with a start date in the past is billed by the billing run once for every
// period that has ended — no more, no less — and a trial's period issues nothing.
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { auditLog, billingPeriods, invoices, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { runBilling } from '@/lib/invoicing/run-billing';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { createSubscription } from './create-subscription';
import { getSubscriptionView, listSubscriptions } from './subscription-view';
import { updateSubscription } from './update-subscription';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
const ctx = { actor: ADMIN, now: NOW, config };

describeEachEngine('subscriptions', (get, engine) => {
  let n = 0;
  const customer = async (currency = 'usd') =>
    (await createCustomer(get().db, { name: `Customer ${++n}`, email: `c${n}@example.com`, currency, tax_rate: '0' }, { ...ctx, defaultCurrency: 'usd' })).id;
  const periodsOf = async (subscriptionId: string) =>
    (await get().db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, subscriptionId)).orderBy(billingPeriods.periodStart)).map((p) => ({
      start: p.periodStart.toISOString().slice(0, 10),
      end: p.periodEnd.toISOString().slice(0, 10),
      status: p.status,
      trial: p.isTrial,
    }));

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    await createPlan(db, {
      code: 'growth',
      name: 'Growth',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '99', description: 'Growth plan' },
        { metric: null, model: 'flat', amount: '0.5', description: 'Support' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls' },
      ],
    });
    await createPlan(db, { code: 'trial_plan', name: 'With trial', currency: 'usd', interval: 'month', trial_days: 14, charges: [{ metric: null, model: 'flat', amount: '20' }] });
    await createPlan(db, { code: 'euro', name: 'Euro', currency: 'eur', interval: 'quarter', charges: [{ metric: null, model: 'flat', amount: '300' }] });
  });

  it('imports a subscription started in the past: the run bills every ended period exactly once, in order', async () => {
    const database = get();
    const customerId = await customer();
    const created = await createSubscription(database.db, { customer_id: customerId, plan_code: 'growth', start_date: '2026-08-31' }, ctx);
    expect(created).toMatchObject({ status: 'active', trialEnd: null, cancelAtPeriodEnd: false });
    // every period up to the one holding now exists at once; the run bills the ended ones
    expect(await periodsOf(created.id)).toEqual([
      { start: '2026-08-31', end: '2026-09-30', status: 'open', trial: false },
      { start: '2026-09-30', end: '2026-10-31', status: 'open', trial: false },
      { start: '2026-10-31', end: '2026-11-30', status: 'open', trial: false },
    ]);
    expect(created).toMatchObject({ currentPeriodStart: new Date('2026-10-31T00:00:00Z'), currentPeriodEnd: new Date('2026-11-30T00:00:00Z') });

    const run = await runBilling(database, { now: NOW, config, actor: ADMIN, trigger: 'manual', customerId });
    expect(run).toMatchObject({ invoiced: 2, skipped: 0, failed: 0, remaining: 0 });
    // anchored on the 31st: Sep 30, back to Oct 31 after the short month; [Oct 31, Nov 30) is open
    expect(await periodsOf(created.id)).toEqual([
      { start: '2026-08-31', end: '2026-09-30', status: 'invoiced', trial: false },
      { start: '2026-09-30', end: '2026-10-31', status: 'invoiced', trial: false },
      { start: '2026-10-31', end: '2026-11-30', status: 'open', trial: false },
    ]);
    const billed = await database.db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(invoices.periodStart);
    expect(billed.map((i) => [i.periodStart!.toISOString().slice(0, 10), i.total, i.status])).toEqual([
      ['2026-08-31', '99.500000', 'open'],
      ['2026-09-30', '99.500000', 'open'],
    ]);
    expect(await runBilling(database, { now: NOW, config, actor: ADMIN, trigger: 'manual', customerId })).toMatchObject({ processed: 0, invoiced: 0 });
    expect(await getSubscriptionView(database.db, created.id)).toMatchObject({
      customer_id: customerId,
      plan_code: 'growth',
      plan_version: 1,
      status: 'active',
      amount: '99.50',
      currency: 'usd',
      interval: 'month',
      interval_count: 1,
      current_period_start: '2026-10-31T00:00:00.000Z',
      current_period_end: '2026-11-30T00:00:00.000Z',
      cancel_at_period_end: false,
    });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'subscription.created'), eq(auditLog.entityId, created.id)));
    expect(audit).toMatchObject({ customerId, details: { plan_code: 'growth', plan_version: 1, start_date: '2026-08-31T00:00:00.000Z' } });
  });

  it('opens a trial period (is_trial) for the plan’s trial days; the run skips it and bills from the trial’s end', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'trial_plan', start_date: '2026-09-20T08:30:00Z' }, ctx);
    // the trial ended on Oct 4, before now: the subscription is already in its second paid period
    expect(sub).toMatchObject({ status: 'active', trialEnd: new Date('2026-10-04T08:30:00Z'), currentPeriodStart: new Date('2026-11-04T08:30:00Z') });
    expect(await periodsOf(sub.id)).toEqual([
      { start: '2026-09-20', end: '2026-10-04', status: 'open', trial: true },
      { start: '2026-10-04', end: '2026-11-04', status: 'open', trial: false },
      { start: '2026-11-04', end: '2026-12-04', status: 'open', trial: false },
    ]);

    const run = await runBilling(database, { now: NOW, config, actor: ADMIN, trigger: 'manual', customerId });
    expect(run).toMatchObject({ invoiced: 1, skipped: 1, failed: 0 });
    expect(await periodsOf(sub.id)).toEqual([
      { start: '2026-09-20', end: '2026-10-04', status: 'skipped', trial: true },
      { start: '2026-10-04', end: '2026-11-04', status: 'invoiced', trial: false },
      { start: '2026-11-04', end: '2026-12-04', status: 'open', trial: false },
    ]);
    const [view] = (await listSubscriptions(database.db, { customer_id: customerId })).data;
    expect(view).toMatchObject({ status: 'active', amount: '20.00', trial_end: '2026-10-04T08:30:00.000Z' });

    // trial_days overrides the plan's: 0 means none, 3 a shorter one
    const noTrial = await createSubscription(database.db, { customer_id: await customer(), plan_code: 'trial_plan', trial_days: 0 }, ctx);
    expect(noTrial).toMatchObject({ status: 'active', trialEnd: null, currentPeriodStart: NOW, currentPeriodEnd: new Date('2026-12-22T10:00:00Z') });
    const short = await createSubscription(database.db, { customer_id: await customer(), plan_code: 'growth', trial_days: 3, start_date: '2026-12-01' }, ctx);
    expect(short).toMatchObject({ status: 'trialing', currentPeriodEnd: new Date('2026-12-04T00:00:00Z') });
    expect(await periodsOf(short.id)).toEqual([{ start: '2026-12-01', end: '2026-12-04', status: 'open', trial: true }]);
  });

  it('refuses a second live subscription (409), another currency (422), unknown ids (404) and bad fields (422)', async () => {
    const { db } = get();
    const customerId = await customer();
    await createSubscription(db, { customer_id: customerId, plan_code: 'growth' }, ctx);
    expect(await apiError(createSubscription(db, { customer_id: customerId, plan_code: 'trial_plan' }, ctx))).toMatchObject({ status: 409, code: 'subscription_exists', fields: ['customer_id'] });
    expect(await apiError(createSubscription(db, { customer_id: customerId, plan_code: 'euro' }, ctx))).toMatchObject({ status: 422, fields: ['plan_code'] });
    expect(await apiError(createSubscription(db, { customer_id: '00000000-0000-4000-8000-000000000000', plan_code: 'growth' }, ctx))).toMatchObject({ status: 404 });
    expect(await apiError(createSubscription(db, { customer_id: await customer(), plan_code: 'no_such_plan' }, ctx))).toMatchObject({ status: 404 });
    expect(await apiError(createSubscription(db, { customer_id: 'abc', plan_code: 'growth', start_date: '2026-13-01', trial_days: -1 }, ctx))).toMatchObject({
      status: 422,
      fields: ['customer_id', 'start_date', 'trial_days'],
    });
    expect(await apiError(createSubscription(db, { customer_id: customerId, plan_code: 'growth', start_date: '2026-10-01T00:00:00' }, ctx))).toMatchObject({ status: 422, fields: ['start_date'] });
    // one waiting for its first payment at Stripe (setup-subscription; the webhook made it incomplete)
    // blocks a second as well, which would otherwise bill beside it once paid
    const waiting = await customer();
    const pending = await createSubscription(db, { customer_id: waiting, plan_code: 'growth' }, ctx);
    await db.update(subscriptions).set({ status: 'incomplete' }).where(eq(subscriptions.id, pending.id));
    expect(await apiError(createSubscription(db, { customer_id: waiting, plan_code: 'trial_plan' }, ctx))).toMatchObject({ status: 409, code: 'subscription_exists', fields: ['customer_id'] });
    // a euro customer can take the euro plan; its amount is in euros per quarter
    const euroCustomer = await customer('eur');
    const euro = await createSubscription(db, { customer_id: euroCustomer, plan_code: 'euro', start_date: '2026-11-01' }, ctx);
    expect(await getSubscriptionView(db, euro.id)).toMatchObject({ amount: '300.00', currency: 'eur', interval: 'quarter', current_period_end: '2027-02-01T00:00:00.000Z' });
  });

  it('cancels at period end and resumes, audit-logged; the run ends it with the period holding the cancellation; an ended one cannot resume', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'growth', start_date: '2026-10-15' }, ctx);
    const cancelled = await updateSubscription(database.db, sub.id, { cancel_at_period_end: true }, ctx);
    expect(cancelled).toMatchObject({ cancelAtPeriodEnd: true, canceledAt: NOW, status: 'active' });
    expect(await updateSubscription(database.db, sub.id, { cancel_at_period_end: false }, ctx)).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null });
    await updateSubscription(database.db, sub.id, { cancel_at_period_end: true }, ctx);
    // asking for what is already so changes nothing and logs nothing
    await updateSubscription(database.db, sub.id, { cancel_at_period_end: true }, ctx);
    const audits = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, sub.id)).orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(['subscription.created', 'subscription.cancel_scheduled', 'subscription.resumed', 'subscription.cancel_scheduled']);

    // Set on Nov 22, inside [Nov 15, Dec 15): the subscription runs to Dec 15, not to the end of the
    // period before (which ended on Nov 15 and was still waiting for its run), so no usage goes unbilled.
    const run = await runBilling(database, { now: NOW, config, actor: ADMIN, trigger: 'manual', customerId });
    expect(run.invoiced).toBe(1);
    expect((await database.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id)))[0]).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, currentPeriodEnd: new Date('2026-12-15T00:00:00Z') });
    const last = await runBilling(database, { now: new Date('2026-12-15T06:00:00Z'), config, actor: ADMIN, trigger: 'manual', customerId });
    expect(last).toMatchObject({ invoiced: 1, remaining: 0 });
    const [ended] = await database.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(ended).toMatchObject({ status: 'canceled', endedAt: new Date('2026-12-15T00:00:00Z'), canceledAt: NOW });
    expect(await periodsOf(sub.id)).toEqual([
      { start: '2026-10-15', end: '2026-11-15', status: 'invoiced', trial: false },
      { start: '2026-11-15', end: '2026-12-15', status: 'invoiced', trial: false },
    ]);
    expect(await apiError(updateSubscription(database.db, sub.id, { cancel_at_period_end: false }, ctx))).toMatchObject({ status: 409, code: 'subscription_ended' });
    expect(await apiError(updateSubscription(database.db, '00000000-0000-4000-8000-000000000000', { cancel_at_period_end: true }, ctx))).toMatchObject({ status: 404 });
    expect(await apiError(updateSubscription(database.db, sub.id, { cancel_at_period_end: 'yes' as never }, ctx))).toMatchObject({ status: 422, fields: ['cancel_at_period_end'] });

    // once it has ended, the customer may subscribe again
    const again = await createSubscription(database.db, { customer_id: customerId, plan_code: 'growth' }, ctx);
    expect(again.status).toBe('active');
  });

  it('lists newest first, filtered by status and customer, paged without repeats', async () => {
    const { db } = get();
    const all = await listSubscriptions(db, {});
    expect(all.data.length).toBeGreaterThanOrEqual(8);
    expect(all.data.filter((s) => s.status === 'canceled')).toHaveLength(1);
    expect((await listSubscriptions(db, { status: 'canceled' })).data.map((s) => s.id)).toEqual(all.data.filter((s) => s.status === 'canceled').map((s) => s.id));
    expect((await listSubscriptions(db, { plan_code: 'euro' })).data.map((s) => s.plan_code)).toEqual(['euro']);
    const first = await listSubscriptions(db, { limit: 2 });
    const second = await listSubscriptions(db, { limit: 2, starting_after: first.data[1]!.id });
    expect(first.has_more).toBe(true);
    expect([...first.data, ...second.data].map((s) => s.id)).toEqual(all.data.slice(0, 4).map((s) => s.id));
  });

  if (engine === 'postgres') {
    it('two subscriptions for one customer at once: one is created, the other is a 409', async () => {
      const { db } = get();
      const customerId = await customer();
      const results = await Promise.allSettled([
        createSubscription(db, { customer_id: customerId, plan_code: 'growth' }, ctx),
        createSubscription(db, { customer_id: customerId, plan_code: 'trial_plan' }, ctx),
        createSubscription(db, { customer_id: customerId, plan_code: 'growth' }, ctx),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toMatchObject({ status: 409 });
      const rows = await db.select().from(subscriptions).where(eq(subscriptions.customerId, customerId));
      expect(rows).toHaveLength(1);
      expect(await db.select().from(billingPeriods).where(eq(billingPeriods.customerId, customerId))).toHaveLength(1);
    });
  }
});
