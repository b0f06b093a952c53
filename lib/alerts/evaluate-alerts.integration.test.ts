// Alert evaluation on a real database: each kind and window at its boundaries, from the rollups the
// ingestion writes; per-customer, every-customer and aggregate rules (money rules counting their
// currency only); one-shot and recurring; resolution in a new window; the spike warning; the queued
// messages; once per window under concurrent evaluations; the automation run's backstop step.
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { runAutomation } from '@/lib/automation/run-automation';
import { selectRows, type Database } from '@/lib/db/client';
import { alertRules, alerts, customers, notificationOutbox, subscriptions, webhookEndpoints } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { parseEmailPayload } from '@/lib/notifications/email-templates/email-payloads';
import type { EmailType } from '@/lib/notifications/notification-types';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEvent } from '@/lib/usage/usage-event-schema';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';
import { describeEachEngine } from '@/test/test-database';
import { evaluateAlerts } from './evaluate-alerts';

const ENV = parseEnv({});
const NOW = new Date('2026-11-22T10:00:00Z'); // a Sunday
const PERIOD = { start: new Date('2026-11-05T00:00:00Z'), end: new Date('2026-12-05T00:00:00Z') };
let seq = 0;

/** The catalog, a webhook endpoint and the helpers every suite uses, on the suite's own database. */
function alertFixture(get: () => Database) {
  let metricId: string;
  let seatsMetricId: string;
  let planId: string;

  beforeAll(async () => {
    const { db } = get();
    const metric = await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    const seats = await createMetric(db, { code: 'seats', name: 'Seats', unit: 'seat', aggregation: 'latest' });
    metricId = metric.id;
    seatsMetricId = seats.id;
    // €10 a month, 100 calls included then €0.01 a call, €5 a seat
    const plan = await createPlan(db, {
      code: 'alerts_plan',
      name: 'Alerts',
      currency: 'eur',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '10', description: 'Base fee' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '100', description: 'Calls over 100' },
        { metric: 'seats', model: 'per_unit', unit_price: '5', description: 'Seats' },
      ],
    });
    planId = plan.id;
    await db.insert(webhookEndpoints).values({ url: 'https://hooks.example.com/alerts', events: ['alert.triggered'], secret: 'whsec_dGVzdA==' });
  });

  afterEach(async () => {
    // each test's rules stop counting for the next
    await get().db.update(alertRules).set({ enabled: false });
  });

  /** A customer; `subscribed`: on the €10 plan in the period Nov 5 – Dec 5. */
  async function customer(name: string, { currency = 'eur', subscribed = true } = {}): Promise<string> {
    const { db } = get();
    const [row] = await db.insert(customers).values({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`, currency }).returning();
    if (subscribed) {
      await db.insert(subscriptions).values({ customerId: row!.id, planId, startDate: PERIOD.start, currentPeriodStart: PERIOD.start, currentPeriodEnd: PERIOD.end });
    }
    return row!.id;
  }

  async function use(customerId: string, quantity: number, timestamp: string, metric = 'api_calls') {
    const parsed = parseUsageEvent({ id: `ev-${++seq}`, customer_id: customerId, metric, quantity, timestamp });
    if ('errors' in parsed) throw new Error(JSON.stringify(parsed.errors));
    await ingestUsageEvents(get(), [parsed.event], { now: new Date('2026-12-31T00:00:00Z') });
  }

  type RuleValues = typeof alertRules.$inferInsert;
  async function rule(values: Partial<RuleValues> & Pick<RuleValues, 'kind' | 'windowUnit' | 'threshold'>) {
    const [row] = await get()
      .db.insert(alertRules)
      .values({ name: `Rule ${++seq}`, currency: values.kind === 'metric_units' ? null : 'eur', metricId: values.kind === 'usage_amount' ? null : metricId, notify: ['admins'], ...values })
      .returning();
    return row!;
  }

  const alertsOf = (ruleId: string) => get().db.select().from(alerts).where(eq(alerts.ruleId, ruleId)).orderBy(alerts.windowStart, alerts.customerId);
  const outboxOf = (alertId: string) =>
    selectRows<{ channel: string; template: string; customer_id: string | null; to_emails: string[]; payload: Record<string, unknown>; dedupe_key: string }>(
      get().db,
      sql`select channel, template, customer_id, to_emails, payload, dedupe_key from notification_outbox where dedupe_key like ${`alert:${alertId}:%`} order by dedupe_key`,
    );

  return { metricId: () => metricId, seatsMetricId: () => seatsMetricId, planId: () => planId, customer, use, rule, alertsOf, outboxOf };
}

describeEachEngine('alert evaluation', (get, engine) => {
  const { customer, use, rule, alertsOf, outboxOf, ...ids } = alertFixture(get);
  describe('usage_amount', () => {
    it('a day window counts the charges the day added to the period estimate, triggers at the threshold exactly, once, and resolves the next day', async () => {
      const c = await customer('Day Spender');
      await use(c, 120, '2026-11-10T08:00:00Z'); // 20 over the included 100 before today: €0.20
      await use(c, 150, '2026-11-22T09:00:00Z'); // today: 270 in the period, €1.70, so today added €1.50
      await use(c, 999, '2026-11-04T12:00:00Z'); // before the period: not part of its estimate
      const exact = await rule({ kind: 'usage_amount', windowUnit: 'day', threshold: '1.50', customerId: c, notify: ['admins', 'customer', 'webhook'] });
      const above = await rule({ kind: 'usage_amount', windowUnit: 'day', threshold: '1.51', customerId: c });

      expect(await evaluateAlerts(get().db, { now: NOW })).toMatchObject({ failed: 0, remaining: 0 });
      const [alert, ...more] = await alertsOf(exact.id);
      expect(more).toEqual([]);
      expect(alert).toMatchObject({ customerId: c, value: '1.50', threshold: '1.50', currency: 'eur', resolvedAt: null });
      expect(alert!.windowStart.toISOString()).toBe('2026-11-22T00:00:00.000Z');
      expect(alert!.windowEnd.toISOString()).toBe('2026-11-23T00:00:00.000Z');
      expect(alert!.triggeredAt.toISOString()).toBe(NOW.toISOString());
      expect(await alertsOf(above.id)).toEqual([]);

      // the customer's usage_alert, the admins' (no customer: addressed to the admin emails when sent), the webhook with the alert's view
      const messages = await outboxOf(alert!.id);
      expect(messages.map((m) => [m.channel, m.template, m.customer_id])).toEqual([
        ['email', 'usage_alert', null],
        ['email', 'usage_alert', c],
        ['webhook', 'alert.triggered', c],
      ]);
      expect(messages[0]!.payload).toMatchObject({ title: expect.stringContaining('Day Spender'), value: '1.50', threshold: '1.50', currency: 'eur', percent: 100 });
      expect(messages[0]!.to_emails).toEqual([]);
      // the payloads are what the templates read: composeEmail would accept them
      for (const m of messages.filter((x) => x.channel === 'email')) expect(() => parseEmailPayload(m.template as EmailType, m.payload)).not.toThrow();
      expect(messages[2]!.payload).toEqual({
        object_id: alert!.id,
        object: {
          id: alert!.id, rule_id: exact.id, customer_id: c, window_start: '2026-11-22T00:00:00.000Z', window_end: '2026-11-23T00:00:00.000Z',
          value: '1.50', threshold: '1.50', currency: 'eur', triggered_at: NOW.toISOString(), resolved_at: null,
        },
      });
      const [audit] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from audit_log where action = 'alert.triggered' and entity_id = ${alert!.id}`);
      expect(audit!.n).toBe(1);

      // later the same day, more usage: still one alert for the day
      await use(c, 10, '2026-11-22T11:00:00Z');
      await evaluateAlerts(get().db, { now: new Date('2026-11-22T23:59:59.999Z') });
      expect(await alertsOf(exact.id)).toHaveLength(1);

      // the next day starts below: the alert resolves, nothing new
      await evaluateAlerts(get().db, { now: new Date('2026-11-23T00:00:00Z') });
      const [resolved, ...none] = await alertsOf(exact.id);
      expect(none).toEqual([]);
      expect(resolved!.resolvedAt?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    });

    it('counts only customers billed in the rule’s currency', async () => {
      const dollars = await customer('Dollar Customer', { currency: 'usd', subscribed: false });
      await use(dollars, 10_000, '2026-11-22T09:00:00Z');
      const r = await rule({ kind: 'usage_amount', windowUnit: 'day', threshold: '0.01', customerId: dollars });
      await evaluateAlerts(get().db, { now: NOW });
      expect(await alertsOf(r.id)).toEqual([]);
    });

    it('the spike warning: the open period passing 1000 sends the customer upcoming_invoice with the cost so far, once per period', async () => {
      const c = await customer('Spiky');
      await use(c, 100_100, '2026-11-06T10:00:00Z'); // 100,000 over: €1,000.00 of usage, €1,010.00 with the base fee
      const spike = await rule({ kind: 'usage_amount', windowUnit: 'period', threshold: '1000', customerId: c, notify: ['customer'], presetKey: `spike_${engine}` });
      await evaluateAlerts(get().db, { now: NOW });
      const [alert] = await alertsOf(spike.id);
      expect(alert).toMatchObject({ value: '1000.00', currency: 'eur' });
      expect(alert!.windowStart.toISOString()).toBe(PERIOD.start.toISOString());
      expect(alert!.windowEnd.toISOString()).toBe(PERIOD.end.toISOString());
      const messages = await outboxOf(alert!.id);
      expect(messages).toHaveLength(1);
      expect(() => parseEmailPayload('upcoming_invoice', messages[0]!.payload)).not.toThrow();
      expect(messages[0]).toMatchObject({
        channel: 'email',
        template: 'upcoming_invoice',
        customer_id: c,
        payload: { period_start: '2026-11-05T00:00:00.000Z', period_end: '2026-12-05T00:00:00.000Z', amount: '1010.00', currency: 'eur', threshold: '1000' },
      });
      await use(c, 50_000, '2026-11-25T10:00:00Z');
      await evaluateAlerts(get().db, { now: new Date('2026-11-30T10:00:00Z') });
      expect(await alertsOf(spike.id)).toHaveLength(1);
    });

    it('a day window on the day a period starts counts from the period start', async () => {
      const c = await customer('Midday Start', { subscribed: false });
      await get().db.insert(subscriptions).values({
        customerId: c, planId: ids.planId(), startDate: new Date('2026-10-22T10:00:00Z'),
        currentPeriodStart: new Date('2026-11-22T10:00:00Z'), currentPeriodEnd: new Date('2026-12-22T10:00:00Z'),
      });
      await use(c, 500, '2026-11-22T08:00:00Z'); // the closed period's morning
      await use(c, 130, '2026-11-22T11:00:00Z'); // the new period: 30 over, €0.30
      const r = await rule({ kind: 'usage_amount', windowUnit: 'day', threshold: '0.30', customerId: c });
      await evaluateAlerts(get().db, { now: new Date('2026-11-22T12:00:00Z') });
      const [alert] = await alertsOf(r.id);
      expect(alert).toMatchObject({ value: '0.30' });
      expect(alert!.windowStart.toISOString()).toBe('2026-11-22T10:00:00.000Z');
      expect(alert!.windowEnd.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    });
  });

  describe('metric rules', () => {
    it('metric_units on a week: Sunday 23:59 is the old week, Monday 00:00 the new one', async () => {
      const c = await customer('Weekly', { subscribed: false });
      await use(c, 60, '2026-11-22T23:59:59Z');
      await use(c, 40, '2026-11-23T00:00:00Z');
      const r = await rule({ kind: 'metric_units', windowUnit: 'week', threshold: '60', customerId: c });
      await evaluateAlerts(get().db, { now: new Date('2026-11-22T23:59:59.999Z') });
      const [first] = await alertsOf(r.id);
      expect(first).toMatchObject({ value: '60', currency: null });
      expect(first!.windowStart.toISOString()).toBe('2026-11-16T00:00:00.000Z');
      // Monday: the new week holds 40, below 60: the old week's alert resolves
      await evaluateAlerts(get().db, { now: new Date('2026-11-23T00:00:01Z') });
      const rows = await alertsOf(r.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.resolvedAt).not.toBeNull();
    });

    it('metric_amount counts only the charges on its metric', async () => {
      const c = await customer('Seats Buyer');
      await use(c, 3, '2026-11-22T08:00:00Z', 'seats'); // €15 of seats
      await use(c, 5000, '2026-11-22T08:00:00Z'); // €49 of calls: not counted
      const seatsRule = await rule({ kind: 'metric_amount', windowUnit: 'day', threshold: '15', customerId: c, metricId: ids.seatsMetricId() });
      const tooHigh = await rule({ kind: 'metric_amount', windowUnit: 'day', threshold: '15.01', customerId: c, metricId: ids.seatsMetricId() });
      await evaluateAlerts(get().db, { now: NOW });
      expect(await alertsOf(seatsRule.id)).toMatchObject([{ value: '15.00' }]);
      expect(await alertsOf(tooHigh.id)).toEqual([]);
    });

    it('an every-customer rule judges each customer on their own; customerIds and metricIds narrow the evaluation', async () => {
      const over = await customer('Over', { subscribed: false });
      const under = await customer('Under', { subscribed: false });
      await use(over, 80, '2026-11-22T01:00:00Z');
      await use(under, 79, '2026-11-22T01:00:00Z');
      const r = await rule({ kind: 'metric_units', windowUnit: 'day', threshold: '80' });
      await evaluateAlerts(get().db, { now: NOW, customerIds: [under] });
      await evaluateAlerts(get().db, { now: NOW, customerIds: [over], metricIds: [ids.seatsMetricId()] });
      expect(await alertsOf(r.id)).toEqual([]);
      await evaluateAlerts(get().db, { now: NOW, customerIds: [over, under], metricIds: [ids.metricId()] });
      expect((await alertsOf(r.id)).map((a) => a.customerId)).toEqual([over]);
    });

    it('a one-shot rule triggers once ever per customer; a recurring one again in the next window', async () => {
      const c = await customer('Twice Over', { subscribed: false });
      await use(c, 100, '2026-11-20T01:00:00Z');
      await use(c, 100, '2026-11-21T01:00:00Z');
      const once = await rule({ kind: 'metric_units', windowUnit: 'day', threshold: '100', customerId: c, recurring: false });
      const every = await rule({ kind: 'metric_units', windowUnit: 'day', threshold: '100', customerId: c });
      await evaluateAlerts(get().db, { now: new Date('2026-11-20T12:00:00Z') });
      await evaluateAlerts(get().db, { now: new Date('2026-11-21T12:00:00Z') });
      expect(await alertsOf(once.id)).toHaveLength(1);
      expect((await alertsOf(every.id)).map((a) => a.windowStart.toISOString())).toEqual(['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z']);
    });
  });

  it('two concurrent evaluations crossing the same threshold make one alert and one set of messages', async () => {
    const c = await customer('Raced', { subscribed: false });
    await use(c, 500, '2026-11-22T02:00:00Z');
    const r = await rule({ kind: 'metric_units', windowUnit: 'day', threshold: '500', customerId: c, notify: ['admins', 'customer', 'webhook'] });
    const results = await Promise.all(Array.from({ length: 4 }, () => evaluateAlerts(get().db, { now: NOW })));
    expect(results.every((x) => x.failed === 0)).toBe(true);
    const rows = await alertsOf(r.id);
    expect(rows).toHaveLength(1);
    expect(await outboxOf(rows[0]!.id)).toHaveLength(3);
  });

  it('two concurrent ingestions and their evaluations still make one alert', async () => {
    const c = await customer('Raced Ingest', { subscribed: false });
    const r = await rule({ kind: 'metric_units', windowUnit: 'day', threshold: '100', customerId: c });
    await Promise.all([
      use(c, 60, '2026-11-22T03:00:00Z').then(() => evaluateAlerts(get().db, { now: NOW, customerIds: [c], metricIds: [ids.metricId()] })),
      use(c, 60, '2026-11-22T03:00:01Z').then(() => evaluateAlerts(get().db, { now: NOW, customerIds: [c], metricIds: [ids.metricId()] })),
    ]);
    await evaluateAlerts(get().db, { now: NOW, customerIds: [c] });
    expect(await alertsOf(r.id)).toMatchObject([{ value: '120' }]);
  });

  it('the ingestion tells which customers and metrics a batch touched, only when something was new', async () => {
    const c = await customer('Touched', { subscribed: false });
    const parsed = parseUsageEvent({ id: 'touch-1', customer_id: c, metric: 'api_calls', quantity: 1, timestamp: '2026-11-22T03:00:00Z' });
    if ('errors' in parsed) throw new Error('bad event');
    const told: unknown[] = [];
    await ingestUsageEvents(get(), [parsed.event], { now: NOW, onStored: (t) => told.push(t) });
    await ingestUsageEvents(get(), [parsed.event], { now: NOW, onStored: (t) => told.push(t) });
    expect(told).toEqual([{ customerIds: [c], metricIds: [ids.metricId()] }]);
  });


});

