// Metering end to end on a real database: ingestion exactly once, aggregation per metric type at
// period edges, the invoiced-period lock, corrections, the usage summary, snapshots and the chart.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JwtClaims } from '@/lib/auth/claims';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { asUser } from '@/lib/db/as-user';
import { selectRows, type Database } from '@/lib/db/client';
import { billingPeriods, customers, subscriptions } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { describeEachEngine } from '@/test/test-database';
import { correctUsageEvent } from './correct-usage-event';
import { dailyUsageSeries } from './daily-usage';
import { ingestUsageEvents } from './ingest-usage-events';
import { measureUsage, measureUsageBatch } from './measure-usage';
import { snapshotOpenPeriod } from './capture-usage-snapshot';
import { parseUsageEvent, parseUsageEventsBody, type UsageEventInput } from './usage-event-schema';
import { lockCustomerForPeriodClose } from './usage-period-lock';
import { getUsageSummary } from './usage-summary';
import { DAY_MS } from '@/lib/time/utc-day';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;

/** Events as an operator would send them, parsed by the same schema the route uses. */
function ev(raw: Record<string, unknown>): UsageEventInput {
  const parsed = parseUsageEvent(raw);
  if ('errors' in parsed) throw new Error(`test event is not valid: ${JSON.stringify(parsed.errors)}`);
  return parsed.event;
}
const shapeErrors = (raw: Record<string, unknown>) => {
  const parsed = parseUsageEvent(raw);
  return 'errors' in parsed ? parsed.errors : [];
};

async function validationDetails(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (error instanceof BillingError) return { status: error.status, details: error.details };
    throw error;
  }
  throw new Error('expected a BillingError');
}

async function count(database: Database, table: string): Promise<number> {
  const [row] = await selectRows<{ n: string | number }>(database.db, sql.raw(`select count(*) as n from ${table}`));
  return Number(row!.n);
}

