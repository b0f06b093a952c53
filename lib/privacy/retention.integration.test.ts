// Retention on the real database: each kind of data goes when it is one second past its age and stays
// when it is exactly its age, in batches no bigger than asked, across runs when a run's cap is reached;
// the totals of rollups and invoices do not move, and events of a period not yet invoiced stay.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { runAutomation } from '@/lib/automation/run-automation';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { billingConfig } from '@/lib/config/billing-config';
import { selectRows } from '@/lib/db/client';
import { invoices, notificationOutbox, usageEvents, webhookDeliveries, webhookEndpoints, webhookEvents } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { DAY_MS } from '@/lib/time/utc-day';
import { apiError } from '@/test/api-error';
import { FIXTURE_ACTOR, fixtureCustomer, type FixtureCustomer } from '@/test/privacy-fixture';
import { describeEachEngine } from '@/test/test-database';
import { applyRetention } from './apply-retention';
import { getRetentionSettings, RETENTION_DEFAULTS, updateRetentionSettings, type RetentionSettings } from './retention-settings';

const NOW = new Date('2026-11-22T10:00:00Z');
const config = billingConfig(parseEnv({}));
const KEEP_ALL: RetentionSettings = { usage_events_days: null, webhook_payloads_days: null, email_bodies_days: null, delivery_logs_days: null };
const ago = (days: number, seconds = 0) => new Date(NOW.getTime() - days * DAY_MS - seconds * 1000);

