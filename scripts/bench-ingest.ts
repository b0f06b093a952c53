// npm run bench:ingest — the ingestion benchmark (issue: usage metering).
//
// Starts the production server (`next start`) on a fresh database on a real PostgreSQL, then:
//   1. sends 1,000-event batches from several concurrent clients for a fixed time (new events);
//   2. resends a share of those batches (every event a duplicate);
//   3. inserts the same rows with a bare multi-row INSERT straight into PostgreSQL, same concurrency,
//      into a copy of usage_events with the same indexes: the ceiling our endpoint is compared with.
// Prints events/s, p50/p99 batch latency, the server's peak memory, the ceiling and our share of it,
// and checks the stored counts match what was accepted.
//
// Environment: DATABASE_URL (a server to create the bench database on; default the local
// postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (20), BENCH_CLIENTS (8),
// BENCH_DUPLICATE_SHARE (0.25), BENCH_CUSTOMERS (200), BENCH_SKIP_BUILD=1 to reuse .next,
// BENCH_ALERT_RULES (0): that many enabled alert rules, mixing kinds, windows and scopes, some of whose
// thresholds the run crosses, with every customer on a usd plan so the money rules have charges to
// count. The server evaluates them after each response as in production (lib/alerts), so comparing
// BENCH_ALERT_RULES=0 with =50 shows what the evaluation costs ingestion.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { openPostgres } from '@/lib/db/client';
import { alertRules, DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { migrate } from '@/lib/db/migrate';
import { cpuSnapshot, cpuUsedBetween, treeRssBytes } from './bench-process-stats';

const root = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const DUPLICATE_SHARE = Number(process.env.BENCH_DUPLICATE_SHARE ?? 0.25);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const ALERT_RULES = Number(process.env.BENCH_ALERT_RULES ?? 0);
const BATCH = 1000;
const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

const log = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Event = { id: string; customer_id: string; metric: string; quantity: string; timestamp: string; properties: Record<string, string> };

function makeBatches(count: number, customerIds: string[], startAt: number): Event[][] {
  const metrics = ['api_calls', 'api_calls', 'api_calls', 'ai_credits', 'storage_gb'];
  const batches: Event[][] = [];
  for (let b = 0; b < count; b++) {
    const events: Event[] = [];
    for (let i = 0; i < BATCH; i++) {
      const n = b * BATCH + i;
      events.push({
        id: `bench-${b}-${i}-${randomBytes(4).toString('hex')}`,
        customer_id: customerIds[n % customerIds.length]!,
        metric: metrics[n % metrics.length]!,
        quantity: String((n % 97) + 1) + '.25',
        timestamp: new Date(startAt - (n % 3_600_000)).toISOString(),
        properties: { endpoint: `/v1/items/${n % 13}`, region: n % 2 ? 'eu-west-1' : 'us-east-1' },
      });
    }
    batches.push(events);
  }
  return batches;
}

type PhaseResult = { events: number; accepted: number; duplicates: number; seconds: number; latencies: number[]; sent: number[] };

// node:http with keep-alive and bodies encoded once: the clients share the machine's cores with the
// server and PostgreSQL, so they should spend as little CPU as a client can.
function post(agent: http.Agent, url: URL, key: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runPhase(url: URL, key: string, bodies: Buffer[], order: number[], seconds: number | null): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let next = 0;
  const latencies: number[] = [];
  const sent: number[] = [];
  let accepted = 0;
  let duplicates = 0;
  const started = performance.now();
  const deadline = seconds === null ? Infinity : started + seconds * 1000;
  async function client() {
    while (performance.now() < deadline && next < order.length) {
      const index = order[next++]!;
      const t0 = performance.now();
      const response = await post(agent, url, key, bodies[index]!);
      if (response.status !== 200) throw new Error(`batch ${index}: HTTP ${response.status} ${response.text.slice(0, 500)}`);
      const body = JSON.parse(response.text) as { accepted: number; duplicates: number };
      latencies.push(performance.now() - t0);
      sent.push(index);
      accepted += body.accepted;
      duplicates += body.duplicates;
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client));
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  return { events: sent.length * BATCH, accepted, duplicates, seconds: elapsed, latencies: latencies.sort((a, b) => a - b), sent };
}

async function bareInsertCeiling(url: string, batches: Event[][], metricIds: Map<string, string>, serverPid: number) {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  await pool.query('create table bench_ceiling (like usage_events including defaults including indexes including constraints)');
  // open every connection before the clock starts, as the server's pool already is
  await Promise.all(Array.from({ length: CLIENTS }, () => pool.query('select 1')));
  const cpuBefore = cpuSnapshot();
  const clientBefore = process.cpuUsage();
  // every column our insert writes, workspace_id included (the copy's default reads a scope it has not got)
  const columns = 8;
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < batches.length) {
      const events = batches[next++]!;
      const params: unknown[] = [];
      const rows: string[] = [];
      events.forEach((e, i) => {
        const o = i * columns;
        rows.push(`($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8})`);
        params.push(DEFAULT_WORKSPACE_ID, e.customer_id, metricIds.get(e.metric), e.id, e.quantity, e.timestamp, JSON.stringify(e.properties), '');
      });
      await pool.query(
        `insert into bench_ceiling (workspace_id, customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension) values ${rows.join(', ')}`,
        params,
      );
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientBefore);
  const cpu = cpuUsedBetween(cpuBefore, cpuSnapshot(), serverPid);
  await pool.end();
  return { events: batches.length * BATCH, seconds, postgresCpu: cpu.postgres, clientCpu };
}

