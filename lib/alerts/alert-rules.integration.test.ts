// Alert rules through the functions the routes call (the routes only parse the query or body with the
// same schemas): create, list, change, disable and delete, each audited; every field rule of the
// contract refused with a 422 naming the field and nothing written; the alerts listed by status and
// customer, newest first, page by page; and the four defaults installed once, in the workspace's
// default currency. Alerts are inserted here as rows: making them is the evaluation's job.
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { createMetric } from '@/lib/catalog/create-metric';
import { createCustomer } from '@/lib/customers/create-customer';
import { alertRules, alerts, auditLog, notificationOutbox } from '@/lib/db/schema';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { workspaceConfig } from '@/lib/workspaces/workspace-config';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { createAlertRuleSchema, listAlertRulesQuery, listAlertsQuery, updateAlertRuleSchema, type CreateAlertRuleInput, type UpdateAlertRuleInput } from './alert-rule-schemas';
import { createAlertRule } from './create-alert-rule';
import { deleteAlertRule } from './delete-alert-rule';
import { ensureDefaultAlertRules } from './ensure-default-alert-rules';
import { getAlertRuleOrThrow } from './get-alert-rule';
import { listAlertRules } from './list-alert-rules';
import { listAlerts } from './list-alerts';
import { updateAlertRule } from './update-alert-rule';

const NOW = new Date('2026-11-22T10:00:00Z');
const HOUR = 3_600_000;
const ACTOR: Actor = { type: 'user', id: 'alerts-admin' };
/** A body as it arrives over HTTP: whatever the caller typed, handed on as the input type it claims to be. */
const asSent = <T>(body: unknown) => body as T;

const DAILY: CreateAlertRuleInput = { name: 'Big day', kind: 'usage_amount', window: 'day', threshold: '250.50', currency: 'EUR' };

