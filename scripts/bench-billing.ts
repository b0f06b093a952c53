// npm run bench:billing — the billing benchmark (issue: pricing engine, periods and invoices).
//
// On a fresh database on a real PostgreSQL: N customers on four plans (flat fees, per-unit overage,
// graduated and package tiers), each with a month that has just ended and a month of daily usage of
// three metrics in the rollups. Then the billing batch (the same code as the cron and the CLI) bills
// every period: snapshot, rating, invoice, gapless number, next period. Prints invoices/s, total time
// and peak memory, checks every period was invoiced once and the numbers are 1..N without a gap, and
// repeats at a quarter of N so you can see whether time grows linearly with customers.
//
// Environment: DATABASE_URL (a server to create the bench databases on; default the local
// postgres://postgres@127.0.0.1:5432/postgres), BENCH_CUSTOMERS (10000), BENCH_WORKERS (4: concurrent
// batch runs sharing the work through SKIP LOCKED, as overlapping cron invocations would).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { billingConfig } from '@/lib/config/billing-config';
import { openPostgres, type Database } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { parseEnv } from '@/lib/env';
import { billDuePeriods } from '@/lib/invoicing/run-billing';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const PERIOD_START = '2026-10-01';
const PERIOD_END = '2026-11-01';
const NOW = new Date('2026-11-01T06:00:00Z');

const log = (message: string) => console.log(`[bench] ${message}`);

async function withDatabase<T>(work: (database: Database, url: string) => Promise<T>): Promise<T> {
  const name = `meterbill_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;
  const database = openPostgres({ url: url.toString(), poolMax: WORKERS + 2 });
  try {
    return await work(database, url.toString());
  } finally {
    await database.close();
    const cleanup = new pg.Client({ connectionString: serverUrl.toString() });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  }
}

/** Customers, subscriptions, one ended period each and 31 days × 3 metrics of rollups, in bulk SQL. */
async function populate(database: Database, customers: number) {
  const { db } = database;
  await migrate(database);
  await ensureDefaultCatalog(db);
  await db.execute(`
    insert into customers (id, name, email, currency, tax_rate, external_id)
    select gen_random_uuid(), 'Customer ' || n, 'c' || n || '@example.com', 'usd', case when n % 3 = 0 then 0.21 else 0 end, 'bench_' || n
      from generate_series(1, ${customers}) n` as never);
  await db.execute(`
    with plan_pick as (
      select c.id as customer_id, p.id as plan_id
        from (select id, row_number() over (order by external_id) as n from customers) c
        join (select id, row_number() over (order by code) - 1 as k from plans where code in ('api_growth', 'starter', 'professional', 'enterprise') and is_current) p
          on p.k = c.n % 4
    ), subs as (
      insert into subscriptions (customer_id, plan_id, status, start_date, current_period_start, current_period_end)
      select customer_id, plan_id, 'active', '${PERIOD_START}', '${PERIOD_START}', '${PERIOD_END}' from plan_pick
      returning id, customer_id, plan_id
    )
    insert into billing_periods (subscription_id, customer_id, plan_id, period_start, period_end)
    select id, customer_id, plan_id, '${PERIOD_START}', '${PERIOD_END}' from subs` as never);
  await db.execute(`
    insert into usage_rollups (customer_id, metric_id, day, dimension, quantity_sum, event_count, quantity_max, latest_quantity, latest_at)
    select c.id, m.id, d::date, '', q, 24, q, q, d + interval '23 hours'
      from customers c
      cross join (select id, code from billable_metrics where code in ('api_calls', 'ai_credits', 'storage_gb')) m
      cross join generate_series('${PERIOD_START}'::timestamptz, '${PERIOD_END}'::timestamptz - interval '1 day', interval '1 day') d
      cross join lateral (select (abs(hashtext(c.id::text || m.code || d::text)) % 900 + 1)::numeric as q) quantity` as never);
  await db.execute('analyze' as never);
}

async function benchmark(customers: number) {
  return withDatabase(async (database) => {
    log(`${customers.toLocaleString('en-US')} customers: populating…`);
    const t0 = performance.now();
    await populate(database, customers);
    log(`populated in ${((performance.now() - t0) / 1000).toFixed(1)} s; billing with ${WORKERS} concurrent runs…`);

    const config = billingConfig(parseEnv({}));
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: WORKERS }, () => billDuePeriods(database, { now: NOW, config, actor: { type: 'cli', id: null } })),
    );
    const seconds = (performance.now() - started) / 1000;

    const [check] = (
      (await database.db.execute(`
        select (select count(*) from invoices)::int as invoices,
               (select count(distinct billing_period_id) from invoices)::int as periods,
               (select min(number_sequence) from invoices)::int as first_number,
               (select max(number_sequence) from invoices)::int as last_number,
               (select count(*) from billing_periods where status = 'open' and period_end <= '${NOW.toISOString()}')::int as still_due,
               (select sum(total) from invoices)::text as billed` as never)) as unknown as { rows: Record<string, number | string>[] }
    ).rows;
    const failures = results.reduce((n, r) => n + r.failures.length, 0);
    const ok = check!.invoices === customers && check!.periods === customers && check!.first_number === 1 && check!.last_number === customers && check!.still_due === 0 && failures === 0;
    return { customers, seconds, check: check!, failures, ok };
  });
}

async function main() {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const small = await benchmark(Math.max(1, Math.round(CUSTOMERS / 4)));
  const full = await benchmark(CUSTOMERS);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const perInvoice = (r: typeof full) => (r.seconds * 1000) / r.customers;
  console.log('');
  console.log(`billing benchmark — ${WORKERS} concurrent runs, PostgreSQL ${serverUrl.host}, no Stripe`);
  for (const r of [small, full]) {
    console.log(
      `  ${r.customers.toLocaleString('en-US').padStart(7)} customers  ${r.seconds.toFixed(1).padStart(6)} s  ${Math.round(r.customers / r.seconds).toLocaleString('en-US').padStart(6)} invoices/s  ${perInvoice(r).toFixed(2)} ms per invoice  billed $${r.check.billed}  ${r.ok ? 'all invoiced once, numbers 1..' + r.customers : 'CHECK FAILED ' + JSON.stringify(r.check)}`,
    );
  }
  console.log(`  growth            ${(perInvoice(full) / perInvoice(small)).toFixed(2)}× the time per invoice at 4× the customers (1.00 = linear)`);
  console.log(`  peak memory       ${(peakRss / 1_048_576).toFixed(0)} MB (this process: the billing batch)`);
  if (!small.ok || !full.ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
