// npm run bench:billing — the billing benchmark (issue: pricing engine, periods and invoices).
//
// On a fresh database on a real PostgreSQL: N customers on four plans (flat fees, per-unit overage,
// graduated and package tiers), each with a month that has just ended and a month of daily usage of
// three metrics in the rollups. Then the billing batch (the same code as the cron and the CLI) bills
// every period: snapshot, rating, invoice, gapless number, next period. Checks every period was
// invoiced once and the numbers are 1..N without a gap, then inserts the same invoices and lines with
// bare multi-row INSERTs into copies of the two tables (same indexes; no rating, no locks, no other
// table): the ceiling our time is compared with. Runs at N and at quarters of N, so the per-invoice
// time shows whether cost grows linearly with customers.
//
// Environment: DATABASE_URL (a server to create the bench databases on; default the local
// postgres://postgres@127.0.0.1:5432/postgres), BENCH_CUSTOMERS (40000: the largest size), BENCH_STEPS
// (2: sizes N/4 and N; 3 adds N/16), BENCH_WORKERS (4: concurrent batch runs sharing the work through
// SKIP LOCKED, as overlapping cron invocations would).
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { billingConfig } from '@/lib/config/billing-config';
import { openPostgres, type Database } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { parseEnv } from '@/lib/env';
import { billDuePeriods, BILLING_BATCH_SIZE } from '@/lib/invoicing/run-billing';
import { cpuSnapshot, cpuUsedBetween } from './bench-process-stats';

const LARGEST = Number(process.env.BENCH_CUSTOMERS ?? 40_000);
const STEPS = Math.max(1, Number(process.env.BENCH_STEPS ?? 2));
const SIZES = Array.from({ length: STEPS }, (_, i) => Math.max(1, Math.round(LARGEST / 4 ** (STEPS - 1 - i))));
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const PERIOD_START = '2026-10-01';
const PERIOD_END = '2026-11-01';
const NOW = new Date('2026-11-01T06:00:00Z');

const log = (message: string) => console.log(`[bench] ${message}`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function withDatabase<T>(work: (database: Database, url: string, name: string) => Promise<T>): Promise<T> {
  const name = `meterbill_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;
  const database = openPostgres({ url: url.toString(), poolMax: WORKERS + 2 });
  try {
    return await work(database, url.toString(), name);
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
  // Day by day, as ingestion writes them (a day's rows appear as that day's events arrive), so a
  // customer's month lies on 31 pages at every size. Without the ORDER BY the layout is whatever join
  // order the planner picks, and it picked differently at different sizes.
  await db.execute(`
    insert into usage_rollups (customer_id, metric_id, day, dimension, quantity_sum, event_count, quantity_max, latest_quantity, latest_at)
    select c.id, m.id, d::date, '', q, 24, q, q, d + interval '23 hours'
      from customers c
      cross join (select id, code from billable_metrics where code in ('api_calls', 'ai_credits', 'storage_gb')) m
      cross join generate_series('${PERIOD_START}'::timestamptz, '${PERIOD_END}'::timestamptz - interval '1 day', interval '1 day') d
      cross join lateral (select (abs(hashtext(c.id::text || m.code || d::text)) % 900 + 1)::numeric as q) quantity
     order by d, c.id, m.code` as never);
  // The state a month of autovacuum leaves behind, for the tables just loaded and only those (this
  // server runs with autovacuum off): statistics, and hint bits and visibility set, so the first read of a
  // freshly loaded page does not dirty it and make billing write the whole rollups table back. The
  // still-empty invoice tables are left unanalyzed: an ANALYZE would record "0 rows" there, every
  // foreign-key check from invoice_lines to invoices would then be planned as a sequential scan of
  // invoices and kept for the connection's life, and each line's check would read the whole table.
  // (on the installation connection: VACUUM and CHECKPOINT cannot run in a scoped handle's transaction)
  await database.installation.db.execute('vacuum (analyze) customers, subscriptions, billing_periods, usage_rollups, plans, plan_charges, billable_metrics' as never);
  // The load writes about 25 kB of WAL per customer: at 40,000 that passes max_wal_size and starts a
  // checkpoint that would run through the billing (every page then first written again logs a full
  // image) at one size and not at another. Billing starts from a checkpoint at every size.
  await database.installation.db.execute('checkpoint' as never);
}

/**
 * The ceiling: the invoices and lines just billed, inserted again into empty copies of their tables
 * (same columns, defaults and indexes) with one multi-row INSERT per batch of invoices and their lines,
 * by as many concurrent clients as there were billing runs.
 */
async function bareInsertCeiling(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: WORKERS });
  pool.on('error', (error) => console.error('[bench] idle client error:', error.message));
  const asText = { getTypeParser: () => (value: string) => value };
  await pool.query('create table bench_ceiling_invoices (like invoices including defaults including indexes including constraints)');
  await pool.query('create table bench_ceiling_invoice_lines (like invoice_lines including defaults including indexes including constraints)');
  const invoices = await pool.query<string[]>({ text: 'select * from invoices order by number_sequence', rowMode: 'array', types: asText });
  const lines = await pool.query<string[]>({ text: 'select * from invoice_lines order by invoice_id, position', rowMode: 'array', types: asText });
  const invoiceColumns = invoices.fields.map((f) => f.name);
  const lineColumns = lines.fields.map((f) => f.name);
  const invoiceIdAt = lineColumns.indexOf('invoice_id');
  const linesOf = new Map<string, string[][]>();
  for (const line of lines.rows) linesOf.set(line[invoiceIdAt]!, [...(linesOf.get(line[invoiceIdAt]!) ?? []), line]);

  const statements: { text: string; values: string[] }[] = [];
  for (let i = 0; i < invoices.rows.length; i += BILLING_BATCH_SIZE) {
    const batch = invoices.rows.slice(i, i + BILLING_BATCH_SIZE);
    const batchLines = batch.flatMap((invoice) => linesOf.get(invoice[0]!) ?? []);
    const values: string[] = [];
    const tuples = (rows: string[][]) =>
      rows.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(', ')})`).join(', ');
    const insertInvoices = `insert into bench_ceiling_invoices (${invoiceColumns.join(', ')}) values ${tuples(batch)}`;
    const text = batchLines.length
      ? `with i as (${insertInvoices}) insert into bench_ceiling_invoice_lines (${lineColumns.join(', ')}) values ${tuples(batchLines)}`
      : insertInvoices;
    statements.push({ text, values });
  }
  // every connection open before the clock starts, as the billing runs' pool already was
  await Promise.all(Array.from({ length: WORKERS }, () => pool.query('select 1')));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < statements.length) await pool.query(statements[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const [copied] = (await pool.query<{ invoices: number; lines: number }>('select (select count(*) from bench_ceiling_invoices)::int as invoices, (select count(*) from bench_ceiling_invoice_lines)::int as lines')).rows;
  await pool.end();
  return { seconds, invoices: copied!.invoices, lines: copied!.lines, ok: copied!.invoices === invoices.rows.length && copied!.lines === lines.rows.length };
}

async function benchmark(customers: number) {
  return withDatabase(async (database, url, name) => {
    log(`${fmt(customers)} customers: populating…`);
    const t0 = performance.now();
    await populate(database, customers);
    log(`populated in ${((performance.now() - t0) / 1000).toFixed(1)} s; billing with ${WORKERS} concurrent runs…`);

    const config = billingConfig(parseEnv({}));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const cpuBefore = cpuSnapshot();
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: WORKERS }, () => billDuePeriods(database, { now: NOW, config, actor: { type: 'cli', id: null } })),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuUsedBetween(cpuBefore, cpuSnapshot(), process.pid, name);
    clearInterval(sampler);

    const [check] = (
      (await database.db.execute(`
        select (select count(*) from invoices)::int as invoices,
               (select count(*) from invoice_lines)::int as lines,
               (select count(distinct billing_period_id) from invoices)::int as periods,
               (select min(number_sequence) from invoices)::int as first_number,
               (select max(number_sequence) from invoices)::int as last_number,
               (select count(*) from billing_periods where status = 'open' and period_end <= '${NOW.toISOString()}')::int as still_due,
               (select sum(total) from invoices)::text as billed` as never)) as unknown as { rows: Record<string, number | string>[] }
    ).rows;
    const failures = results.reduce((n, r) => n + r.failures.length, 0);
    const ok = check!.invoices === customers && check!.periods === customers && check!.first_number === 1 && check!.last_number === customers && check!.still_due === 0 && failures === 0;

    log(`billed in ${seconds.toFixed(1)} s; ceiling: bare multi-row INSERT of the same ${fmt(Number(check!.invoices))} invoices and ${fmt(Number(check!.lines))} lines…`);
    const ceiling = await bareInsertCeiling(url);
    return { customers, seconds, check: check!, failures, ok, ceiling, cpu, peakRss };
  });
}

