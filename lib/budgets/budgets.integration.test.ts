// Customer budgets on a real database: what PUT/GET/DELETE /api/billing/budget accept, refuse and
// write (through the functions the routes call), that the open period's spend is the usage page's
// estimate, and that evaluateBudgets tells each percentage once per period, also when evaluations
// run side by side.
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { sessionFromClaims } from '@/lib/auth/claims';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { createPlan } from '@/lib/catalog/create-plan';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { ownCustomerId } from '@/lib/customers/update-own-billing-details';
import { asUser } from '@/lib/db/as-user';
import { selectRows } from '@/lib/db/client';
import { auditLog, budgetNotifications, customerBudgets, customers, notificationOutbox } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { parseEmailPayload } from '@/lib/notifications/email-templates/email-payloads';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { getUsageSummary } from '@/lib/usage/usage-summary';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { evaluateBudgets } from './evaluate-budgets';
import { findBudget, getBudgetStatus } from './get-budget';
import { openPeriodSpends } from './open-period-spend';
import { removeBudget } from './remove-budget';
import { setBudget } from './set-budget';

const config = billingConfig(parseEnv({}));
const ACTOR: Actor = { type: 'user', id: 'budget-test' };
// the subscriptions start on Nov 1st: the open period is November, the next one December
const START = new Date('2026-11-01T00:00:00Z');
const NOW = new Date('2026-11-22T10:00:00Z');
const NEXT_PERIOD = new Date('2026-12-10T10:00:00Z');