describeEachEngine('alert rules', (get) => {
  let customerId: string;
  let otherCustomerId: string;
  /** the alerts inserted, by a letter: z is the one that keeps its rule from deletion */
  const ids: Record<string, string> = {};

  const ruleCount = async () => (await get().db.select({ n: count() }).from(alertRules))[0]!.n;
  const auditOf = (id: string) => get().db.select().from(auditLog).where(and(eq(auditLog.entityType, 'alert_rule'), eq(auditLog.entityId, id))).orderBy(auditLog.createdAt, auditLog.id);

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    customerId = (await createCustomer(db, { name: 'Alert Co', email: 'alert@example.com' }, { actor: ACTOR, now: NOW, defaultCurrency: 'eur' })).id;
    otherCustomerId = (await createCustomer(db, { name: 'Other Co', email: 'other@example.com' }, { actor: ACTOR, now: NOW, defaultCurrency: 'eur' })).id;
  });

  describe('create, list, change, delete', () => {
    it('creates a rule with the defaults filled in, the currency lowercased, and audits it without queueing anything', async () => {
      const outboxBefore = (await get().db.select({ n: count() }).from(notificationOutbox))[0]!.n;
      const rule = await createAlertRule(get().db, DAILY, { actor: ACTOR });
      expect(rule).toMatchObject({
        name: 'Big day',
        kind: 'usage_amount',
        metric: null,
        window: 'day',
        threshold: '250.50',
        currency: 'eur',
        customer_id: null,
        aggregate: false,
        recurring: true,
        notify: ['admins'],
        enabled: true,
        preset_key: null,
      });
      const [row] = await get().db.select().from(alertRules).where(eq(alertRules.id, rule.id));
      expect(row!.windowUnit).toBe('day');
      const audit = await auditOf(rule.id);
      expect(audit.map((a) => a.action)).toEqual(['alert_rule.created']);
      expect(audit[0]!.details).toMatchObject({ threshold: '250.50', currency: 'eur', window: 'day' });
      // an alert rule's audit action is no business event: no email, no webhook
      expect((await get().db.select({ n: count() }).from(notificationOutbox))[0]!.n).toBe(outboxBefore);
    });

    it('names a metric by code and one customer by id', async () => {
      const rule = await createAlertRule(
        get().db,
        { name: 'Calls of one customer', kind: 'metric_units', metric: 'api_calls', window: 'week', threshold: '10000', customer_id: customerId, notify: ['customer', 'webhook'], recurring: false },
        { actor: ACTOR },
      );
      expect(rule).toMatchObject({ metric: 'api_calls', currency: null, customer_id: customerId, notify: ['customer', 'webhook'], recurring: false });
      const fetched = await getAlertRuleOrThrow(get().db, rule.id);
      expect(fetched.metricCode).toBe('api_calls');
    });

    it('lists newest first, page by page', async () => {
      const made: string[] = [];
      for (const name of ['Page A', 'Page B', 'Page C']) made.push((await createAlertRule(get().db, { ...DAILY, name }, { actor: ACTOR })).id);
      const all = await listAlertRules(get().db, listAlertRulesQuery.parse({}));
      expect(all.has_more).toBe(false);
      expect(all.data).toHaveLength(await ruleCount());
      const first = await listAlertRules(get().db, listAlertRulesQuery.parse({ limit: '2' }));
      expect(first.data).toHaveLength(2);
      expect(first.has_more).toBe(true);
      const second = await listAlertRules(get().db, listAlertRulesQuery.parse({ limit: '2', starting_after: first.data[1]!.id }));
      const ids = [...first.data, ...second.data].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(all.data.slice(0, ids.length).map((r) => r.id)).toEqual(ids);
      // the three just made are among the newest
      for (const id of made) expect(all.data.map((r) => r.id)).toContain(id);
    });

    it('changes fields, disables and enables, auditing only what changed', async () => {
      const rule = await createAlertRule(get().db, { ...DAILY, name: 'To change' }, { actor: ACTOR });
      const changed = await updateAlertRule(get().db, rule.id, { threshold: '300', window: 'week', name: 'Changed' }, { actor: ACTOR });
      expect(changed).toMatchObject({ threshold: '300', window: 'week', name: 'Changed', currency: 'eur', enabled: true });
      const disabled = await updateAlertRule(get().db, rule.id, { enabled: false }, { actor: ACTOR });
      expect(disabled.enabled).toBe(false);
      // the same value again is no change
      await updateAlertRule(get().db, rule.id, { enabled: false }, { actor: ACTOR });
      const audit = await auditOf(rule.id);
      expect(audit.map((a) => a.action)).toEqual(['alert_rule.created', 'alert_rule.updated', 'alert_rule.updated']);
      expect(audit[1]!.details).toEqual({ before: { name: 'To change', window: 'day', threshold: '250.50' }, after: { name: 'Changed', window: 'week', threshold: '300' } });
      expect(audit[2]!.details).toEqual({ before: { enabled: true }, after: { enabled: false } });
      expect((await updateAlertRule(get().db, rule.id, { enabled: true }, { actor: ACTOR })).enabled).toBe(true);
    });

    it('a change of kind drops the old metric and currency unless it sends its own', async () => {
      const rule = await createAlertRule(get().db, { ...DAILY, name: 'Kind change' }, { actor: ACTOR });
      const units = await updateAlertRule(get().db, rule.id, { kind: 'metric_units', metric: 'api_calls', threshold: '5000' }, { actor: ACTOR });
      expect(units).toMatchObject({ kind: 'metric_units', metric: 'api_calls', currency: null });
      // back to money: a currency is needed again
      const error = await apiError(updateAlertRule(get().db, rule.id, { kind: 'metric_amount' }, { actor: ACTOR }));
      expect(error).toMatchObject({ status: 422, fields: ['metric', 'currency'] });
      const amount = await updateAlertRule(get().db, rule.id, { kind: 'metric_amount', metric: 'api_calls', currency: 'usd' }, { actor: ACTOR });
      expect(amount).toMatchObject({ kind: 'metric_amount', metric: 'api_calls', currency: 'usd' });
    });

    it('deletes a rule that never triggered; refuses one with alerts (409) and keeps it and them', async () => {
      const spare = await createAlertRule(get().db, { ...DAILY, name: 'Spare' }, { actor: ACTOR });
      expect(await deleteAlertRule(get().db, spare.id, { actor: ACTOR })).toEqual({ id: spare.id, deleted: true });
      expect(await get().db.select().from(alertRules).where(eq(alertRules.id, spare.id))).toHaveLength(0);
      expect((await auditOf(spare.id)).map((a) => a.action)).toEqual(['alert_rule.created', 'alert_rule.deleted']);
      expect(await apiError(deleteAlertRule(get().db, spare.id, { actor: ACTOR }))).toMatchObject({ status: 404 });

      const kept = await createAlertRule(get().db, { ...DAILY, name: 'Kept' }, { actor: ACTOR });
      const [alert] = await get()
        .db.insert(alerts)
        .values({ ruleId: kept.id, customerId, windowStart: new Date('2026-11-10T00:00:00Z'), windowEnd: new Date('2026-11-11T00:00:00Z'), value: '260', threshold: '250.50', currency: 'eur', triggeredAt: new Date('2026-11-10T12:00:00Z') })
        .returning();
      ids.z = alert!.id;
      const refused = await apiError(deleteAlertRule(get().db, kept.id, { actor: ACTOR }));
      expect(refused).toMatchObject({ status: 409, code: 'rule_has_alerts' });
      expect(await get().db.select().from(alertRules).where(eq(alertRules.id, kept.id))).toHaveLength(1);
      expect((await auditOf(kept.id)).map((a) => a.action)).toEqual(['alert_rule.created']);
    });

    it('an unknown or malformed id is a 404', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        expect(await apiError(updateAlertRule(get().db, id, { enabled: false }, { actor: ACTOR }))).toMatchObject({ status: 404 });
        expect(await apiError(deleteAlertRule(get().db, id, { actor: ACTOR }))).toMatchObject({ status: 404 });
      }
    });
  });

  describe('bad input: a 422 naming the field, nothing written', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown field', { ...DAILY, windw: 'day' }, 'windw'],
      ['no name', { ...DAILY, name: '  ' }, 'name'],
      ['an unknown kind', { ...DAILY, kind: 'usage' }, 'kind'],
      ['an unknown window', { ...DAILY, window: 'month' }, 'window'],
      ['a number for the threshold', { ...DAILY, threshold: 100 }, 'threshold'],
      ['a zero threshold', { ...DAILY, threshold: '0' }, 'threshold'],
      ['a negative threshold', { ...DAILY, threshold: '-5' }, 'threshold'],
      ['a threshold with 7 decimals', { ...DAILY, threshold: '1.0000001' }, 'threshold'],
      ['a threshold in exponent form', { ...DAILY, threshold: '1e3' }, 'threshold'],
      // these would throw inside the decimal library if the format check did not come first
      ['a threshold that is no number', { ...DAILY, threshold: 'abc' }, 'threshold'],
      ['a threshold with two points', { ...DAILY, threshold: '1.2.3' }, 'threshold'],
      ['a metric for usage_amount', { ...DAILY, metric: 'api_calls' }, 'metric'],
      ['no metric for metric_units', { name: 'x', kind: 'metric_units', window: 'day', threshold: '1' }, 'metric'],
      ['no metric for metric_amount', { name: 'x', kind: 'metric_amount', window: 'day', threshold: '1', currency: 'eur' }, 'metric'],
      ['a malformed metric code', { name: 'x', kind: 'metric_units', metric: 'API Calls', window: 'day', threshold: '1' }, 'metric'],
      ['an unknown metric', { name: 'x', kind: 'metric_units', metric: 'no_such_metric', window: 'day', threshold: '1' }, 'metric'],
      ['no currency for usage_amount', { ...DAILY, currency: undefined }, 'currency'],
      ['no currency for metric_amount', { name: 'x', kind: 'metric_amount', metric: 'api_calls', window: 'day', threshold: '1' }, 'currency'],
      ['a currency for metric_units', { name: 'x', kind: 'metric_units', metric: 'api_calls', window: 'day', threshold: '1', currency: 'eur' }, 'currency'],
      ['a currency that is no ISO 4217 code', { ...DAILY, currency: 'eu' }, 'currency'],
      ['a malformed customer id', { ...DAILY, customer_id: 'cus_1' }, 'customer_id'],
      ['an unknown customer', { ...DAILY, customer_id: '00000000-0000-4000-8000-000000000000' }, 'customer_id'],
      ['aggregate with one customer', { ...DAILY, aggregate: true, customer_id: '00000000-0000-4000-8000-000000000000' }, 'customer_id'],
      ['aggregate telling the customer', { ...DAILY, aggregate: true, notify: ['admins', 'customer'] }, 'notify'],
      ['aggregate as a string', { ...DAILY, aggregate: 'true' }, 'aggregate'],
      ['recurring as a string', { ...DAILY, recurring: 'yes' }, 'recurring'],
      ['enabled as a number', { ...DAILY, enabled: 1 }, 'enabled'],
      ['nobody to notify', { ...DAILY, notify: [] }, 'notify'],
      ['an unknown recipient', { ...DAILY, notify: ['admins', 'sales'] }, 'notify.1'],
      ['a recipient twice', { ...DAILY, notify: ['admins', 'admins'] }, 'notify'],
      ['notify as a string', { ...DAILY, notify: 'admins' }, 'notify'],
    ];

    for (const [what, body, field] of cases) {
      it(`POST with ${what}`, async () => {
        const before = await ruleCount();
        // the route parses with the schema first (readJson), then the function checks the references
        const work = (async () => createAlertRule(get().db, createAlertRuleSchema.parse(body), { actor: ACTOR }))();
        const error = await apiError(work);
        expect(error.status).toBe(422);
        expect(error.fields).toContain(field);
        expect(await ruleCount()).toBe(before);
      });
    }

    it('PATCH: unknown fields, nothing to change, and a change that leaves an invalid rule', async () => {
      const rule = await createAlertRule(get().db, { ...DAILY, name: 'Patch target', customer_id: customerId }, { actor: ACTOR });
      const patches: [unknown, string | undefined][] = [
        [{ enabeld: false }, 'enabeld'],
        [{}, undefined],
        [{ threshold: '0' }, 'threshold'],
        [{ threshold: 'abc' }, 'threshold'],
        [{ window: 'year' }, 'window'],
        [{ aggregate: true }, 'customer_id'],
        [{ customer_id: null, aggregate: true, notify: ['customer'] }, 'notify'],
        [{ metric: 'api_calls' }, 'metric'],
        [{ currency: null }, 'currency'],
        [{ customer_id: '00000000-0000-4000-8000-000000000000' }, 'customer_id'],
        [{ notify: ['webhook', 'webhook'] }, 'notify'],
      ];
      for (const [body, field] of patches) {
        const work = (async () => updateAlertRule(get().db, rule.id, updateAlertRuleSchema.parse(asSent<UpdateAlertRuleInput>(body)), { actor: ACTOR }))();
        const error = await apiError(work);
        expect(error.status, JSON.stringify(body)).toBe(422);
        expect(error.fields, JSON.stringify(body)).toContain(field);
      }
      const { rule: after } = await getAlertRuleOrThrow(get().db, rule.id);
      expect(after).toMatchObject({ threshold: '250.50', windowUnit: 'day', aggregate: false, customerId: customerId, currency: 'eur', notify: ['admins'] });
      expect((await auditOf(rule.id)).map((a) => a.action)).toEqual(['alert_rule.created']);
    });

    it('the functions validate on their own too (the Server Actions call them directly)', async () => {
      const before = await ruleCount();
      expect(await apiError(createAlertRule(get().db, asSent<CreateAlertRuleInput>({ ...DAILY, threshold: '0' }), { actor: ACTOR }))).toMatchObject({ status: 422, fields: ['threshold'] });
      expect(await ruleCount()).toBe(before);
    });

    it('list queries: a bad status, customer id, limit or cursor', async () => {
      for (const [query, field] of [
        [{ status: 'open' }, 'status'],
        [{ customer_id: 'abc' }, 'customer_id'],
        [{ limit: '0' }, 'limit'],
        [{ limit: '101' }, 'limit'],
        [{ starting_after: 'x' }, 'starting_after'],
        [{ staus: 'resolved' }, 'staus'],
      ] as const) {
        const error = await apiError((async () => listAlertsQuery.parse(query))());
        expect(error.status).toBe(422);
        expect(error.fields).toContain(field);
      }
      expect(await apiError((async () => listAlertRulesQuery.parse({ limit: 'ten' }))())).toMatchObject({ status: 422, fields: ['limit'] });
    });
  });

  describe('the alerts listing', () => {
    let ruleId: string;

    beforeAll(async () => {
      ruleId = (await createAlertRule(get().db, { ...DAILY, name: 'Listing rule' }, { actor: ACTOR })).id;
      const aggregateRule = (await createAlertRule(get().db, { ...DAILY, name: 'Listing aggregate', aggregate: true }, { actor: ACTOR })).id;
      // five crossings, an hour apart: two resolved
      const rows = [
        { key: 'a', ruleId, customerId, day: 17, resolved: true },
        { key: 'b', ruleId, customerId: otherCustomerId, day: 18, resolved: false },
        { key: 'c', ruleId: aggregateRule, customerId: null, day: 19, resolved: true },
        { key: 'd', ruleId, customerId, day: 20, resolved: false },
        { key: 'e', ruleId, customerId, day: 21, resolved: false },
      ];
      for (const r of rows) {
        const windowStart = new Date(Date.UTC(2026, 10, r.day));
        const [row] = await get()
          .db.insert(alerts)
          .values({
            ruleId: r.ruleId,
            customerId: r.customerId,
            windowStart,
            windowEnd: new Date(windowStart.getTime() + 24 * HOUR),
            value: '300.25',
            threshold: '250.50',
            currency: 'eur',
            triggeredAt: new Date(windowStart.getTime() + 12 * HOUR),
            resolvedAt: r.resolved ? new Date(windowStart.getTime() + 36 * HOUR) : null,
          })
          .returning();
        ids[r.key] = row!.id;
      }
    });

    const keysOf = (data: { id: string }[]) => data.map((a) => Object.entries(ids).find(([, id]) => id === a.id)?.[0] ?? 'unknown');

    it('newest first in the contract fields', async () => {
      const { data, has_more } = await listAlerts(get().db, listAlertsQuery.parse({}));
      expect(keysOf(data)).toEqual(['e', 'd', 'c', 'b', 'a', 'z']);
      expect(has_more).toBe(false);
      expect(data.find((a) => a.id === ids.c)).toEqual({
        id: ids.c,
        rule_id: expect.any(String),
        customer_id: null,
        window_start: '2026-11-19T00:00:00.000Z',
        window_end: '2026-11-20T00:00:00.000Z',
        value: '300.25',
        threshold: '250.50',
        currency: 'eur',
        triggered_at: '2026-11-19T12:00:00.000Z',
        resolved_at: '2026-11-20T12:00:00.000Z',
      });
    });

    it('filters by status and customer', async () => {
      expect(keysOf((await listAlerts(get().db, listAlertsQuery.parse({ status: 'triggered' }))).data)).toEqual(['e', 'd', 'b', 'z']);
      expect(keysOf((await listAlerts(get().db, listAlertsQuery.parse({ status: 'resolved' }))).data)).toEqual(['c', 'a']);
      expect(keysOf((await listAlerts(get().db, listAlertsQuery.parse({ customer_id: customerId }))).data)).toEqual(['e', 'd', 'a', 'z']);
      expect(keysOf((await listAlerts(get().db, listAlertsQuery.parse({ status: 'triggered', customer_id: customerId }))).data)).toEqual(['e', 'd', 'z']);
      expect((await listAlerts(get().db, listAlertsQuery.parse({ customer_id: '00000000-0000-4000-8000-000000000000' }))).data).toEqual([]);
    });

    it('pages with limit and starting_after, also under a filter', async () => {
      const first = await listAlerts(get().db, listAlertsQuery.parse({ limit: '2' }));
      expect(keysOf(first.data)).toEqual(['e', 'd']);
      expect(first.has_more).toBe(true);
      const second = await listAlerts(get().db, listAlertsQuery.parse({ limit: '2', starting_after: first.data[1]!.id }));
      expect(keysOf(second.data)).toEqual(['c', 'b']);
      expect(second.has_more).toBe(true);
      const third = await listAlerts(get().db, listAlertsQuery.parse({ limit: '2', starting_after: second.data[1]!.id }));
      expect(keysOf(third.data)).toEqual(['a', 'z']);
      expect(third.has_more).toBe(false);
      const triggered = await listAlerts(get().db, listAlertsQuery.parse({ status: 'triggered', limit: '1', starting_after: ids.d }));
      expect(keysOf(triggered.data)).toEqual(['b']);
      expect(triggered.has_more).toBe(true);
      const lastTriggered = await listAlerts(get().db, listAlertsQuery.parse({ status: 'triggered', limit: '1', starting_after: ids.b }));
      expect(keysOf(lastTriggered.data)).toEqual(['z']);
      expect(lastTriggered.has_more).toBe(false);
    });
  });
});

