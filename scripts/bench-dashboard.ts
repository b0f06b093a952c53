// npm run bench:dashboard — the admin pages' benchmark (issue 14: the overview with its charts, the
// customers and the invoices lists).
//
// On a fresh database on a real PostgreSQL (dropped at the end): 10,000 customers on the default
// catalog's four plans, each with a subscription started 1 to 12 months ago (some trialing, some
// canceled, one in twenty upgraded along the way), a billing period per month and an invoice for each
// period that ended (paid with a payment, open, some with a failed attempt, void, uncollectible), and
// 10 million usage events spread over 90 days, all made with generate_series in SQL. Then it starts
// the production server (`next start`) on that database with a signed-in admin's session cookie and
// times GET /admin, /admin/customers and /admin/invoices: warm-up requests first, then BENCH_REQUESTS
// of each one after another, from request to the last byte of the page. Prints p50 and p95 per page
// and fails when a p95 is over the 200 ms target.
//
// Environment: DATABASE_URL (a server to create the bench database on; default the local
// postgres://postgres@127.0.0.1:5432/postgres), BENCH_CUSTOMERS (10000), BENCH_EVENTS (10000000),
// BENCH_REQUESTS (50), BENCH_WARMUP (5), BENCH_SKIP_BUILD=1 to reuse .next. While iterating on queries:
// BENCH_KEEP_DB=1 leaves the seeded database in place (its name is printed) and BENCH_DATABASE=<name>
// runs on such a database as it is (migrated to the current schema, not seeded again, not dropped).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { openPostgres } from '@/lib/db/client';
import { DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { migrate } from '@/lib/db/migrate';

const root = path.resolve(import.meta.dirname, '..');
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const TARGET_P95_MS = 200;
const PAGES = [
  { path: '/admin', marker: 'data-testid="mrr-trend-chart"' },
  { path: '/admin/customers', marker: 'data-testid="customer-row"' },
  { path: '/admin/invoices', marker: 'data-testid="invoice-row"' },
];
const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

const log = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

/** The bench's data, in bulk SQL on one client in the default workspace (as the owner: RLS does not apply). */
async function populate(client: pg.Client) {
  const q = (text: string) => client.query(text);
  await timed(`${fmt(CUSTOMERS)} customers`, () =>
    q(`insert into customers (name, email, currency, tax_rate, external_id, created_at)
       select 'Customer ' || n, 'c' || n || '@example.com', 'usd', 0, 'bench_' || n, now() - interval '400 days' + n * interval '1 minute'
         from generate_series(1, ${CUSTOMERS}) n`),
  );
  // each customer's subscription started (n % 12) + 1 months ago, on day n % 28 of that month; one in
  // thirty is trialing, one in ten canceled a month after it started (if that is past), one in twenty
  // was on another plan for its first two periods
  await timed('subscriptions', () =>
    q(`create temporary table bench_subs as
       with c as (select id, row_number() over (order by external_id) as n from customers),
            p as (select id, row_number() over (order by code) - 1 as k from plans where code in ('api_growth', 'starter', 'professional', 'enterprise') and is_current)
       select gen_random_uuid() as id, c.id as customer_id, c.n, p.id as plan_id,
              (select id from plans where is_current and code in ('api_growth', 'starter', 'professional', 'enterprise') and id <> p.id order by code limit 1) as first_plan_id,
              date_trunc('month', now()) - ((c.n % 12) + 1) * interval '1 month' + (c.n % 28) * interval '1 day' as start_date
         from c join p on p.k = c.n % 4`),
  );
  await q(`insert into subscriptions (id, customer_id, plan_id, status, start_date, trial_end, current_period_start, current_period_end, canceled_at, ended_at)
           select id, customer_id, plan_id,
                  case when n % 30 = 0 then 'trialing' when n % 10 = 0 and start_date + interval '1 month' < now() then 'canceled' else 'active' end,
                  start_date,
                  case when n % 30 = 0 then now() + interval '7 days' end,
                  start_date + greatest(0, floor(extract(epoch from now() - start_date) / 2629746))::int * interval '1 month',
                  start_date + (greatest(0, floor(extract(epoch from now() - start_date) / 2629746))::int + 1) * interval '1 month',
                  case when n % 10 = 0 and n % 30 <> 0 and start_date + interval '1 month' < now() then start_date + interval '20 days' end,
                  case when n % 10 = 0 and n % 30 <> 0 and start_date + interval '1 month' < now() then start_date + interval '1 month' end
             from bench_subs`);
  await timed('billing periods', () =>
    q(`insert into billing_periods (subscription_id, customer_id, plan_id, period_start, period_end, status, is_trial, closed_at)
       select s.id, s.customer_id, case when b.n % 20 = 0 and k < 2 then b.first_plan_id else s.plan_id end,
              s.start_date + k * interval '1 month', s.start_date + (k + 1) * interval '1 month',
              case when s.start_date + (k + 1) * interval '1 month' <= now() then 'invoiced' else 'open' end,
              s.status = 'trialing',
              case when s.start_date + (k + 1) * interval '1 month' <= now() then s.start_date + (k + 1) * interval '1 month' end
         from subscriptions s join bench_subs b on b.id = s.id
         cross join lateral generate_series(0, 12) k
        where s.start_date + k * interval '1 month' <= now() and (s.ended_at is null or s.start_date + k * interval '1 month' < s.ended_at)`),
  );
  // an invoice for every period that ended: mostly paid, one in eight open, a few void or uncollectible
  await timed('invoices', () =>
    q(`insert into invoices (customer_id, subscription_id, billing_period_id, billing_timing, kind, status, currency, period_start, period_end, issued_at, due_date,
                             subtotal, total, amount_paid, amount_due, number, number_series, number_year, number_sequence, paid_at, voided_at, marked_uncollectible_at, created_at)
       select bp.customer_id, bp.subscription_id, bp.id, 'arrears', 'subscription', st.status, 'usd', bp.period_start, bp.period_end, bp.period_end, bp.period_end + interval '14 days',
              amt, amt, case when st.status = 'paid' then amt else 0 end, case when st.status in ('open', 'uncollectible') then amt else 0 end,
              'BENCH-' || r, 'BENCH', extract(year from bp.period_end)::int, r,
              case when st.status = 'paid' then bp.period_end + interval '2 days' end,
              case when st.status = 'void' then bp.period_end + interval '1 day' end,
              case when st.status = 'uncollectible' then bp.period_end + interval '60 days' end,
              bp.period_end
         from (select bp.*, row_number() over (order by bp.period_end, bp.id) as r from billing_periods bp where bp.status = 'invoiced' and not bp.is_trial) bp
         cross join lateral (select (49 + (abs(hashtext(bp.id::text)) % 90000) / 100.0)::numeric(24, 6) as amt) a
         cross join lateral (select case when r % 8 = 0 then 'open' when r % 37 = 0 then 'void' when r % 53 = 0 then 'uncollectible' else 'paid' end as status) st`),
  );
  await timed('payments', () =>
    q(`insert into payments (invoice_id, customer_id, attempt_number, amount, currency, method, status, created_at, updated_at)
       select id, customer_id, 1, total, currency, 'card', 'succeeded', paid_at, paid_at from invoices where status = 'paid'
       union all
       select id, customer_id, 1, total, currency, 'card', 'failed', issued_at + interval '1 day', issued_at + interval '1 day' from invoices where status in ('open', 'uncollectible') and number_sequence % 3 = 0`),
  );
  // 10 million events in chunks of a million, so progress shows; each customer's share spread over 90
  // days. The two secondary indexes are built after the load (a sort each) rather than kept up row by
  // row: with them in place a million rows took 1 to 3 minutes on a loaded 2-core machine.
  await q(`set maintenance_work_mem = '512MB'`);
  await q(`set synchronous_commit = off`);
  const indexes = (await client.query<{ indexdef: string; indexname: string }>(`select indexname, indexdef from pg_indexes where tablename = 'usage_events' and indexname <> 'usage_events_pkey'`)).rows;
  for (const index of indexes) await q(`drop index ${index.indexname}`);
  const chunk = 1_000_000;
  for (let from = 1; from <= EVENTS; from += chunk) {
    const to = Math.min(EVENTS, from + chunk - 1);
    await timed(`usage events ${fmt(from)}–${fmt(to)}`, () =>
      q(`with c as (select array_agg(id order by external_id) as ids from customers),
              m as (select array_agg(id order by code) as ids from billable_metrics where code in ('api_calls', 'ai_credits', 'storage_gb'))
         insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at, received_at)
         select c.ids[1 + g % ${CUSTOMERS}], m.ids[1 + (g / ${CUSTOMERS}) % 3], 'evt_' || g, 1 + g % 17,
                now() - (g % 7776000) * interval '1 second', now() - (g % 7776000) * interval '1 second'
           from c, m, generate_series(${from}, ${to}) g`),
    );
  }
  for (const index of indexes) await timed(`index ${index.indexname}`, () => q(index.indexdef));
  await timed('vacuum analyze', () => q('vacuum (analyze)'));
}

async function fetchPage(base: string, pagePath: string, cookie: string, marker: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${base}${pagePath}`, { headers: { cookie }, redirect: 'manual' });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200 || !body.includes(marker)) throw new Error(`GET ${pagePath}: ${response.status}, ${body.includes(marker) ? '' : `no ${marker} in the page`}`);
  return ms;
}

async function main() {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building (next build)…');
    const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const reused = process.env.BENCH_DATABASE;
  if (reused !== undefined && !/^meterbill_dashboard_bench_[0-9a-f]{8}$/.test(reused)) throw new Error('BENCH_DATABASE: the name of a kept bench database, meterbill_dashboard_bench_…');
  const keep = reused !== undefined || process.env.BENCH_KEEP_DB === '1';
  const name = reused ?? `meterbill_dashboard_bench_${randomBytes(4).toString('hex')}`;
  if (reused === undefined) {
    const admin = new pg.Client({ connectionString: serverUrl.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const dbUrl = new URL(serverUrl.toString());
  dbUrl.pathname = `/${name}`;
  log(`database ${name} on ${serverUrl.host}`);

  let server: ChildProcess | null = null;
  try {
    const database = openPostgres({ url: dbUrl.toString() });
    await migrate(database);
    if (reused === undefined) await ensureDefaultCatalog(database.db);
    await database.close();
    const client = new pg.Client({ connectionString: dbUrl.toString() });
    // a dropped connection fails the query in flight; without a listener it would also crash the process before the cleanup
    client.on('error', (error) => console.error('[bench] connection error:', error.message));
    await client.connect();
    // rows land in the default workspace, as the scoped handles would put them (current_workspace_id())
    await client.query(`set app.workspace_id = '${DEFAULT_WORKSPACE_ID}'`);
    try {
      if (reused === undefined) await populate(client);
      // a migration may have added indexes since the seeding: fresh statistics either way
      else await timed('analyze', () => client.query('analyze'));
    } catch (error) {
      await client.end();
      throw error;
    }
    const counts = (await client.query(`select (select count(*) from customers) as customers, (select count(*) from subscriptions) as subscriptions,
      (select count(*) from billing_periods) as periods, (select count(*) from invoices) as invoices, (select count(*) from payments) as payments,
      (select count(*) from usage_events) as events`)).rows[0] as Record<string, string>;
    await client.end();
    log(`loaded: ${Object.entries(counts).map(([k, v]) => `${fmt(Number(v))} ${k}`).join(', ')}`);

    // the server signs and checks sessions with this key; the bench signs an installation admin's
    // session with it, as the local sign-in would (lib/auth/local-issuer.ts)
    const secret = randomBytes(32).toString('base64url');
    process.env.BILLING_LOCAL_AUTH_SECRET = secret;
    const { issueLocalSession, LOCAL_SESSION_COOKIE } = await import('@/lib/auth/local-issuer');
    const token = await issueLocalSession({ id: randomUUID(), email: 'bench-admin@example.com', appMetadata: { role: 'admin' } }, Math.floor(Date.now() / 1000));
    const cookie = `${LOCAL_SESSION_COOKIE}=${token}`;

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATABASE_URL: dbUrl.toString(), BILLING_LOCAL_AUTH: '1', BILLING_LOCAL_AUTH_SECRET: secret };
    for (const variable of ['NEXT_PUBLIC_SUPABASE_URL', 'NEXT_PUBLIC_SUPABASE_ANON_KEY', 'NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', 'STRIPE_SECRET_KEY']) delete env[variable];
    server = spawn('npx', ['next', 'start', '-p', String(port)], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        await (await fetch(`${base}/login`)).arrayBuffer();
        break;
      } catch {
        if (i > 240) throw new Error('the server did not start');
        await sleep(250);
      }
    }

    const results: { path: string; p50: number; p95: number; max: number }[] = [];
    for (const page of PAGES) {
      for (let i = 0; i < WARMUP; i++) await fetchPage(base, page.path, cookie, page.marker);
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) times.push(await fetchPage(base, page.path, cookie, page.marker));
      times.sort((a, b) => a - b);
      results.push({ path: page.path, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! });
    }
    console.log('');
    console.log(`admin pages benchmark — ${fmt(Number(counts.customers))} customers, ${fmt(Number(counts.invoices))} invoices, ${fmt(Number(counts.events))} usage events, PostgreSQL ${serverUrl.host}, next start`);
    console.log(`  ${REQUESTS} sequential GETs per page after ${WARMUP} warm-up, request to last byte; target p95 < ${TARGET_P95_MS} ms`);
    for (const r of results) console.log(`  ${r.path.padEnd(18)} p50 ${r.p50.toFixed(0).padStart(4)} ms   p95 ${r.p95.toFixed(0).padStart(4)} ms   max ${r.max.toFixed(0).padStart(4)} ms   ${r.p95 < TARGET_P95_MS ? 'ok' : 'OVER TARGET'}`);
    if (results.some((r) => r.p95 >= TARGET_P95_MS)) process.exitCode = 1;
  } finally {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
    await sleep(500);
    if (keep) log(`kept ${name}: BENCH_DATABASE=${name} reuses it; drop it with psql -c 'drop database ${name} with (force)'`);
    else {
      const cleanup = new pg.Client({ connectionString: serverUrl.toString() });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
      log(`dropped ${name}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