describeEachEngine('customer budgets', (get) => {
  let counter = 0;

  beforeAll(async () => {
    const { db } = get();
    await ensureDefaultCatalog(db);
    // $10 a month and $1 per API call, nothing included: spend is easy to steer
    await createPlan(db, {
      code: 'budget_plan',
      name: 'Budget plan',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '10', description: 'Monthly fee' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '1', description: 'API calls' },
      ],
    });
  });

  /** A customer on budget_plan since START (or without a subscription). */
  async function subscribedCustomer({ currency = 'usd', subscribed = true } = {}) {
    counter += 1;
    const customer = await createCustomer(get().db, { name: `Budget ${counter}`, email: `budget-${counter}@example.com`, currency }, { actor: ACTOR, now: START, defaultCurrency: 'usd' });
    if (subscribed) await createSubscription(get().db, { customer_id: customer.id, plan_code: 'budget_plan', start_date: START.toISOString(), trial_days: 0 }, { actor: ACTOR, now: START, config });
    return customer.id;
  }

  /** `calls` API calls at `at` for the customer (each call costs $1). */
  async function addCalls(customerId: string, calls: number, at: Date) {
    counter += 1;
    await ingestUsageEvents(get(), [{ id: `calls-${counter}`, customer_id: customerId, metric: 'api_calls', quantity: String(calls), timestamp: at.toISOString() }], { now: at });
  }

  const budgetEmails = (customerId: string) =>
    get().db.select().from(notificationOutbox).where(and(eq(notificationOutbox.customerId, customerId), eq(notificationOutbox.template, 'budget_alert'))).orderBy(notificationOutbox.createdAt, notificationOutbox.dedupeKey);
  const crossings = async (customerId: string) =>
    (await get().db.select().from(budgetNotifications).where(eq(budgetNotifications.customerId, customerId))).sort((a, b) => a.periodStart.getTime() - b.periodStart.getTime() || a.percent - b.percent);

  describe('set, get and remove', () => {
    it('sets a budget in the customer’s currency with the default percentages, audits it and mails nobody', async () => {
      const customerId = await subscribedCustomer();
      const outboxBefore = await get().db.select().from(notificationOutbox).where(eq(notificationOutbox.customerId, customerId));
      const view = await setBudget(get().db, customerId, { amount: '100' }, { actor: ACTOR, now: NOW });
      expect(view).toEqual({ customer_id: customerId, amount: '100.00', currency: 'usd', notify_at_percent: [50, 80, 100], created: NOW.toISOString(), updated: NOW.toISOString() });

      // the open period costs its $10 fee so far
      const status = await getBudgetStatus(get().db, customerId, { now: NOW });
      expect(status.current_period).toEqual({ start: START.toISOString(), end: '2026-12-01T00:00:00.000Z', spend: '10.00', percent_used: '10.00', notified_at_percent: [] });

      const [audit] = await get().db.select().from(auditLog).where(and(eq(auditLog.action, 'budget.set'), eq(auditLog.entityId, customerId)));
      expect(audit).toMatchObject({ actorId: 'budget-test', customerId, entityType: 'customer_budget', details: { before: null, after: { amount: '100.00', currency: 'usd', notify_at_percent: [50, 80, 100] } } });
      const outboxAfter = await get().db.select().from(notificationOutbox).where(eq(notificationOutbox.customerId, customerId));
      expect(outboxAfter).toHaveLength(outboxBefore.length);
    });

    it('replaces the budget, sorting the percentages, and records before and after', async () => {
      const customerId = await subscribedCustomer();
      await setBudget(get().db, customerId, { amount: '100', currency: 'USD' }, { actor: ACTOR, now: NOW });
      const later = new Date(NOW.getTime() + 60_000);
      const view = await setBudget(get().db, customerId, { amount: '250.5', notify_at_percent: [120, 25, 90] }, { actor: ACTOR, now: later });
      expect(view).toMatchObject({ amount: '250.50', currency: 'usd', notify_at_percent: [25, 90, 120], created: NOW.toISOString(), updated: later.toISOString() });
      const [stored] = await get().db.select().from(customerBudgets).where(eq(customerBudgets.customerId, customerId));
      expect(stored!.notifyAtPercent).toEqual([25, 90, 120]);
      const audits = await get().db.select().from(auditLog).where(and(eq(auditLog.action, 'budget.set'), eq(auditLog.entityId, customerId))).orderBy(auditLog.createdAt, auditLog.id);
      expect(audits.map((a) => a.details)).toContainEqual({ before: { amount: '100.00', currency: 'usd', notify_at_percent: [50, 80, 100] }, after: { amount: '250.50', currency: 'usd', notify_at_percent: [25, 90, 120] } });
    });

    it('removes the budget (audited); GET and DELETE then answer 404 no_budget', async () => {
      const customerId = await subscribedCustomer();
      expect(await apiError(getBudgetStatus(get().db, customerId, { now: NOW }))).toMatchObject({ status: 404, code: 'no_budget' });
      expect(await apiError(removeBudget(get().db, customerId, { actor: ACTOR }))).toMatchObject({ status: 404, code: 'no_budget' });
      await setBudget(get().db, customerId, { amount: '40', notify_at_percent: [75] }, { actor: ACTOR, now: NOW });
      expect(await removeBudget(get().db, customerId, { actor: ACTOR })).toEqual({ customer_id: customerId, deleted: true });
      expect(await findBudget(get().db, customerId)).toBeNull();
      const [audit] = await get().db.select().from(auditLog).where(and(eq(auditLog.action, 'budget.removed'), eq(auditLog.entityId, customerId)));
      expect(audit).toMatchObject({ customerId, details: { amount: '40.00', currency: 'usd', notify_at_percent: [75] } });
      expect(await apiError(getBudgetStatus(get().db, customerId, { now: NOW }))).toMatchObject({ status: 404, code: 'no_budget' });
      expect(await apiError(removeBudget(get().db, customerId, { actor: ACTOR }))).toMatchObject({ status: 404, code: 'no_budget' });
    });

    it('refuses each bad field with a 422 naming it, and writes nothing', async () => {
      const customerId = await subscribedCustomer();
      const yenCustomer = await subscribedCustomer({ currency: 'jpy', subscribed: false });
      const refused = async (input: Record<string, unknown>, field: string, who = customerId) => {
        const error = await apiError(setBudget(get().db, who, input as never, { actor: ACTOR, now: NOW }));
        expect({ input, status: error.status, fields: error.fields }).toEqual({ input, status: 422, fields: [field] });
        return error;
      };
      for (const amount of ['0', '0.00', '-5', '10.123', '1e3', '12,50', '', ' 10', 10]) await refused({ amount }, 'amount');
      expect((await refused({ amount: '10.5' }, 'amount', yenCustomer)).messages).toEqual(['must be a whole amount in jpy']);
      expect((await refused({ amount: '10', currency: 'eur' }, 'currency')).messages).toEqual(['must be the customer\'s billing currency, usd']);
      await refused({ amount: '10', currency: 'xyz' }, 'currency');
      await refused({}, 'amount');
      await refused({ amount: '10', notify_at_percent: [] }, 'notify_at_percent');
      await refused({ amount: '10', notify_at_percent: [50, 50] }, 'notify_at_percent');
      await refused({ amount: '10', notify_at_percent: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, 'notify_at_percent');
      await refused({ amount: '10', notify_at_percent: '50,80' }, 'notify_at_percent');
      await refused({ amount: '10', notify_at_percent: [0] }, 'notify_at_percent.0');
      await refused({ amount: '10', notify_at_percent: [50, 1001] }, 'notify_at_percent.1');
      await refused({ amount: '10', notify_at_percent: [50.5] }, 'notify_at_percent.0');
      await refused({ amount: '10', amont: '10' }, 'amont');
      expect(await findBudget(get().db, customerId)).toBeNull();
      expect(await findBudget(get().db, yenCustomer)).toBeNull();
      expect(await get().db.select().from(auditLog).where(and(eq(auditLog.action, 'budget.set'), eq(auditLog.entityId, customerId)))).toEqual([]);
      // the edges that are allowed: 1 and 1000 percent, ten of them, a whole yen amount
      await setBudget(get().db, customerId, { amount: '0.01', notify_at_percent: [1000, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, { actor: ACTOR, now: NOW });
      expect(await setBudget(get().db, yenCustomer, { amount: '5000' }, { actor: ACTOR, now: NOW })).toMatchObject({ amount: '5000', currency: 'jpy' });
      expect(await apiError(setBudget(get().db, '00000000-0000-4000-8000-000000000000', { amount: '10' }, { actor: ACTOR, now: NOW }))).toMatchObject({ status: 404 });
    });

    it('lets a signed-in customer find their own account and read only their own budget under RLS', async () => {
      const mine = await subscribedCustomer();
      const theirs = await subscribedCustomer();
      const userId = await upsertLocalUser(get().installation.db, { email: `budget-user-${counter}@example.com`, passwordHash: 'x', appMetadata: {} });
      await get().db.update(customers).set({ userId }).where(eq(customers.id, mine));
      await setBudget(get().db, mine, { amount: '30' }, { actor: ACTOR, now: NOW });
      await setBudget(get().db, theirs, { amount: '60' }, { actor: ACTOR, now: NOW });
      const session = sessionFromClaims({ sub: userId, role: 'authenticated', email: `budget-user-${counter}@example.com`, aud: 'authenticated', app_metadata: {} })!;
      expect(await ownCustomerId(get().db, session)).toBe(mine);
      const visible = await asUser(get().db, session.claims, (tx) => tx.select().from(customerBudgets));
      expect(visible.map((b) => b.customerId)).toEqual([mine]);
      expect(await asUser(get().db, session.claims, (tx) => findBudget(tx, theirs))).toBeNull();
    });
  });

  describe('the open period’s spend', () => {
    it('is the usage page’s estimated invoice subtotal (before tax), for many customers in one call', async () => {
      const withUsage = await subscribedCustomer();
      const taxed = await subscribedCustomer();
      const unsubscribed = await subscribedCustomer({ subscribed: false });
      await addCalls(withUsage, 37, new Date('2026-11-05T12:00:00Z'));
      await addCalls(withUsage, 3, new Date('2026-11-22T09:00:00Z'));
      await addCalls(taxed, 5, new Date('2026-11-03T08:00:00Z'));
      await get().db.update(customers).set({ taxRate: '0.21' }).where(eq(customers.id, taxed));
      const spends = await openPeriodSpends(get().db, [withUsage, taxed, unsubscribed], NOW);
      for (const id of [withUsage, taxed, unsubscribed]) {
        const summary = await getUsageSummary(get().db, { customerId: id, now: NOW, includeEstimate: true, defaultTaxRate: config.defaultTaxRate });
        expect(spends.get(id)).toEqual({ customerId: id, currency: 'usd', periodStart: new Date(summary.estimate!.period_start), periodEnd: new Date(summary.estimate!.period_end), spend: summary.estimate!.subtotal });
      }
      expect(spends.get(withUsage)!.spend).toBe('50.00');
      expect(spends.get(taxed)!.spend).toBe('15.00');
      expect(spends.get(unsubscribed)!.spend).toBe('0.00');
    });
  });

  describe('evaluateBudgets', () => {
    it('tells 50%, then 80%, then 100% as usage grows, each once, with the payload exact', async () => {
      const customerId = await subscribedCustomer();
      await setBudget(get().db, customerId, { amount: '100' }, { actor: ACTOR, now: NOW });
      // $10 fee: under 50%
      expect(await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] })).toEqual({ done: 1, remaining: 0, failed: 0 });
      expect(await crossings(customerId)).toEqual([]);

      await addCalls(customerId, 40, new Date('2026-11-10T10:00:00Z')); // $50: exactly 50%
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] });
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] });
      expect((await crossings(customerId)).map((c) => c.percent)).toEqual([50]);
      expect(await budgetEmails(customerId)).toHaveLength(1);

      await addCalls(customerId, 35, new Date('2026-11-11T10:00:00Z')); // $85
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] });
      await addCalls(customerId, 15.5, new Date('2026-11-12T10:00:00Z')); // $100.50
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] });
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] });

      const rows = await crossings(customerId);
      expect(rows.map((r) => ({ percent: r.percent, spend: r.spend, budget: r.budgetAmount, currency: r.currency, period: r.periodStart.toISOString(), at: r.notifiedAt.toISOString() }))).toEqual([
        { percent: 50, spend: '50.000000', budget: '100.000000', currency: 'usd', period: START.toISOString(), at: NOW.toISOString() },
        { percent: 80, spend: '85.000000', budget: '100.000000', currency: 'usd', period: START.toISOString(), at: NOW.toISOString() },
        { percent: 100, spend: '100.500000', budget: '100.000000', currency: 'usd', period: START.toISOString(), at: NOW.toISOString() },
      ]);
      const emails = await budgetEmails(customerId);
      expect(emails.map((e) => e.dedupeKey).sort()).toEqual([50, 80, 100].map((p) => `budget_alert:${customerId}:${START.toISOString()}:${p}`).sort());
      const byPercent = new Map(emails.map((e) => [Number(e.dedupeKey.split(':').at(-1)), e]));
      expect(byPercent.get(50)).toMatchObject({ channel: 'email', template: 'budget_alert', customerId, toEmails: [], invoiceId: null });
      expect(byPercent.get(50)!.payload).toEqual({ title: 'You have used 50% of your $100.00 budget', value: '50.00', threshold: '100.00', currency: 'usd', period_start: START.toISOString(), period_end: '2026-12-01T00:00:00.000Z', percent: 50 });
      expect(byPercent.get(80)!.payload).toMatchObject({ title: 'You have used 80% of your $100.00 budget', value: '85.00', threshold: '100.00', percent: 85 });
      expect(byPercent.get(100)!.payload).toMatchObject({ title: 'You have used 100% of your $100.00 budget', value: '100.50', threshold: '100.00', percent: 100.5 });
      // the payload is one composeEmail accepts
      for (const email of emails) expect(() => parseEmailPayload('budget_alert', email.payload)).not.toThrow();
      const status = await getBudgetStatus(get().db, customerId, { now: NOW });
      expect(status.current_period).toMatchObject({ spend: '100.50', percent_used: '100.50', notified_at_percent: [50, 80, 100] });
    });

    it('records every percentage a jump crosses but sends one email, about the highest', async () => {
      const customerId = await subscribedCustomer();
      await setBudget(get().db, customerId, { amount: '50' }, { actor: ACTOR, now: NOW });
      await addCalls(customerId, 50, new Date('2026-11-02T10:00:00Z')); // $60 of $50: 120%
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] });
      expect((await crossings(customerId)).map((c) => c.percent)).toEqual([50, 80, 100]);
      const emails = await budgetEmails(customerId);
      expect(emails.map((e) => e.dedupeKey)).toEqual([`budget_alert:${customerId}:${START.toISOString()}:100`]);
      expect(emails[0]!.payload).toMatchObject({ title: 'You have used 100% of your $50.00 budget', value: '60.00', threshold: '50.00', percent: 120 });
    });

    it('fires again in a new period, and keeps what was told when the budget changes mid-period', async () => {
      const customerId = await subscribedCustomer();
      await setBudget(get().db, customerId, { amount: '20', notify_at_percent: [50, 100] }, { actor: ACTOR, now: NOW });
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] }); // $10 of $20: 50%
      // raising the budget mid-period: 50% was told for this period and is not told again, 100% is new
      await setBudget(get().db, customerId, { amount: '30', notify_at_percent: [30, 50, 100] }, { actor: ACTOR, now: NOW });
      await addCalls(customerId, 25, new Date('2026-11-15T10:00:00Z')); // $35 of $30
      await evaluateBudgets(get().db, { now: NOW, customerIds: [customerId] });
      expect((await crossings(customerId)).map((c) => c.percent)).toEqual([30, 50, 100]);
      expect((await budgetEmails(customerId)).map((e) => Number(e.dedupeKey.split(':').at(-1))).sort((a, b) => a - b)).toEqual([50, 100]);

      // December: a new period start, so its percentages fire again ($10 fee of $30 is 33%)
      await evaluateBudgets(get().db, { now: NEXT_PERIOD, customerIds: [customerId] });
      const december = new Date('2026-12-01T00:00:00Z');
      const rows = await crossings(customerId);
      expect(rows.filter((r) => r.periodStart.getTime() === december.getTime()).map((r) => ({ percent: r.percent, spend: r.spend }))).toEqual([{ percent: 30, spend: '10.000000' }]);
      const emails = await budgetEmails(customerId);
      expect(emails.map((e) => e.dedupeKey)).toContain(`budget_alert:${customerId}:${december.toISOString()}:30`);
      expect(emails.find((e) => e.dedupeKey.endsWith(`${december.toISOString()}:30`))!.payload).toMatchObject({ period_start: december.toISOString(), period_end: '2027-01-01T00:00:00.000Z', value: '10.00', threshold: '30.00' });
    });

    it('works only on the customers it is given, and on all of them in batches when given none', async () => {
      const first = await subscribedCustomer();
      const second = await subscribedCustomer();
      const without = await subscribedCustomer();
      for (const id of [first, second]) await setBudget(get().db, id, { amount: '10', notify_at_percent: [100] }, { actor: ACTOR, now: NOW });
      expect(await evaluateBudgets(get().db, { now: NOW, customerIds: [first, without] })).toEqual({ done: 1, remaining: 0, failed: 0 });
      expect(await crossings(first)).toHaveLength(1);
      expect(await crossings(second)).toEqual([]);
      expect(await evaluateBudgets(get().db, { now: NOW, customerIds: [] })).toEqual({ done: 0, remaining: 0, failed: 0 });

      const [budgets] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from customer_budgets`);
      expect(await evaluateBudgets(get().db, { now: NOW, batchSize: 2 })).toEqual({ done: budgets!.n, remaining: 0, failed: 0 });
      expect(await crossings(second)).toHaveLength(1);
      expect(await budgetEmails(second)).toHaveLength(1);
    });

    it('stops at its deadline and says how many budgets are left', async () => {
      const [budgets] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from customer_budgets`);
      expect(budgets!.n).toBeGreaterThan(0);
      // a deadline already passed: no batch starts (the test clock is the deadline's, not billing time)
      expect(await evaluateBudgets(get().db, { now: NOW, deadline: 0 })).toEqual({ done: 0, remaining: budgets!.n, failed: 0 });
    });

    // on PostgreSQL the evaluations really overlap (a pool of connections); PGlite takes them in turn
    it('tells each percentage once when evaluations run side by side', async () => {
      const ids = await Promise.all([1, 2, 3].map(() => subscribedCustomer()));
      for (const id of ids) {
        await setBudget(get().db, id, { amount: '40' }, { actor: ACTOR, now: NOW });
        await addCalls(id, 30, new Date('2026-11-09T10:00:00Z')); // $40 of $40
      }
      const results = await Promise.all(Array.from({ length: 6 }, () => evaluateBudgets(get().db, { now: NOW, customerIds: ids, batchSize: 2 })));
      expect(results.every((r) => r.failed === 0 && r.done === 3)).toBe(true);
      for (const id of ids) {
        expect((await crossings(id)).map((c) => c.percent)).toEqual([50, 80, 100]);
        expect((await budgetEmails(id)).map((e) => e.dedupeKey)).toEqual([`budget_alert:${id}:${START.toISOString()}:100`]);
      }
    });
  });
});