describeEachEngine('default alert rules', (get) => {
  const SYSTEM: Actor = { type: 'system', id: null };

  it('installs the four defaults once, in the workspace default currency (eur here), and never on a workspace with rules', async () => {
    const database = get();
    const workspace = await createWorkspace(database, { slug: 'alerts-eur', name: 'Alerts EUR', default_currency: 'EUR' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const scoped = database.inWorkspace(workspace.id);
    const currency = workspaceConfig(workspace).defaultCurrency;
    expect(currency).toBe('eur');

    expect(await ensureDefaultAlertRules(scoped.db, { currency, actor: SYSTEM })).toBe(4);
    const { data } = await listAlertRules(scoped.db);
    const byPreset = Object.fromEntries(data.map((r) => [r.preset_key, r]));
    expect(byPreset.vigint_daily_total).toMatchObject({ kind: 'usage_amount', window: 'day', threshold: '100', currency: 'eur', aggregate: true, customer_id: null, notify: ['admins'], enabled: true });
    expect(byPreset.vigint_weekly_total).toMatchObject({ kind: 'usage_amount', window: 'week', threshold: '500', currency: 'eur', aggregate: true, notify: ['admins'] });
    expect(byPreset.vigint_daily_customer).toMatchObject({ kind: 'usage_amount', window: 'day', threshold: '50', currency: 'eur', aggregate: false, customer_id: null, notify: ['admins'] });
    expect(byPreset.billing_engine_spike).toMatchObject({ kind: 'usage_amount', window: 'period', threshold: '1000', currency: 'eur', aggregate: false, customer_id: null, notify: ['customer'] });
    expect(data).toHaveLength(4);

    // a second setup installs nothing
    expect(await ensureDefaultAlertRules(scoped.db, { currency, actor: SYSTEM })).toBe(0);
    expect((await listAlertRules(scoped.db)).data).toHaveLength(4);

    // the other workspace's rules are its own: the default workspace still gets its defaults, in usd
    expect(await ensureDefaultAlertRules(database.db, { currency: 'usd', actor: SYSTEM })).toBe(4);
    expect((await listAlertRules(database.db)).data.every((r) => r.currency === 'usd')).toBe(true);
    expect((await listAlertRules(scoped.db)).data.every((r) => r.currency === 'eur')).toBe(true);
  });

  it('a workspace that replaced the defaults with its own rule does not get them back', async () => {
    const database = get();
    const workspace = await createWorkspace(database, { slug: 'alerts-own', name: 'Alerts Own' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const { db } = database.inWorkspace(workspace.id);
    await ensureDefaultAlertRules(db, { currency: 'usd', actor: SYSTEM });
    const own = await createAlertRule(db, { ...DAILY, name: 'Our own' }, { actor: ACTOR });
    for (const rule of (await listAlertRules(db)).data) if (rule.id !== own.id) await deleteAlertRule(db, rule.id, { actor: ACTOR });
    expect(await ensureDefaultAlertRules(db, { currency: 'usd', actor: SYSTEM })).toBe(0);
    expect((await listAlertRules(db)).data.map((r) => r.name)).toEqual(['Our own']);
  });
});
