import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { openPostgres } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';

const name = `meterbill_micro_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect(); await admin.query(`create database ${name}`);
const url = `postgres://postgres@127.0.0.1:5432/${name}`;
const database = openPostgres({ url });
await migrate(database); await ensureDefaultCatalog(database.db); await database.close();
const c = new pg.Client({ connectionString: url }); await c.connect();
const customers = Array.from({ length: 200 }, () => randomUUID());
await c.query(`insert into customers (id, name, email, currency) select id, 'x', 'x@e.com', 'usd' from unnest($1::uuid[]) id`, [customers]);
const metrics = (await c.query(`select id from billable_metrics where code in ('api_calls','ai_credits','storage_gb')`)).rows.map((r) => r.id);
const now = Date.now();
function rows(b: number, tag: string) {
  return Array.from({ length: 1000 }, (_, i) => { const n = b * 1000 + i; return { c: customers[n % 200], m: metrics[n % 3], e: `${tag}-${b}-${i}`, q: `${(n % 97) + 1}.25`, t: new Date(now - (n % 3_600_000)).toISOString(), p: { endpoint: `/v1/items/${n % 13}`, region: n % 2 ? 'eu' : 'us' }, d: '', u: null }; });
}
const JSONSQL = process.argv[2] === 'jsonb' ? 'jsonb_to_recordset($1::jsonb)' : 'json_to_recordset($1::json)';
const variants: Record<string, (r: ReturnType<typeof rows>, shard: number) => Promise<unknown>> = {
  bare: (r) => { const params: unknown[] = []; const vals: string[] = []; r.forEach((e, i) => { const o = i * 7; vals.push(`($${o+1},$${o+2},$${o+3},$${o+4},$${o+5},$${o+6},$${o+7})`); params.push(e.c, e.m, e.e, e.q, e.t, JSON.stringify(e.p), e.d); }); return c.query(`insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension) values ${vals.join(',')}`, params); },
  json_events_only: (r) => c.query(`insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension) select c,m,e,q,t,p,d from ${JSONSQL} as i(c uuid, m uuid, e text, q numeric, t timestamptz, p jsonb, d text, u text) on conflict (customer_id, event_id) do nothing`, [JSON.stringify(r)]),
  unnest_events_only: (r) => c.query(`insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension) select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::timestamptz[], $6::jsonb[], $7::text[]) on conflict (customer_id, event_id) do nothing`, [r.map((e) => e.c), r.map((e) => e.m), r.map((e) => e.e), r.map((e) => e.q), r.map((e) => e.t), r.map((e) => JSON.stringify(e.p)), r.map((e) => e.d)]),
  json_full: (r, shard) => c.query(`
with input as (select * from ${JSONSQL} as i(c uuid, m uuid, e text, q numeric, t timestamptz, p jsonb, d text, u text)),
inserted as (insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at, properties, dimension, received_at) select c, m, e, q, t, p, d, now() from input on conflict (customer_id, event_id) do nothing returning customer_id, event_id),
fresh as (select i.c as customer_id, i.m as metric_id, i.e as event_id, i.q as quantity, i.t as occurred_at, i.d as dimension, i.u as unique_value, (i.t at time zone 'UTC')::date as day from input i join inserted on inserted.customer_id = i.c and inserted.event_id = i.e),
rolled as (insert into usage_rollups as r (customer_id, metric_id, day, dimension, shard, quantity_sum, event_count, quantity_max, latest_quantity, latest_at, updated_at)
  select customer_id, metric_id, day, dimension, $2::smallint, sum(quantity), count(*), max(quantity), (array_agg(quantity order by occurred_at desc, event_id desc))[1], max(occurred_at), now() from fresh group by 1,2,3,4 order by 1,2,3,4
  on conflict (customer_id, metric_id, day, dimension, shard) do update set quantity_sum = r.quantity_sum + excluded.quantity_sum, event_count = r.event_count + excluded.event_count, quantity_max = greatest(r.quantity_max, excluded.quantity_max),
    latest_quantity = case when r.latest_at is null or excluded.latest_at >= r.latest_at then excluded.latest_quantity else r.latest_quantity end, latest_at = greatest(r.latest_at, excluded.latest_at), updated_at = excluded.updated_at returning 1)
select count(*) from inserted`, [JSON.stringify(r), shard]),
};
import { readFileSync as rf } from 'node:fs';
const src = rf('lib/usage/ingest-usage-events.ts', 'utf8');
const CURRENT = src.slice(src.indexOf('const INSERT_EVENTS_AND_ROLLUPS = `') + 'const INSERT_EVENTS_AND_ROLLUPS = `'.length, src.indexOf('select count(*)::int as accepted from inserted`') ) + 'select count(*)::int as accepted from inserted';
variants.current = (r, shard) => c.query(CURRENT, [JSON.stringify(r), new Date().toISOString(), shard]);
const which = process.argv.slice(3);
for (const [label, fn] of Object.entries(variants)) {
  if (which.length && !which.includes(label)) continue;
  for (let b = 0; b < 5; b++) await fn(rows(b, `warm-${label}`), b % 16);
  const batches = Array.from({ length: 60 }, (_, b) => rows(b, label));
  const pid = (await c.query('select pg_backend_pid() as p')).rows[0].p;
  const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10; };
  const c0 = cpu();
  const t0 = performance.now();
  for (const [b, r] of batches.entries()) await fn(r, b % 16);
  const ms = (performance.now() - t0) / batches.length;
  console.log(label.padEnd(20), ms.toFixed(1), 'ms wall,', ((cpu() - c0) / batches.length).toFixed(1), 'ms backend CPU per 1000');
}
await c.end(); await admin.query(`drop database ${name} with (force)`); await admin.end();
