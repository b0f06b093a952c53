// A metric's unit cost (what one unit costs the operator): set on create, changed and cleared by PATCH,
// shown in the metric's view, audit-logged, and refused by name when malformed with nothing written.
import { and, asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, billableMetrics } from '@/lib/db/schema';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { toMetricView, type MetricInput, type MetricPatch } from './catalog-schemas';
import { createMetric } from './create-metric';
import { updateMetric } from './update-metric';

const ACTOR = { type: 'user', id: 'admin-test' } as const;
const options = { actor: ACTOR, defaultCurrency: 'usd' };
const asSent = <T>(body: unknown) => body as T;

describeEachEngine('metric unit costs', (get) => {
  const stored = async (code: string) => {
    const [row] = await get().db.select().from(billableMetrics).where(eq(billableMetrics.code, code));
    return row ? toMetricView(row) : undefined;
  };
  const auditOf = async (id: string) =>
    get().db.select({ action: auditLog.action, actorId: auditLog.actorId, details: auditLog.details }).from(auditLog).where(and(eq(auditLog.entityType, 'billable_metric'), eq(auditLog.entityId, id))).orderBy(asc(auditLog.id));

  it('takes a unit cost on create, in the default currency unless one is given, and shows it in the view', async () => {
    const { db } = get();
    const tokens = await createMetric(db, { code: 'tokens', name: 'Tokens', unit: 'token', aggregation: 'sum', unit_cost: '0.0000005' }, options);
    expect(toMetricView(tokens)).toMatchObject({ code: 'tokens', unit_cost: '0.0000005', unit_cost_currency: 'usd' });
    const gpu = await createMetric(db, { code: 'gpu_hours', name: 'GPU hours', unit: 'hour', aggregation: 'sum', unit_cost: '1.2500', unit_cost_currency: 'EUR' }, options);
    expect(toMetricView(gpu)).toMatchObject({ unit_cost: '1.25', unit_cost_currency: 'eur' });
    const plain = await createMetric(db, { code: 'seats', name: 'Seats', unit: 'seat', aggregation: 'max' }, options);
    expect(toMetricView(plain)).toMatchObject({ unit_cost: null, unit_cost_currency: null });
    expect(await auditOf(tokens.id)).toEqual([
      {
        action: 'metric.created',
        actorId: 'admin-test',
        details: {
          code: 'tokens',
          unit_cost: '0.0000005',
          unit_cost_currency: 'usd',
          after: { code: 'tokens', name: 'Tokens', unit: 'token', aggregation: 'sum', property: null, unit_cost: '0.0000005', unit_cost_currency: 'usd' },
        },
      },
    ]);
  });

  it('refuses a malformed unit cost by name and creates nothing', async () => {
    const { db } = get();
    const body = (extra: object) => asSent<MetricInput>({ code: 'bad_metric', name: 'Bad', unit: 'call', aggregation: 'sum', ...extra });
    expect(await apiError(createMetric(db, body({ unit_cost: '-1' }), options))).toMatchObject({ status: 422, fields: ['unit_cost'] });
    expect(await apiError(createMetric(db, body({ unit_cost: 0.5 }), options))).toMatchObject({ status: 422, fields: ['unit_cost'] });
    expect(await apiError(createMetric(db, body({ unit_cost: '0.00000000001' }), options))).toMatchObject({ status: 422, fields: ['unit_cost'], messages: ['must be a non-negative decimal string with at most 10 decimals'] });
    expect(await apiError(createMetric(db, body({ unit_cost: '1', unit_cost_currency: 'xyz' }), options))).toMatchObject({ status: 422, fields: ['unit_cost_currency'] });
    expect(await apiError(createMetric(db, body({ unit_cost_currency: 'usd' }), options))).toMatchObject({ status: 422, fields: ['unit_cost_currency'] });
    expect(await apiError(createMetric(db, body({ unit_costs: '1' }), options))).toMatchObject({ status: 422, fields: ['unit_costs'], messages: ['unknown field'] });
    // nowhere to take a currency from: refused, not guessed
    expect(await apiError(createMetric(db, body({ unit_cost: '1' }), { actor: ACTOR }))).toMatchObject({ status: 422, fields: ['unit_cost_currency'], messages: ['is required with unit_cost'] });
    expect(await stored('bad_metric')).toBeUndefined();
  });

  it('sets, changes, re-labels and clears a unit cost by PATCH, auditing each change with before and after', async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' }, options);
    const set = await updateMetric(db, 'api_calls', { unit_cost: '0.002' }, options);
    expect(toMetricView(set)).toMatchObject({ unit_cost: '0.002', unit_cost_currency: 'usd', name: 'API calls' });
    // a new cost keeps the currency already set
    await updateMetric(db, 'api_calls', { unit_cost: '0.0025', name: 'Calls' }, { actor: ACTOR, defaultCurrency: 'gbp' });
    expect(await stored('api_calls')).toMatchObject({ unit_cost: '0.0025', unit_cost_currency: 'usd', name: 'Calls' });
    await updateMetric(db, 'api_calls', { unit_cost_currency: 'eur' }, options);
    expect(await stored('api_calls')).toMatchObject({ unit_cost: '0.0025', unit_cost_currency: 'eur' });
    // the same values again change nothing and leave no entry
    await updateMetric(db, 'api_calls', { unit_cost: '0.00250' }, options);
    await updateMetric(db, 'api_calls', { unit_cost: null }, options);
    expect(await stored('api_calls')).toMatchObject({ unit_cost: null, unit_cost_currency: null, name: 'Calls' });

    const entries = await auditOf(set.id);
    // each update's before/after is its changes, field by field
    for (const { details } of entries.slice(1)) {
      const changes = details.changes as Record<string, { from: unknown; to: unknown }>;
      expect({ before: details.before, after: details.after }).toEqual({
        before: Object.fromEntries(Object.entries(changes).map(([f, c]) => [f, c.from])),
        after: Object.fromEntries(Object.entries(changes).map(([f, c]) => [f, c.to])),
      });
    }
    expect(entries.map((e) => { const { before: _b, after: _a, ...rest } = e.details; return [e.action, rest]; })).toEqual([
      ['metric.created', { code: 'api_calls', unit_cost: null, unit_cost_currency: null }],
      ['metric.updated', { code: 'api_calls', changes: { unit_cost: { from: null, to: '0.002' }, unit_cost_currency: { from: null, to: 'usd' } } }],
      ['metric.updated', { code: 'api_calls', changes: { name: { from: 'API calls', to: 'Calls' }, unit_cost: { from: '0.002', to: '0.0025' } } }],
      ['metric.updated', { code: 'api_calls', changes: { unit_cost_currency: { from: 'usd', to: 'eur' } } }],
      ['metric.updated', { code: 'api_calls', changes: { unit_cost: { from: '0.0025', to: null }, unit_cost_currency: { from: 'eur', to: null } } }],
    ]);
  });

  it('refuses a bad PATCH by name and changes nothing; an unknown metric is a 404', async () => {
    const { db } = get();
    await createMetric(db, { code: 'storage', name: 'Storage', unit: 'GB', aggregation: 'max', unit_cost: '0.02' }, options);
    const before = await stored('storage');
    const patch = (body: unknown) => updateMetric(db, 'storage', asSent<MetricPatch>(body), options);
    expect(await apiError(patch({ unit_cost: '0.0x' }))).toMatchObject({ status: 422, fields: ['unit_cost'] });
    expect(await apiError(patch({ name: 'Disk', aggregation: 'sum' }))).toMatchObject({ status: 422, fields: ['aggregation'], messages: ['unknown field'] });
    expect(await apiError(patch({ unit_cost: null, unit_cost_currency: 'usd' }))).toMatchObject({ status: 422, fields: ['unit_cost_currency'] });
    expect(await apiError(patch({}))).toMatchObject({ status: 422 });
    expect(await stored('storage')).toEqual(before);
    await updateMetric(db, 'storage', { unit_cost: null }, options);
    expect(await apiError(patch({ unit_cost_currency: 'usd' }))).toMatchObject({ status: 422, fields: ['unit_cost_currency'], messages: ['the metric has no unit_cost; give unit_cost with it'] });
    expect(await apiError(updateMetric(db, 'nope', { name: 'Nope' }, options))).toMatchObject({ status: 404, code: 'not_found' });
  });
});