/**
 * `count` enabled alert rules cycling through kinds, windows and scopes: every customer, one customer,
 * all together; some crossed within seconds (a customer's 5,000 calls a day, $50 of usage a day), some
 * never. Every customer is put on the API Growth plan ($99, 10,000 calls included, then $0.01) with a
 * period from the start of this month, so usage_amount and metric_amount have charges to count.
 */
async function installAlertRules(database: ReturnType<typeof openPostgres>, customerIds: string[], count: number) {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  await database.db.execute(sql`insert into subscriptions (customer_id, plan_id, start_date, current_period_start, current_period_end)
    select c, (select id from plans where code = 'api_growth' and is_current), ${monthStart.toISOString()}::timestamptz, ${monthStart.toISOString()}::timestamptz, ${monthEnd.toISOString()}::timestamptz
      from unnest(${`{${customerIds.join(',')}}`}::uuid[]) as c`);
  const metrics = (await database.db.execute(sql`select id, code from billable_metrics`)) as unknown as { rows: { id: string; code: string }[] };
  const metric = (code: string) => metrics.rows.find((m) => m.code === code)!.id;
  type Template = Omit<typeof alertRules.$inferInsert, 'name'> & { perCustomer?: boolean };
  const templates: Template[] = [
    { kind: 'metric_units', metricId: metric('api_calls'), windowUnit: 'day', threshold: '5000' },
    { kind: 'usage_amount', windowUnit: 'day', threshold: '50', currency: 'usd', notify: ['admins', 'customer'] },
    { kind: 'metric_amount', metricId: metric('api_calls'), windowUnit: 'week', threshold: '100', currency: 'usd', aggregate: true, notify: ['admins', 'webhook'] },
    { kind: 'usage_amount', windowUnit: 'period', threshold: '1000', currency: 'usd', perCustomer: true, notify: ['customer'] },
    { kind: 'metric_units', metricId: metric('ai_credits'), windowUnit: 'week', threshold: '1000000000' },
    { kind: 'metric_units', metricId: metric('api_calls'), windowUnit: 'day', threshold: '1000', perCustomer: true, recurring: false, notify: ['admins', 'customer', 'webhook'] },
    { kind: 'usage_amount', windowUnit: 'week', threshold: '500', currency: 'usd', aggregate: true },
    { kind: 'metric_units', metricId: metric('storage_gb'), windowUnit: 'period', threshold: '1000000000000', aggregate: true },
  ];
  const rows = Array.from({ length: count }, (_, i) => {
    const { perCustomer, ...template } = templates[i % templates.length]!;
    return { name: `Bench rule ${i + 1}`, notify: ['admins'], ...template, customerId: perCustomer ? customerIds[i % customerIds.length]! : null };
  });
  await database.db.insert(alertRules).values(rows);
}