describeEachEngine('privacy: retention', (get) => {
  let customer: FixtureCustomer;
  const totals = async () => {
    const { db } = get();
    const [rollups] = await selectRows<{ sum: string; events: string }>(db, sql`select sum(quantity_sum)::text as sum, sum(event_count)::text as events from usage_rollups`);
    const [unique] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from usage_unique_values`);
    const billed = await db.select({ id: invoices.id, total: invoices.total, amountDue: invoices.amountDue }).from(invoices).orderBy(invoices.id);
    return { rollups, unique: unique!.n, billed };
  };

  beforeAll(async () => {
    const { db } = get();
    await ensureDefaultCatalog(db);
    await db.insert(webhookEndpoints).values({ url: 'https://hooks.retention.example/meterbill', events: ['*'], secret: 'whsec_cmV0ZW50aW9uLWZpeHR1cmUta2V5' });
    customer = await fixtureCustomer(get(), 'Retained', { now: NOW, config });
  }, 120_000);

  it('keeps the defaults until a workspace chooses, and validates what it chooses', async () => {
    const { db } = get();
    expect(await getRetentionSettings(db)).toEqual(RETENTION_DEFAULTS);
    expect(await updateRetentionSettings(db, { email_bodies_days: 30 }, { actor: FIXTURE_ACTOR, now: NOW })).toEqual({ ...RETENTION_DEFAULTS, email_bodies_days: 30 });
    expect(await updateRetentionSettings(db, { usage_events_days: null }, { actor: FIXTURE_ACTOR, now: NOW })).toEqual({ ...RETENTION_DEFAULTS, email_bodies_days: 30, usage_events_days: null });
    expect(await apiError(updateRetentionSettings(db, { usage_events_days: 0 }, { actor: FIXTURE_ACTOR, now: NOW }))).toMatchObject({ status: 422, fields: ['usage_events_days'] });
    expect(await apiError(updateRetentionSettings(db, { email_bodies_days: 1.5 }, { actor: FIXTURE_ACTOR, now: NOW }))).toMatchObject({ status: 422, fields: ['email_bodies_days'] });
    expect(await apiError(updateRetentionSettings(db, { keep: 3 } as never, { actor: FIXTURE_ACTOR, now: NOW }))).toMatchObject({ status: 422 });
    expect(await apiError(updateRetentionSettings(db, {}, { actor: FIXTURE_ACTOR, now: NOW }))).toMatchObject({ status: 422 });
    // nothing of the refused changes was kept
    expect(await getRetentionSettings(db)).toEqual({ ...RETENTION_DEFAULTS, email_bodies_days: 30, usage_events_days: null });
  });

  it('deletes raw usage events past their age, except those of a period not yet invoiced, and no total moves', async () => {
    const { db } = get();
    // the fixture's events are 41 to 44 days old, in its first (invoiced) period; add some of the open period
    await db.insert(usageEvents).values([
      { customerId: customer.id, metricId: (await metricId('api_calls'))!, eventId: 'open-period-1', quantity: '5', occurredAt: ago(2) },
    ]);
    const before = await totals();
    const oldest = await db.select({ occurredAt: usageEvents.occurredAt }).from(usageEvents).where(eq(usageEvents.customerId, customer.id)).orderBy(usageEvents.occurredAt).limit(1);
    const ageOfOldest = (NOW.getTime() - oldest[0]!.occurredAt.getTime()) / DAY_MS;

    // exactly its age: kept
    const exactly = await applyRetention(db, { ...KEEP_ALL, usage_events_days: ageOfOldest }, { now: NOW });
    expect(exactly.by_kind.usage_events).toBe(0);
    // one second older than its age: gone
    const oneSecond = await applyRetention(db, { ...KEEP_ALL, usage_events_days: ageOfOldest }, { now: new Date(NOW.getTime() + 1000) });
    // (the oldest day has an event of each of the two metrics)
    expect(oneSecond.by_kind.usage_events).toBe(2);

    // a day's retention: the invoiced period's events go, the open period's (2 days old) stay
    const day = await applyRetention(db, { ...KEEP_ALL, usage_events_days: 1 }, { now: NOW });
    expect(day.by_kind.usage_events).toBe(4);
    expect((await db.select({ eventId: usageEvents.eventId }).from(usageEvents).where(eq(usageEvents.customerId, customer.id))).map((e) => e.eventId)).toEqual(['open-period-1']);
    expect(await totals()).toEqual(before);
  });

  it('applies each kind in batches no bigger than asked, and the run cap leaves the rest for later', async () => {
    const { db } = get();
    await db.execute(sql`insert into webhook_events (id, type, status, payload, received_at)
      select 'evt_old_' || n, 'invoice.paid', 'completed', '{"old": true}'::jsonb, ${ago(30, 1).toISOString()}::timestamptz from generate_series(1, 12) n`);
    await db.insert(webhookEvents).values([
      { id: 'evt_exactly_30_days', type: 'invoice.paid', status: 'completed', payload: {}, receivedAt: ago(30) },
      { id: 'evt_old_processing', type: 'invoice.paid', status: 'processing', payload: {}, receivedAt: ago(31) },
    ]);
    const batches: number[] = [];
    const first = await applyRetention(db, { ...KEEP_ALL, webhook_payloads_days: 30 }, { now: NOW, batchSize: 5, maxRows: 10 });
    batches.push(first.by_kind.webhook_events);
    expect(first.by_kind.webhook_events).toBe(10);
    expect(first.remaining).toBe(2);
    const second = await applyRetention(db, { ...KEEP_ALL, webhook_payloads_days: 30 }, { now: NOW, batchSize: 5, maxRows: 10 });
    expect(second.by_kind.webhook_events).toBe(2);
    expect(second.remaining).toBe(0);
    const left = (await db.select({ id: webhookEvents.id }).from(webhookEvents)).map((e) => e.id).filter((id) => id.startsWith('evt_old') || id === 'evt_exactly_30_days');
    expect(left.sort()).toEqual(['evt_exactly_30_days', 'evt_old_processing']);
  });

  it('clears email bodies and webhook payloads, then deletes delivery logs, each at its own age', async () => {
    const { db } = get();
    const FINAL = ['sent', 'failed', 'not_configured'];
    const emails = await db.select().from(notificationOutbox).where(eq(notificationOutbox.channel, 'email'));
    const rendered = emails.filter((e) => e.html !== null && FINAL.includes(e.status));
    const hooks = await db.select().from(notificationOutbox).where(eq(notificationOutbox.channel, 'webhook'));
    expect(rendered.length).toBeGreaterThan(1);
    expect(hooks.filter((h) => Object.keys(h.payload).length > 0).length).toBeGreaterThan(1);
    // every message 100 days old but one rendered email, exactly 90 days old; every delivery done
    const [keep, clear] = rendered;
    await db.update(notificationOutbox).set({ createdAt: ago(100) });
    await db.update(notificationOutbox).set({ createdAt: ago(90) }).where(eq(notificationOutbox.id, keep!.id));
    await db.update(notificationOutbox).set({ status: 'sent' }).where(eq(notificationOutbox.channel, 'webhook'));
    await db.update(webhookDeliveries).set({ status: 'succeeded', createdAt: ago(100) });

    const cleared = await applyRetention(db, { ...KEEP_ALL, email_bodies_days: 90, webhook_payloads_days: 90 }, { now: NOW });
    expect(cleared.by_kind.email_bodies).toBe(rendered.length - 1);
    expect(cleared.by_kind.webhook_payloads).toBe(hooks.filter((h) => Object.keys(h.payload).length > 0).length);
    expect((await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, keep!.id)))[0]!.html).toBe(keep!.html);
    expect((await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, clear!.id)))[0]).toMatchObject({ html: null, text: null, subject: clear!.subject });
    expect((await db.select().from(notificationOutbox).where(eq(notificationOutbox.channel, 'webhook'))).every((h) => Object.keys(h.payload).length === 0)).toBe(true);

    // delivery logs at 95 days, 3 rows a statement: the deliveries and the 100-day-old finished messages go
    const deliveries = (await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)).length;
    expect(deliveries).toBeGreaterThan(3);
    const finished = [...emails.filter((e) => FINAL.includes(e.status)), ...hooks];
    const logs = await applyRetention(db, { ...KEEP_ALL, delivery_logs_days: 95 }, { now: NOW, batchSize: 3 });
    expect(logs.by_kind.webhook_deliveries).toBe(deliveries);
    expect(logs.by_kind.messages).toBe(finished.length - 1);
    const left = (await db.select({ id: notificationOutbox.id }).from(notificationOutbox)).map((m) => m.id).sort();
    expect(left).toEqual([keep!.id, ...emails.filter((e) => !FINAL.includes(e.status)).map((e) => e.id)].sort());
  });

  it('runs as the automation run’s retention step with the workspace’s settings', async () => {
    const database = get();
    await database.db.insert(webhookEvents).values({ id: 'evt_for_the_run', type: 'invoice.paid', status: 'completed', payload: {}, receivedAt: ago(RETENTION_DEFAULTS.webhook_payloads_days!, 1) });
    const ws = [(await database.installation.db.query.workspaces.findFirst())!];
    const run = await runAutomation(database, { now: NOW, actor: FIXTURE_ACTOR, trigger: 'manual', workspaces: ws, services: () => ({ config, stripe: null }) });
    // the Stripe event one second past the default 30 days, and the kept email's body (the workspace chose 30 days for bodies above)
    expect(run.steps.retention).toMatchObject({ done: 2, remaining: 0, failed: 0 });
    expect(await database.db.select().from(webhookEvents).where(eq(webhookEvents.id, 'evt_for_the_run'))).toEqual([]);
    expect((await database.db.select({ html: notificationOutbox.html }).from(notificationOutbox).where(eq(notificationOutbox.channel, 'email'))).filter((e) => e.html !== null)).toEqual([]);
  });

  const metricId = async (code: string) => (await selectRows<{ id: string }>(get().db, sql`select id from billable_metrics where code = ${code}`))[0]?.id;
});