async function main() {
  const runs: Awaited<ReturnType<typeof benchmark>>[] = [];
  for (const size of SIZES) runs.push(await benchmark(size));

  const perInvoice = (r: (typeof runs)[number]) => (r.seconds * 1000) / r.customers;
  console.log('');
  console.log(`billing benchmark — ${WORKERS} concurrent runs, PostgreSQL ${serverUrl.host}, no Stripe, ${availableParallelism()} cores`);
  console.log(`  customers      time  invoices/s  per invoice  bare INSERT  ours/ceiling  CPU: bench, postgres  peak RSS  check`);
  for (const r of runs) {
    console.log(
      `  ${fmt(r.customers).padStart(9)}  ${r.seconds.toFixed(1).padStart(6)} s  ${fmt(r.customers / r.seconds).padStart(10)}  ${perInvoice(r).toFixed(2).padStart(8)} ms  ${r.ceiling.seconds.toFixed(2).padStart(9)} s  ${(r.seconds / r.ceiling.seconds).toFixed(1).padStart(11)}×  ${r.cpu.tree.toFixed(1).padStart(9)} s, ${r.cpu.postgres.toFixed(1).padStart(6)} s  ${fmt(r.peakRss / 1_048_576).padStart(5)} MB  ${r.ok && r.ceiling.ok ? `all invoiced once, numbers 1..${fmt(r.customers)}, billed $${r.check.billed}` : 'CHECK FAILED ' + JSON.stringify({ ...r.check, failures: r.failures, ceiling: r.ceiling })}`,
    );
  }
  for (let i = 1; i < runs.length; i++) {
    const [a, b] = [runs[i - 1]!, runs[i]!];
    console.log(`  growth         ${(perInvoice(b) / perInvoice(a)).toFixed(2)}× the time per invoice from ${fmt(a.customers)} to ${fmt(b.customers)} customers (1.00 = linear)`);
  }
  console.log(`  CPU counts this process and the bench database's backends; the bare INSERT reuses the billed rows, ${BILLING_BATCH_SIZE} invoices per statement`);
  if (runs.some((r) => !r.ok || !r.ceiling.ok)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