async function main() {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building (next build)…');
    const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const name = `meterbill_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(serverUrl.toString());
  dbUrl.pathname = `/${name}`;
  log(`database ${name} on ${serverUrl.host}`);

  let server: ChildProcess | null = null;
  const cleanup = async () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
    await sleep(500);
    const c = new pg.Client({ connectionString: serverUrl.toString() });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };

  try {
    const database = openPostgres({ url: dbUrl.toString() });
    await migrate(database);
    await ensureDefaultCatalog(database.db);
    const customerIds: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customerIds.push(randomUUID());
    await database.db.execute(
      `insert into customers (id, name, email, currency) select id, 'Bench ' || n, 'bench' || n || '@example.com', 'usd'
         from unnest('{${customerIds.join(',')}}'::uuid[]) with ordinality as t(id, n)` as never,
    );
    if (ALERT_RULES > 0) await installAlertRules(database, customerIds, ALERT_RULES);
    const key = await createApiKey(database.db, { name: 'bench', scopes: ['usage:write'] }, { type: 'cli', id: null });
    const metricRows = (await database.db.execute('select id, code from billable_metrics' as never)) as unknown as { rows: { id: string; code: string }[] };
    const metricIds = new Map(metricRows.rows.map((m) => [m.code, m.id]));
    await database.close();

    // Generated before the server starts: generating takes seconds, and a keep-alive connection left
    // idle that long is closed by the server just as the client reuses it.
    const poolSize = Math.ceil((SECONDS + 2) * 80);
    log(`generating ${poolSize} batches of ${BATCH} events…`);
    const startAt = Date.now();
    const batches = makeBatches(poolSize, customerIds, startAt);
    const bodies = batches.map((events) => Buffer.from(JSON.stringify({ events })));

    const port = await freePort();
    server = spawn('npx', ['next', 'start', '-p', String(port)], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: dbUrl.toString(), DATABASE_POOL_MAX: String(CLIENTS + 2) },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        await (await fetch(`${base}/api/billing/setup`)).arrayBuffer();
        break;
      } catch {
        if (i > 240) throw new Error('the server did not start');
        await sleep(250);
      }
    }
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssBytes(server!.pid!))), 100);

    const url = new URL(`${base}/api/billing/usage/events`);

    log(`warm-up…`);
    const warm = await runPhase(url, key.key, bodies, [0, 1, 2, 3, 4, 5, 6, 7].slice(0, Math.max(CLIENTS, 4)), null);
    const order = Array.from({ length: poolSize - warm.sent.length }, (_, i) => i + warm.sent.length);

    log(`new events: ${CLIENTS} clients for ${SECONDS} s…`);
    const cpuBefore = cpuSnapshot();
    const clientBefore = process.cpuUsage();
    const fresh = await runPhase(url, key.key, bodies, order, SECONDS);
    const clientCpu = process.cpuUsage(clientBefore);
    const freshCpu = cpuUsedBetween(cpuBefore, cpuSnapshot(), server.pid!);
    const dupOrder = fresh.sent.filter((_, i) => i % Math.round(1 / DUPLICATE_SHARE) === 0);
    log(`duplicates: resending ${dupOrder.length} batches (${Math.round(DUPLICATE_SHARE * 100)}%)…`);
    const dups = await runPhase(url, key.key, bodies, dupOrder, null);
    clearInterval(sampler);

    const check = new pg.Client({ connectionString: dbUrl.toString() });
    await check.connect();
    const stored = Number((await check.query('select count(*) as n from usage_events')).rows[0].n);
    const rolled = Number((await check.query('select sum(event_count) as n from usage_rollups')).rows[0].n);
    const alertCount = Number((await check.query('select count(*) as n from alerts')).rows[0].n);
    const queuedCount = Number((await check.query(`select count(*) as n from notification_outbox where dedupe_key like 'alert:%'`)).rows[0].n);
    await check.end();
    const expected = warm.accepted + fresh.accepted;

    log('ceiling: bare multi-row INSERT of the same rows…');
    const sentBatches = [...warm.sent, ...fresh.sent].map((i) => batches[i]!);
    const ceiling = await bareInsertCeiling(dbUrl.toString(), sentBatches, metricIds, server.pid!);

    const rate = fresh.accepted / fresh.seconds;
    const dupRate = dups.events / dups.seconds;
    const ceilingRate = ceiling.events / ceiling.seconds;
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log('');
    console.log(`ingestion benchmark — ${CLIENTS} clients, ${BATCH}-event batches, ${CUSTOMERS} customers, ${ALERT_RULES} alert rules, PostgreSQL ${serverUrl.host}`);
    console.log(`  new events        ${fmt(rate)} events/s  (${fmt(fresh.accepted)} in ${fresh.seconds.toFixed(1)} s)  p50 ${percentile(fresh.latencies, 50).toFixed(0)} ms  p99 ${percentile(fresh.latencies, 99).toFixed(0)} ms per batch`);
    console.log(`  duplicates        ${fmt(dupRate)} events/s  (${fmt(dups.events)}, ${fmt(dups.accepted)} counted)  p50 ${percentile(dups.latencies, 50).toFixed(0)} ms  p99 ${percentile(dups.latencies, 99).toFixed(0)} ms per batch`);
    console.log(`  bare INSERT       ${fmt(ceilingRate)} events/s  (${fmt(ceiling.events)} rows in ${ceiling.seconds.toFixed(1)} s, same indexes, no validation, no rollups)`);
    console.log(`  share of ceiling  ${(rate / ceilingRate).toFixed(2)}`);
    console.log(`  alert rules       ${ALERT_RULES}: ${fmt(alertCount)} alerts triggered, ${fmt(queuedCount)} messages queued (evaluated after the responses)`);
    console.log(`  server peak RSS   ${(peakRss / 1_048_576).toFixed(0)} MB`);
    // Where the machine's CPU went, per 1,000 events: the cores are shared by the server, PostgreSQL
    // and this script's clients, so these explain the rates above.
    const per = (seconds: number, events: number) => ((seconds / (events / 1000)) * 1000).toFixed(1);
    const micros = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
    console.log(
      `  CPU per 1,000     ours: server ${per(freshCpu.tree, fresh.accepted)} ms, postgres ${per(freshCpu.postgres, fresh.accepted)} ms, clients ${per(micros(clientCpu), fresh.accepted)} ms;` +
        ` bare INSERT: postgres ${per(ceiling.postgresCpu, ceiling.events)} ms, client ${per(micros(ceiling.clientCpu), ceiling.events)} ms (${availableParallelism()} cores)`,
    );
    console.log(`  stored            ${fmt(stored)} events, rollups count ${fmt(rolled)}, accepted ${fmt(expected)}: ${stored === expected && rolled === expected ? 'consistent' : 'MISMATCH'}`);
    const ok = stored === expected && rolled === expected && dups.accepted === 0;
    if (!ok) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