describeEachEngine('usage metering', (get, engine) => {
  let customerA: string;
  let customerB: string;
  let userA: string;

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    await createMetric(db, { code: 'requests', name: 'Requests', unit: 'request', aggregation: 'count' });
    await createMetric(db, { code: 'peak_connections', name: 'Peak connections', unit: 'connection', aggregation: 'max' });
    await createMetric(db, { code: 'seats', name: 'Seats', unit: 'seat', aggregation: 'latest', dimensions: ['tier'] });
    await createMetric(db, { code: 'active_users', name: 'Active users', unit: 'user', aggregation: 'unique_count', property: 'user_id' });
    await createMetric(db, { code: 'ai_credits', name: 'AI credits', unit: 'credit', aggregation: 'sum' });
    await get().installation.db.execute(sql`insert into auth.users (id, email) values ('00000000-0000-4000-8000-00000000000a', 'a@example.com')`);
    userA = '00000000-0000-4000-8000-00000000000a';
    const [a] = await db
      .insert(customers)
      .values({ name: 'A', email: 'a@example.com', externalId: 'cust-a', currency: 'usd', userId: userA, taxRate: '0.21' })
      .returning();
    const [b] = await db.insert(customers).values({ name: 'B', email: 'b@example.com', externalId: 'cust-b', currency: 'usd' }).returning();
    customerA = a!.id;
    customerB = b!.id;
  });

  describe('ingestion', () => {
    it('records a batch once: a retry counts only duplicates', async () => {
      const batch = [1, 2, 3].map((n) => ev({ id: `retry-${n}`, customer_id: customerB, metric: 'api_calls', quantity: n * 10, timestamp: '2026-11-20T08:00:00Z' }));
      expect(await ingestUsageEvents(get(), batch, { now: NOW })).toEqual({ accepted: 3, duplicates: 0 });
      expect(await ingestUsageEvents(get(), batch, { now: NOW })).toEqual({ accepted: 0, duplicates: 3 });
      const usage = await measureUsage(get().db, { customerId: customerB, from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
      expect(usage.api_calls).toBe('60');
    });

    it('counts the same id twice in one batch once, the first occurrence winning', async () => {
      const batch = [
        ev({ id: 'twice', customer_id: customerB, metric: 'api_calls', quantity: 5, timestamp: '2026-11-19T08:00:00Z' }),
        ev({ id: 'twice', customer_id: customerB, metric: 'api_calls', quantity: 500, timestamp: '2026-11-19T08:00:00Z' }),
      ];
      expect(await ingestUsageEvents(get(), batch, { now: NOW })).toEqual({ accepted: 1, duplicates: 1 });
      const usage = await measureUsage(get().db, { customerId: customerB, from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') });
      expect(usage.api_calls).toBe('5');
    });

    it('names customers by our id or the operator’s external id', async () => {
      const result = await ingestUsageEvents(
        get(),
        [ev({ id: 'ext-1', external_customer_id: 'cust-b', metric: 'requests', timestamp: '2026-11-18T01:00:00Z' })],
        { now: NOW },
      );
      expect(result.accepted).toBe(1);
      const [row] = await selectRows<{ customer_id: string }>(get().db, sql`select customer_id from usage_events where event_id = 'ext-1'`);
      expect(row!.customer_id).toBe(customerB);
    });

    it('counts every event exactly once when the same batch is retried concurrently', async () => {
      const batch = Array.from({ length: 300 }, (_, i) =>
        ev({ id: `conc-${i}`, customer_id: customerB, metric: 'api_calls', quantity: '0.5', timestamp: `2026-11-1${i % 3}T0${i % 10}:00:00Z` }),
      );
      const results = await Promise.all(Array.from({ length: 8 }, () => ingestUsageEvents(get(), batch, { now: NOW })));
      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(300);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(7 * 300);
      const usage = await measureUsage(get().db, { customerId: customerB, from: new Date('2026-11-10T00:00:00Z'), to: new Date('2026-11-13T00:00:00Z') });
      expect(usage.api_calls).toBe('150');
      const [rollups] = await selectRows<{ n: string | number }>(
        get().db,
        sql`select sum(event_count) as n from usage_rollups where customer_id = ${customerB} and day between '2026-11-10' and '2026-11-12'`,
      );
      expect(Number(rollups!.n)).toBe(300);
    });
  });

  describe('validation writes nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown customer', { customer_id: '00000000-0000-4000-8000-000000000999' }, 'customer_id'],
      ['an unknown external customer', { customer_id: undefined, external_customer_id: 'nobody' }, 'external_customer_id'],
      ['an unknown metric', { metric: 'no_such_metric' }, 'metric'],
      ['a timestamp more than 5 minutes ahead', { timestamp: new Date(NOW.getTime() + 5 * 60_000 + 1000).toISOString() }, 'timestamp'],
      ['a unique_count event without its property', { metric: 'active_users' }, 'properties.user_id'],
    ];
    for (const [what, override, field] of cases) {
      it(`refuses a batch holding ${what}, naming the index and field`, async () => {
        const before = await count(get(), 'usage_events');
        const rollupsBefore = await count(get(), 'usage_rollups');
        const good = ev({ id: `good-${field}`, customer_id: customerA, metric: 'api_calls', quantity: 1, timestamp: '2026-11-21T00:00:00Z' });
        const bad = ev({ id: `bad-${field}`, customer_id: customerA, metric: 'api_calls', quantity: 1, timestamp: '2026-11-21T00:00:00Z', ...override });
        const { status, details } = await validationDetails(ingestUsageEvents(get(), [good, bad], { now: NOW }));
        expect(status).toBe(422);
        expect(details).toContainEqual(expect.objectContaining({ index: 1, field }));
        expect(await count(get(), 'usage_events')).toBe(before);
        expect(await count(get(), 'usage_rollups')).toBe(rollupsBefore);
      });
    }

    it('accepts a timestamp up to 5 minutes ahead', async () => {
      const at = new Date(NOW.getTime() + 4 * 60_000).toISOString();
      expect((await ingestUsageEvents(get(), [ev({ id: 'skew-ok', customer_id: customerB, metric: 'requests', timestamp: at })], { now: NOW })).accepted).toBe(1);
    });

    it('rejects malformed quantities, timestamps, ids and properties before the database, naming the field', () => {
      const base = { id: 'x', customer_id: customerA, metric: 'api_calls' };
      for (const quantity of [-1, '-1', 'NaN', '1e3', 1e21, '1.1234567', '10000000000000000', Infinity, '', null, true]) {
        expect(shapeErrors({ ...base, quantity }), `quantity ${String(quantity)}`).toEqual([{ field: 'quantity', message: expect.any(String) }]);
      }
      for (const timestamp of ['2026-11-21T10:00:00', 'yesterday', '2026-13-01T00:00:00Z', 1.5, -1, null]) {
        expect(shapeErrors({ ...base, timestamp }), `timestamp ${String(timestamp)}`).toEqual([{ field: 'timestamp', message: expect.any(String) }]);
      }
      expect(shapeErrors({ ...base, customer_id: 'cust-a' })).toContainEqual(expect.objectContaining({ field: 'customer_id' }));
      expect(shapeErrors({ ...base, external_customer_id: 'cust-a' })).toContainEqual(expect.objectContaining({ field: 'customer_id' }));
      expect(shapeErrors({ metric: 'api_calls', customer_id: customerA })).toEqual([{ field: 'id', message: 'is required' }]);
      expect(shapeErrors({ ...base, id: '   ' })).toEqual([{ field: 'id', message: expect.any(String) }]);
      expect(shapeErrors({ ...base, properties: { nested: { a: 1 } } })).toEqual([{ field: 'properties.nested', message: expect.any(String) }]);
      expect(shapeErrors({ ...base, properties: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])) })).toEqual([
        { field: 'properties', message: 'may hold at most 32 properties' },
      ]);
      expect(ev({ ...base, quantity: 0.1 }).quantity).toBe('0.1');
      expect(ev({ ...base, timestamp: 1_790_000_000 }).timestamp).toBe('2026-09-21T14:13:20.000Z');
      expect(ev({ ...base, timestamp: '2026-10-31' }).timestamp).toBe('2026-10-31T00:00:00Z');
    });

    it('reports every bad event of a batch with its index, and a bad batch shape on events', () => {
      const good = { id: 'g', customer_id: customerA, metric: 'api_calls' };
      expect(parseUsageEventsBody({ events: [good, { ...good, quantity: -2 }, { ...good, id: undefined, timestamp: 'soon' }] })).toEqual({
        batch: true,
        details: [
          { index: 1, field: 'quantity', message: expect.stringContaining('negative') },
          { index: 2, field: 'id', message: 'is required' },
          { index: 2, field: 'timestamp', message: expect.any(String) },
        ],
      });
      for (const events of [[], 'x', Array.from({ length: 1001 }, () => good)]) {
        expect(parseUsageEventsBody({ events })).toEqual({ batch: true, details: [{ field: 'events', message: expect.any(String) }] });
      }
      expect(parseUsageEventsBody([good])).toEqual({ batch: false, details: [{ field: '', message: expect.any(String) }] });
      expect(parseUsageEventsBody(good)).toEqual({ batch: false, events: [{ id: 'g', customer_id: customerA, metric: 'api_calls' }] });
    });
  });

  describe('aggregation at period boundaries', () => {
    // A customer of their own so earlier tests' events do not interfere.
    let c: string;
    beforeAll(async () => {
      const [row] = await get().db.insert(customers).values({ name: 'Edges', email: 'e@example.com', currency: 'usd' }).returning();
      c = row!.id;
      const at = (id: string, timestamp: string, metric: string, quantity: string | number, properties?: Record<string, string>) =>
        ev({ id, customer_id: c, metric, quantity, timestamp, properties });
      await ingestUsageEvents(
        get(),
        [
          at('sep-last', '2026-09-30T23:59:59.999Z', 'api_calls', 1000),
          at('oct-first', '2026-10-01T00:00:00.000Z', 'api_calls', 1),
          at('oct-mid', '2026-10-15T12:00:00.000Z', 'api_calls', 20),
          at('oct-last', '2026-10-31T23:59:59.999Z', 'api_calls', 300),
          at('nov-first', '2026-11-01T00:00:00.000Z', 'api_calls', 4000),
          at('r1', '2026-09-30T23:59:59.999Z', 'requests', 1),
          at('r2', '2026-10-01T00:00:00.000Z', 'requests', 1),
          at('r3', '2026-10-31T23:59:59.999Z', 'requests', 1),
          at('p1', '2026-09-30T23:59:59.999Z', 'peak_connections', 99),
          at('p2', '2026-10-01T00:00:00.000Z', 'peak_connections', 7),
          at('p3', '2026-10-31T23:59:59.999Z', 'peak_connections', 12),
          at('p4', '2026-11-01T00:00:00.000Z', 'peak_connections', 50),
          at('s1', '2026-10-01T00:00:00.000Z', 'seats', 10, { tier: 'basic' }),
          at('s2', '2026-10-20T00:00:00.000Z', 'seats', 4, { tier: 'basic' }),
          at('s3', '2026-10-31T23:59:59.999Z', 'seats', 6, { tier: 'pro' }),
          at('s4', '2026-11-01T00:00:00.000Z', 'seats', 50, { tier: 'pro' }),
          at('u1', '2026-09-30T23:59:59.999Z', 'active_users', 1, { user_id: 'zoe' }),
          at('u2', '2026-10-01T00:00:00.000Z', 'active_users', 1, { user_id: 'ann' }),
          at('u3', '2026-10-10T00:00:00.000Z', 'active_users', 1, { user_id: 'ann' }),
          at('u4', '2026-10-31T23:59:59.999Z', 'active_users', 1, { user_id: 'bob' }),
          at('u5', '2026-11-01T00:00:00.000Z', 'active_users', 1, { user_id: 'cat' }),
        ],
        { now: NOW },
      );
    });

    it('puts an event at 23:59:59.999 on the last day in that period and one at 00:00 in the next', async () => {
      const october = await measureUsage(get().db, {
        customerId: c,
        from: new Date('2026-10-01T00:00:00Z'),
        to: new Date('2026-11-01T00:00:00Z'),
        requests: [{ metric: 'seats', filters: { tier: 'pro' } }, { metric: 'seats', filters: { tier: 'basic' } }],
      });
      expect(october).toMatchObject({
        api_calls: '321',
        requests: '2',
        peak_connections: '12',
        seats: '10', // latest per tier: 4 basic + 6 pro
        'seats{tier=basic}': '4',
        'seats{tier=pro}': '6',
        active_users: '2', // ann (twice) and bob
      });
      const november = await measureUsage(get().db, { customerId: c, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
      expect(november).toMatchObject({ api_calls: '4000', requests: '0', peak_connections: '50', seats: '50', active_users: '1' });
    });

    it('reads periods that start and end inside a day from raw events at the edges', async () => {
      const mid = await measureUsage(get().db, { customerId: c, from: new Date('2026-10-15T12:00:00Z'), to: new Date('2026-11-01T00:00:00.001Z') });
      expect(mid).toMatchObject({ api_calls: '4320', peak_connections: '50', active_users: '2', seats: '54' });
      const justBefore = await measureUsage(get().db, { customerId: c, from: new Date('2026-10-15T00:00:00Z'), to: new Date('2026-10-15T12:00:00Z') });
      expect(justBefore.api_calls).toBe('0');
      const within = await measureUsage(get().db, { customerId: c, from: new Date('2026-10-31T23:59:59.999Z'), to: new Date('2026-11-01T00:00:00Z') });
      expect(within).toMatchObject({ api_calls: '300', requests: '1', active_users: '1' });
    });

    it('merges rollup shards written by separate batches, keeping the latest gauge reading', async () => {
      const day = { customerId: c, from: new Date('2026-10-25T00:00:00Z'), to: new Date('2026-10-26T00:00:00Z') };
      await ingestUsageEvents(get(), [ev({ id: 'sh-1', customer_id: c, metric: 'seats', quantity: 8, timestamp: '2026-10-25T18:00:00Z', properties: { tier: 'basic' } })], { now: NOW });
      await ingestUsageEvents(get(), [ev({ id: 'sh-2', customer_id: c, metric: 'seats', quantity: 3, timestamp: '2026-10-25T06:00:00Z', properties: { tier: 'basic' } })], { now: NOW });
      const [shards] = await selectRows<{ n: string | number }>(get().db, sql`select count(distinct shard) as n from usage_rollups where customer_id = ${c} and day = '2026-10-25'`);
      expect(Number(shards!.n)).toBe(2);
      expect((await measureUsage(get().db, day)).seats).toBe('8');
      const series = await dailyUsageSeries(get().db, { customerId: c, from: '2026-10-25', to: '2026-10-25', metric: 'seats' });
      expect(series[0]!.points).toEqual([{ day: '2026-10-25', quantity: '8' }]);
      await correctUsageEvent(get().db, { action: 'void', customer_id: c, event_id: 'sh-1', reason: 'wrong tenant' }, { actor: ADMIN, now: NOW });
      expect((await measureUsage(get().db, day)).seats).toBe('3');
      await correctUsageEvent(get().db, { action: 'void', customer_id: c, event_id: 'sh-2', reason: 'wrong tenant' }, { actor: ADMIN, now: NOW });
      expect((await measureUsage(get().db, day)).seats).toBe('0');
      const [left] = await selectRows<{ n: string | number }>(get().db, sql`select count(*) as n from usage_rollups where customer_id = ${c} and day = '2026-10-25'`);
      expect(Number(left!.n)).toBe(0);
    });

    it('gives the chart one point per day following each aggregation', async () => {
      const series = await dailyUsageSeries(get().db, { customerId: c, from: '2026-09-30', to: '2026-11-01' });
      const points = (metric: string) => Object.fromEntries(series.find((s) => s.metric === metric)!.points.map((p) => [p.day, p.quantity]));
      expect(series.find((s) => s.metric === 'api_calls')!.points).toHaveLength(33);
      expect(points('api_calls')).toMatchObject({ '2026-09-30': '1000', '2026-10-01': '1', '2026-10-02': '0', '2026-10-31': '300', '2026-11-01': '4000' });
      expect(points('active_users')).toMatchObject({ '2026-10-01': '1', '2026-10-10': '1', '2026-10-31': '1' });
      expect(points('peak_connections')['2026-09-30']).toBe('99');
    });
  });

  describe('aggregation matches a brute-force count over raw events', () => {
    let c: string;
    type Raw = { metric: string; quantity: number; at: number; tier?: string; user?: string };
    const raw: Raw[] = [];
    // a small deterministic generator, so a failure reproduces
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const OCT = Date.parse('2026-10-01T00:00:00Z');
    const SPAN = 45 * DAY_MS;

    beforeAll(async () => {
      const [row] = await get().db.insert(customers).values({ name: 'Random', email: 'r@example.com', currency: 'usd' }).returning();
      c = row!.id;
      const metrics = ['api_calls', 'requests', 'peak_connections', 'seats', 'active_users'];
      const events: UsageEventInput[] = [];
      for (let i = 0; i < 400; i++) {
        const metric = metrics[i % metrics.length]!;
        const r: Raw = { metric, quantity: Math.floor(rand() * 1000) / 100, at: OCT + Math.floor(rand() * SPAN) };
        if (metric === 'seats') r.tier = rand() < 0.5 ? 'basic' : 'pro';
        if (metric === 'active_users') r.user = `user-${Math.floor(rand() * 30)}`;
        raw.push(r);
        const properties: Record<string, string> = {};
        if (r.tier) properties.tier = r.tier;
        if (r.user) properties.user_id = r.user;
        events.push(ev({ id: `rand-${i}`, customer_id: c, metric, quantity: String(r.quantity), timestamp: new Date(r.at).toISOString(), properties }));
      }
      await ingestUsageEvents(get(), events, { now: NOW });
    });

    function bruteForce(from: number, to: number, metric: string, tier?: string): string {
      const inRange = raw.filter((r) => r.metric === metric && r.at >= from && r.at < to && (tier === undefined || r.tier === tier));
      const cents = (n: number) => Math.round(n * 100);
      const fmt = (centsValue: number) => String(centsValue / 100);
      switch (metric) {
        case 'api_calls':
          return fmt(inRange.reduce((sum, r) => sum + cents(r.quantity), 0));
        case 'requests':
          return String(inRange.length);
        case 'peak_connections':
          return fmt(inRange.reduce((max, r) => Math.max(max, cents(r.quantity)), 0));
        case 'seats': {
          let total = 0;
          for (const t of ['basic', 'pro']) {
            const last = inRange.filter((r) => r.tier === t).sort((a, b) => b.at - a.at)[0];
            if (last) total += cents(last.quantity);
          }
          return fmt(total);
        }
        default:
          return String(new Set(inRange.map((r) => r.user)).size);
      }
    }

    it('agrees for 25 ranges with boundaries at arbitrary milliseconds', async () => {
      for (let i = 0; i < 25; i++) {
        const a = OCT - DAY_MS + Math.floor(rand() * (SPAN + 2 * DAY_MS));
        const b = a + Math.floor(rand() * 40 * DAY_MS);
        const measured = await measureUsage(get().db, {
          customerId: c,
          from: new Date(a),
          to: new Date(b),
          requests: [{ metric: 'seats', filters: { tier: 'pro' } }],
        });
        const range = `${new Date(a).toISOString()} – ${new Date(b).toISOString()}`;
        for (const metric of ['api_calls', 'requests', 'peak_connections', 'seats', 'active_users']) {
          expect(measured[metric], `${metric} in ${range}`).toBe(bruteForce(a, b, metric));
        }
        expect(measured['seats{tier=pro}'], `pro seats in ${range}`).toBe(bruteForce(a, b, 'seats', 'pro'));
      }
    });

    it('agrees when 25 ranges are measured in one batch, as billing measures its periods', async () => {
      // different ranges in one query, one inside a single day (raw events only), all one customer's
      const ranges = Array.from({ length: 24 }, () => {
        const a = OCT - 86_400_000 + Math.floor(rand() * (SPAN + 2 * 86_400_000));
        return { a, b: a + Math.floor(rand() * 40 * 86_400_000) };
      });
      ranges.push({ a: OCT + 5.5 * 86_400_000, b: OCT + 5.75 * 86_400_000 });
      const measured = await measureUsageBatch(
        get().db,
        ranges.map(({ a, b }, i) => ({ key: `r${i}`, customerId: c, from: new Date(a), to: new Date(b), requests: [{ metric: 'seats', filters: { tier: 'pro' } }] })),
      );
      ranges.forEach(({ a, b }, i) => {
        const usage = measured.get(`r${i}`)!;
        const range = `${new Date(a).toISOString()} – ${new Date(b).toISOString()}`;
        for (const metric of ['api_calls', 'requests', 'peak_connections', 'seats', 'active_users']) {
          expect(usage[metric], `${metric} in ${range}`).toBe(bruteForce(a, b, metric));
        }
        expect(usage['seats{tier=pro}'], `pro seats in ${range}`).toBe(bruteForce(a, b, 'seats', 'pro'));
      });
    });
  });

  describe('invoiced periods and corrections', () => {
    let c: string;
    beforeAll(async () => {
      const { db } = get();
      const [row] = await db.insert(customers).values({ name: 'Locked', email: 'l@example.com', currency: 'usd' }).returning();
      c = row!.id;
      const plan = await createPlan(db, { code: 'lock_plan', name: 'Lock', currency: 'usd', interval: 'month', charges: [{ metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] });
      const [sub] = await db
        .insert(subscriptions)
        .values({ customerId: c, planId: plan.id, startDate: new Date('2026-10-01T00:00:00Z'), currentPeriodStart: new Date('2026-11-01T00:00:00Z'), currentPeriodEnd: new Date('2026-12-01T00:00:00Z') })
        .returning();
      await ingestUsageEvents(
        get(),
        [
          ev({ id: 'oct-call', customer_id: c, metric: 'api_calls', quantity: 10, timestamp: '2026-10-20T00:00:00Z' }),
          ev({ id: 'nov-call', customer_id: c, metric: 'api_calls', quantity: 10, timestamp: '2026-11-20T00:00:00Z' }),
          ev({ id: 'nov-user', customer_id: c, metric: 'active_users', timestamp: '2026-11-20T00:00:00Z', properties: { user_id: 'u1' } }),
          ev({ id: 'nov-user-2', customer_id: c, metric: 'active_users', timestamp: '2026-11-20T01:00:00Z', properties: { user_id: 'u2' } }),
        ],
        { now: NOW },
      );
      // a second batch: its rollup lands in another shard of the same day's row
      await ingestUsageEvents(get(), [ev({ id: 'nov-call-2', customer_id: c, metric: 'api_calls', quantity: 5, timestamp: '2026-11-20T03:00:00Z' })], { now: NOW });
      await db.insert(billingPeriods).values({
        subscriptionId: sub!.id,
        customerId: c,
        planId: plan.id,
        periodStart: new Date('2026-10-01T00:00:00Z'),
        periodEnd: new Date('2026-11-01T00:00:00Z'),
        status: 'invoiced',
      });
    });

    it('refuses new events inside an invoiced period and accepts them after it', async () => {
      const late = ev({ id: 'late', customer_id: c, metric: 'api_calls', quantity: 1, timestamp: '2026-10-31T23:59:59.999Z' });
      const { status, details } = await validationDetails(ingestUsageEvents(get(), [late], { now: NOW, batch: false }));
      expect(status).toBe(422);
      expect(details[0]).toMatchObject({ field: 'timestamp' });
      const onTime = ev({ id: 'on-time', customer_id: c, metric: 'api_calls', quantity: 1, timestamp: '2026-11-01T00:00:00Z' });
      expect((await ingestUsageEvents(get(), [onTime], { now: NOW })).accepted).toBe(1);
    });

    it('refuses to correct an event in an invoiced period', async () => {
      const { status } = await validationDetails(
        correctUsageEvent(get().db, { action: 'void', customer_id: c, event_id: 'oct-call', reason: 'duplicate report' }, { actor: ADMIN, now: NOW }),
      );
      expect(status).toBe(409);
    });

    it('voids and adjusts events in the open period, recomputing rollups and writing the audit log', async () => {
      const day = { customerId: c, from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
      expect((await measureUsage(get().db, day)).api_calls).toBe('15');
      await correctUsageEvent(get().db, { action: 'adjust', customer_id: c, event_id: 'nov-call', quantity: '2.5', reason: 'sender double-counted' }, { actor: ADMIN, now: NOW });
      expect((await measureUsage(get().db, day)).api_calls).toBe('7.5');
      await correctUsageEvent(get().db, { action: 'void', customer_id: c, event_id: 'nov-call-2', reason: 'test traffic' }, { actor: ADMIN, now: NOW });
      await correctUsageEvent(get().db, { action: 'void', customer_id: c, event_id: 'nov-user-2', reason: 'test user' }, { actor: ADMIN, now: NOW });
      expect(await measureUsage(get().db, day)).toMatchObject({ api_calls: '2.5', active_users: '1' });
      const again = await validationDetails(
        correctUsageEvent(get().db, { action: 'void', customer_id: c, event_id: 'nov-call-2', reason: 'again' }, { actor: ADMIN, now: NOW }),
      );
      expect(again.status).toBe(409);
      const audit = await selectRows<{ action: string; details: { reason: string; quantity_before: string } }>(
        get().db,
        sql`select action, details from audit_log where customer_id = ${c} order by id`,
      );
      expect(audit.map((a) => a.action)).toEqual(['usage_event.adjusted', 'usage_event.voided', 'usage_event.voided']);
      expect(audit[0]!.details).toMatchObject({ reason: 'sender double-counted', quantity_before: '10', quantity_after: '2.5' });
      // a retry of the voided event stays a duplicate: voiding does not free its id
      const retry = await ingestUsageEvents(get(), [ev({ id: 'nov-call-2', customer_id: c, metric: 'api_calls', quantity: 5, timestamp: '2026-11-20T03:00:00Z' })], { now: NOW });
      expect(retry).toEqual({ accepted: 0, duplicates: 1 });
    });

    if (engine === 'postgres') {
      it('makes a batch that races a period close wait for it and then refuse the closed period', async () => {
        const database = get();
        // The billing side of the protocol: the exclusive usage lock, then the period closes.
        let releaseClose!: () => void;
        const closeMayCommit = new Promise<void>((resolve) => (releaseClose = resolve));
        let closing!: () => void;
        const closeStarted = new Promise<void>((resolve) => (closing = resolve));
        const close = database.db.transaction(async (tx) => {
          await lockCustomerForPeriodClose(tx, c);
          await tx.execute(sql`update billing_periods set period_end = '2026-11-15T00:00:00Z' where customer_id = ${c}`);
          closing();
          await closeMayCommit;
        });
        await closeStarted;
        const racing = ingestUsageEvents(database, [ev({ id: 'racing', customer_id: c, metric: 'api_calls', quantity: 1, timestamp: '2026-11-10T00:00:00Z' })], { now: NOW });
        let settled = false;
        void racing.then(() => (settled = true), () => (settled = true));
        await new Promise((r) => setTimeout(r, 200));
        expect(settled).toBe(false); // waiting on the customer lock
        releaseClose();
        await close;
        const { status } = await validationDetails(racing);
        expect(status).toBe(422);
        await database.db.execute(sql`update billing_periods set period_end = '2026-11-01T00:00:00Z' where customer_id = ${c}`);
      });
    }
  });

  describe('usage summary, estimate and snapshots', () => {
    let c: string;
    beforeAll(async () => {
      const { db } = get();
      // the Ops Center's Professional tier: $99 base, 500 credits included, $2.00 per 1,000 after
      const plan = await createPlan(db, {
        code: 'ops_pro',
        name: 'Professional',
        currency: 'usd',
        interval: 'month',
        charges: [
          { metric: null, model: 'flat', amount: '99', description: 'Professional plan' },
          { metric: 'ai_credits', model: 'per_unit', unit_price: '0.002', included_units: '500', description: 'AI credits over 500' },
          { metric: 'seats', model: 'per_unit', unit_price: '10', filters: { tier: 'pro' }, description: 'Pro seats' },
        ],
      });
      c = customerA;
      await db.insert(subscriptions).values({
        customerId: c,
        planId: plan.id,
        startDate: new Date('2026-10-05T00:00:00Z'),
        currentPeriodStart: new Date('2026-11-05T00:00:00Z'),
        currentPeriodEnd: new Date('2026-12-05T00:00:00Z'),
      });
      await ingestUsageEvents(
        get(),
        [
          ev({ id: 'cr-old', customer_id: c, metric: 'ai_credits', quantity: 1000, timestamp: '2026-11-04T23:00:00Z' }),
          ev({ id: 'cr-1', customer_id: c, metric: 'ai_credits', quantity: 500, timestamp: '2026-11-06T10:00:00Z' }),
          ev({ id: 'cr-2', customer_id: c, metric: 'ai_credits', quantity: 85, timestamp: '2026-11-22T09:00:00Z' }),
          ev({ id: 'seat-1', customer_id: c, metric: 'seats', quantity: 3, timestamp: '2026-11-22T09:00:00Z', properties: { tier: 'pro' } }),
          ev({ id: 'seat-2', customer_id: c, metric: 'seats', quantity: 7, timestamp: '2026-11-22T09:00:00Z', properties: { tier: 'basic' } }),
        ],
        { now: NOW },
      );
    });

    it('shows the Ops Center credits shape: 585 used of 500 included costs $0.17', async () => {
      const summary = await getUsageSummary(get().db, { customerId: c, now: NOW, includeEstimate: true, defaultTaxRate: '0.21' });
      expect(summary.period).toEqual({ start: '2026-11-05T00:00:00.000Z', end: '2026-12-05T00:00:00.000Z' });
      expect(summary.metrics.find((m) => m.code === 'ai_credits')).toEqual({
        code: 'ai_credits', key: 'ai_credits', name: 'AI credits over 500', unit: 'credit',
        quantity: '585', included: '500', remaining: '0', overage: '85', overage_amount: '0.17', currency: 'usd',
      });
      expect(summary.metrics.find((m) => m.code === 'seats')).toMatchObject({ key: 'seats{tier=pro}', quantity: '3', overage_amount: '30.00' });
      expect(summary.today.ai_credits).toBe('85');
      expect(summary.month.ai_credits).toBe('1585');
      expect(summary.estimate).toMatchObject({ subtotal: '129.17', tax: '27.13', total: '156.30', tax_rate: '0.21', trial: false, basis: 'usage_to_date' });
      expect(summary.estimate!.lines.map((l) => l.amount)).toEqual(['99.00', '0.17', '30.00']);
    });

    it('lets a customer read only their own usage, under RLS', async () => {
      const claims: JwtClaims = { sub: userA, role: 'authenticated', aud: 'authenticated', email: 'a@example.com', app_metadata: {} };
      const own = await asUser(get().db, claims, (tx) => getUsageSummary(tx, { customerId: customerA, now: NOW, includeEstimate: false, defaultTaxRate: '0.21' }));
      expect(own.month.ai_credits).toBe('1585');
      await expect(
        asUser(get().db, claims, (tx) => getUsageSummary(tx, { customerId: customerB, now: NOW, includeEstimate: false, defaultTaxRate: '0.21' })),
      ).rejects.toMatchObject({ status: 404 });
      const foreign = await asUser(get().db, claims, (tx) =>
        measureUsage(tx, { customerId: customerB, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') }),
      );
      expect(foreign.api_calls).toBe('0');
      const series = await asUser(get().db, claims, (tx) => dailyUsageSeries(tx, { customerId: customerB, from: '2026-11-10', to: '2026-11-20', metric: 'api_calls' }));
      expect(series[0]!.points.every((p) => p.quantity === '0')).toBe(true);
    });

    it('captures a snapshot of the open period with every charge key', async () => {
      const snapshot = await snapshotOpenPeriod(get().db, { customerId: c, now: NOW, actor: ADMIN });
      expect(snapshot).toMatchObject({ kind: 'manual', period_start: '2026-11-05T00:00:00.000Z', period_end: '2026-12-05T00:00:00.000Z' });
      expect(snapshot.usage).toMatchObject({ ai_credits: '585', 'seats{tier=pro}': '3', seats: '10' });
    });
  });
});