describeEachEngine('aggregate alerts and the automation backstop', (get) => {
  const { customer, use, rule, alertsOf, outboxOf } = alertFixture(get);

  describe('aggregate rules', () => {
    it('sum every customer’s value, money in the rule’s currency only, into one alert without a customer', async () => {
      const a = await customer('Agg A');
      const b = await customer('Agg B');
      const dollars = await customer('Agg Dollars', { currency: 'usd', subscribed: false });
      await use(a, 200, '2026-11-15T01:00:00Z'); // €1.00 this week... and this month
      await use(b, 150, '2026-11-17T01:00:00Z'); // €0.50
      await use(dollars, 900, '2026-11-17T01:00:00Z');
      const money = await rule({ kind: 'usage_amount', windowUnit: 'week', threshold: '0.50', aggregate: true, notify: ['admins', 'customer', 'webhook'] });
      const units = await rule({ kind: 'metric_units', windowUnit: 'week', threshold: '1050', aggregate: true });
      const notYet = await rule({ kind: 'usage_amount', windowUnit: 'week', threshold: '0.51', aggregate: true });
      await evaluateAlerts(get().db, { now: NOW });
      // this week (Nov 16–23) only B's €0.50 counts in euros; the dollar customer's usage is not summed in
      const [alert] = await alertsOf(money.id);
      expect(alert).toMatchObject({ customerId: null, value: '0.50', currency: 'eur' });
      expect(alert!.windowStart.toISOString()).toBe('2026-11-16T00:00:00.000Z');
      expect(await alertsOf(notYet.id)).toEqual([]);
      // units count every customer: 150 + 900 in the week
      expect(await alertsOf(units.id)).toMatchObject([{ customerId: null, value: '1050' }]);
      // an aggregate alert has no customer to tell: admins and webhook only
      expect((await outboxOf(alert!.id)).map((m) => [m.template, m.customer_id])).toEqual([
        ['usage_alert', null],
        ['alert.triggered', null],
      ]);
      // an ingestion-time evaluation for one customer still sees the whole: nothing new, no duplicate
      await evaluateAlerts(get().db, { now: NOW, customerIds: [a] });
      expect(await alertsOf(money.id)).toHaveLength(1);
    });
  });

  it('the automation run evaluates every customer in its alerts step; without time left it reports them as remaining', async () => {
    const c = await customer('Backstop', { subscribed: false });
    await use(c, 700, '2026-11-22T04:00:00Z');
    const r = await rule({ kind: 'metric_units', windowUnit: 'day', threshold: '700' });
    const all = await rule({ kind: 'metric_units', windowUnit: 'day', threshold: '700', aggregate: true });
    const services = (workspace: Workspace) => ({ config: workspaceConfig(workspace, ENV), stripe: null });
    const { db } = get();
    const [{ n: customerCount }] = (await selectRows<{ n: number }>(db, sql`select count(*)::int as n from customers`)) as [{ n: number }];

    const starved = await runAutomation(get(), { now: NOW, actor: { type: 'cron', id: null }, trigger: 'cron', budgetMs: 0, services, workspaces: [await workspaceOf(get())] });
    // the customers and the aggregate rule are left for the next run
    expect(starved.steps.alerts).toMatchObject({ done: 0, remaining: customerCount + 1, failed: 0 });
    expect(await alertsOf(r.id)).toEqual([]);
    expect(await alertsOf(all.id)).toEqual([]);

    const run = await runAutomation(get(), { now: NOW, actor: { type: 'cron', id: null }, trigger: 'cron', services, workspaces: [await workspaceOf(get())] });
    expect(run.steps.alerts).toMatchObject({ done: customerCount + 1, remaining: 0, failed: 0 });
    expect(await alertsOf(all.id)).toMatchObject([{ customerId: null, value: '700' }]);
    const rows = await alertsOf(r.id);
    expect(rows.map((a) => a.customerId)).toEqual([c]);
    const [audit] = await selectRows<{ actor_type: string }>(db, sql`select actor_type from audit_log where action = 'alert.triggered' and entity_id = ${rows[0]!.id}`);
    expect(audit).toEqual({ actor_type: 'cron' });
    const queued = await db.select().from(notificationOutbox).where(and(eq(notificationOutbox.dedupeKey, `alert:${rows[0]!.id}:admins`)));
    expect(queued).toHaveLength(1);
  });
});

async function workspaceOf(database: Database): Promise<Workspace> {
  const { findWorkspace } = await import('@/lib/workspaces/find-workspace');
  return (await findWorkspace(database.installation.db, database.workspaceId))!;
}
