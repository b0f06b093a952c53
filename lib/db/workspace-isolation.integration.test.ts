// Workspaces are isolated by the database, not by WHERE clauses: these tests fill two workspaces
// through the product's own code, then "forget" every filter in hand-written SQL under one
// workspace's scope, on each path a scoped handle has (a bare statement, a Drizzle transaction and
// its savepoints, a raw transaction), and check that nothing of the other workspace is seen, changed,
// deleted or written. The customer-facing RLS (lib/db/rls.integration.test.ts) is checked to hold
// alongside it.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JwtClaims } from '@/lib/auth/claims';
import { createMetric } from '@/lib/catalog/create-metric';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { asUser } from '@/lib/db/as-user';
import { openPostgres, selectRows, type Database, type Queryable, type RawTransaction } from '@/lib/db/client';
import { postgresError, PG_AUDIT_APPEND_ONLY, PG_FOREIGN_KEY_VIOLATION, PG_INSUFFICIENT_PRIVILEGE, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { workspaces } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { EXPECTED_TABLES } from '@/lib/setup/get-setup-status';
import { createTestDatabase, describeEachEngine, testEngines, type TestDatabase } from '@/test/test-database';
import { fillTwoWorkspaces, SHARED_EXTERNAL_ID, type FilledWorkspace } from '@/test/two-workspaces';

const NOW = new Date('2026-11-22T10:00:00Z');
const CONFIG = billingConfig(parseEnv({}));
const PG_NOT_NULL_VIOLATION = '23502';
/** Every table that belongs to a workspace: all of them but `workspaces`, whose own key is `id`. */
const BUSINESS_TABLES = EXPECTED_TABLES.filter((table) => table !== 'workspaces');
/**
 * What no statement may delete, whatever its scope: the audit log is append-only (its triggers refuse
 * UPDATE and DELETE), and so the customers its entries name stay (the foreign key refuses the delete).
 * For these, isolation means the refusal, with both workspaces' rows as they were.
 */
const UNDELETABLE: Record<string, string> = { audit_log: PG_AUDIT_APPEND_ONLY, customers: PG_FOREIGN_KEY_VIOLATION };

async function sqlState(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    return postgresError(error)?.code ?? `not a postgres error: ${String(error)}`;
  }
}

/**
 * A workspace's rows of a table, fingerprinted with each row's xmin: any UPDATE of a row (even one
 * that writes the same values) gives it a new xmin, so an unchanged print means untouched rows.
 */
const printSql = (table: string, workspaceId: string) =>
  `select count(*)::int as n, coalesce(md5(string_agg(t.xmin::text || ':' || to_jsonb(t)::text, ',' order by to_jsonb(t)::text)), '') as print
     from public.${table} t where t.workspace_id = '${workspaceId}'`;
type Print = { n: number; print: string };

const print = async (db: Queryable, table: string, workspaceId: string) => (await selectRows<Print>(db, sql.raw(printSql(table, workspaceId))))[0]!;

async function prints(db: Queryable, workspaceId: string): Promise<Record<string, Print>> {
  const result: Record<string, Print> = {};
  for (const table of BUSINESS_TABLES) result[table] = await print(db, table, workspaceId);
  return result;
}

/** Counts of the rows a statement changed, and of those not in `workspaceId` (always 0 under its scope). */
const changedSql = (statement: string, workspaceId: string) =>
  `with changed as (${statement} returning workspace_id) select count(*)::int as n, count(*) filter (where workspace_id <> '${workspaceId}')::int as foreign from changed`;
type Changed = { n: number; foreign: number };

/** A copy of one visible row with another workspace's id: what a bug passing the wrong id would insert. */
const insertAsOtherSql = (table: string, otherId: string) =>
  `insert into public.${table} select * from jsonb_populate_record(null::public.${table}, (select to_jsonb(t) || jsonb_build_object('workspace_id', '${otherId}') from public.${table} t limit 1))`;

/** Thrown to roll a transaction back once the test has looked inside it. */
class Rollback extends Error {}

/** What a table's delete came to: the rows it changed, or the SQLSTATE it was refused with (UNDELETABLE). */
type Deleted = Changed | { refused: string | null };

/**
 * Deletes every row of `tables` a statement can see, children before parents (retrying what a foreign
 * key held back); then tries the UNDELETABLE ones and records how each was refused.
 */
async function deleteAll(tables: string[], remove: (table: string) => Promise<Changed>): Promise<Record<string, Deleted>> {
  const done: Record<string, Deleted> = {};
  let left = tables.filter((table) => !(table in UNDELETABLE));
  while (left.length) {
    const failed: string[] = [];
    for (const table of left) {
      try {
        done[table] = await remove(table);
      } catch {
        failed.push(table);
      }
    }
    if (failed.length === left.length) throw new Error(`cannot delete from ${failed.join(', ')}`);
    left = failed;
  }
  for (const table of tables.filter((t) => t in UNDELETABLE)) done[table] = { refused: await sqlState(remove(table)) };
  return done;
}

/** Tables without workspace_id, and why; any other table without one is a problem. */
const WITHOUT_WORKSPACE_ID: Record<string, string> = { workspaces: 'the workspace itself: its policies compare its id' };
const SCOPE = '(workspace_id = ( SELECT current_workspace_id() AS current_workspace_id))';
const OWN_WORKSPACE = '(id = ( SELECT current_workspace_id() AS current_workspace_id))';
const RELATION_KINDS: Record<string, string> = { v: 'a view', m: 'a materialized view', f: 'a foreign table' };

/**
 * What would let a workspace-scoped statement see or change another workspace's rows, in the schema
 * as it stands: read from the catalogs, so a table a later migration adds is checked too.
 */
async function coverageProblems(db: Queryable): Promise<string[]> {
  const problems: string[] = [];
  const relations = await selectRows<{ name: string; kind: string; rls: boolean; scoped_rights: boolean; scoped_extra: string[]; anon: boolean; authenticated_writes: boolean; authenticated_reads: boolean }>(
    db,
    sql`select c.relname as name, c.relkind::text as kind, c.relrowsecurity as rls,
               has_table_privilege('workspace_scoped', c.oid, 'select, insert, update, delete') as scoped_rights,
               array(select p from unnest(array['TRUNCATE', 'REFERENCES', 'TRIGGER']) p where has_table_privilege('workspace_scoped', c.oid, p)) as scoped_extra,
               has_table_privilege('anon', c.oid, 'select, insert, update, delete, truncate, references, trigger') as anon,
               has_table_privilege('authenticated', c.oid, 'insert, update, delete, truncate, references, trigger') as authenticated_writes,
               has_table_privilege('authenticated', c.oid, 'select') as authenticated_reads
          from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f') order by c.relkind, c.relname`,
  );
  const columns = await selectRows<{ table: string; nullable: string; type: string; default: string | null }>(
    db,
    sql`select table_name as table, is_nullable as nullable, data_type as type, column_default as default
          from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id'`,
  );
  const policies = await selectRows<{ table: string; cmd: string; permissive: boolean; roles: string[]; using: string | null; check: string | null }>(
    db,
    sql`select c.relname as table, p.polcmd::text as cmd, p.polpermissive as permissive,
               array(select case when r = 0 then 'public' else pg_get_userbyid(r)::text end from unnest(p.polroles) r order by 1) as roles,
               pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
          from pg_policy p join pg_class c on c.oid = p.polrelid where c.relnamespace = 'public'::regnamespace order by c.relname, p.polname`,
  );
  const normalize = (expression: string | null) => expression?.replaceAll('public.', '') ?? null;
  for (const relation of relations) {
    const { name } = relation;
    if (RELATION_KINDS[relation.kind]) {
      problems.push(`${name}: ${RELATION_KINDS[relation.kind]} is read with its owner’s rights, around RLS`);
      continue;
    }
    if (relation.scoped_extra.length) problems.push(`${name}: workspace_scoped may ${relation.scoped_extra.join(', ')}, which ignores RLS`);
    if (!relation.scoped_rights) problems.push(`${name}: workspace_scoped may not select, insert, update and delete (scoped work could not use it)`);
    if (relation.anon || relation.authenticated_writes) problems.push(`${name}: anon or authenticated hold rights beyond a customer's read`);
    if (relation.authenticated_reads && (name === 'workspaces' || name === 'workspace_members')) problems.push(`${name}: authenticated may read it`);
    if (!relation.rls) problems.push(`${name}: row level security is off`);
    // a policy for PUBLIC applies to workspace_scoped too, and permissive policies add up
    const scoped = policies
      .filter((p) => p.table === name && (p.roles.includes('workspace_scoped') || p.roles.includes('public')))
      .map((p) => ({ cmd: p.cmd, permissive: p.permissive, roles: p.roles, using: normalize(p.using), check: normalize(p.check) }));
    if (name in WITHOUT_WORKSPACE_ID) {
      const expected = [
        { cmd: 'r', permissive: true, roles: ['workspace_scoped'], using: OWN_WORKSPACE, check: null },
        { cmd: 'w', permissive: true, roles: ['workspace_scoped'], using: OWN_WORKSPACE, check: OWN_WORKSPACE },
      ];
      if (JSON.stringify(scoped) !== JSON.stringify(expected)) problems.push(`${name}: workspace_scoped must read and update its own row only; has ${JSON.stringify(scoped)}`);
      continue;
    }
    const column = columns.find((c) => c.table === name);
    if (!column) {
      problems.push(`${name}: no workspace_id column`);
    } else if (column.nullable !== 'NO' || column.type !== 'uuid' || normalize(column.default) !== 'current_workspace_id()') {
      problems.push(`${name}: workspace_id must be uuid NOT NULL DEFAULT public.current_workspace_id(); is ${JSON.stringify(column)}`);
    }
    if (JSON.stringify(scoped) !== JSON.stringify([{ cmd: '*', permissive: true, roles: ['workspace_scoped'], using: SCOPE, check: SCOPE }])) {
      problems.push(`${name}: needs exactly one policy for workspace_scoped (or PUBLIC), FOR ALL USING and WITH CHECK ${SCOPE}; has ${JSON.stringify(scoped)}`);
    }
  }
  // a SECURITY DEFINER function runs with its owner's rights, around RLS; objects the scoped role
  // could create in public would be its own
  const definers = await selectRows<{ name: string }>(db, sql`select proname as name from pg_proc where pronamespace = 'public'::regnamespace and prosecdef order by 1`);
  for (const { name } of definers) problems.push(`${name}(): a SECURITY DEFINER function in public`);
  const [schema] = await selectRows<{ create: boolean }>(db, sql`select has_schema_privilege('workspace_scoped', 'public', 'CREATE') as create`);
  if (schema!.create) problems.push('public: workspace_scoped may create objects in it');
  return problems;
}

describeEachEngine('workspace isolation', (get) => {
  let alpha: FilledWorkspace;
  let beta: FilledWorkspace;
  const pairs = () => [
    [alpha, beta],
    [beta, alpha],
  ] as const;
  const installation = () => get().installation.db;
  const countIn = async (table: string, workspaceId: string) =>
    (await selectRows<{ n: number }>(installation(), sql.raw(`select count(*)::int as n from public.${table} where workspace_id = '${workspaceId}'`)))[0]!.n;

  beforeAll(async () => {
    ({ alpha, beta } = await fillTwoWorkspaces(get(), { now: NOW, config: CONFIG }));
  });

  describe('SELECT * without WHERE', () => {
    for (const table of BUSINESS_TABLES) {
      it(`${table}: each workspace reads only its own rows, on every path of its handle`, async () => {
        const query = `select * from ${table}`;
        for (const [own] of pairs()) {
          const { db, rawTransaction } = own.database;
          const expected = await countIn(table, own.id);
          expect(expected, `${own.slug} has ${table}`).toBeGreaterThan(0);
          const paths: Record<string, () => Promise<Record<string, unknown>[]>> = {
            'bare statement': () => selectRows(db, sql.raw(query)),
            'Drizzle transaction': () => db.transaction((tx) => selectRows(tx, sql.raw(query))),
            'Drizzle savepoint': () => db.transaction((tx) => tx.transaction((inner) => selectRows(inner, sql.raw(query)))),
            'raw transaction': () => rawTransaction((tx) => tx.query(query)),
          };
          for (const [path, read] of Object.entries(paths)) {
            const rows = await read();
            expect({ path, rows: rows.length, foreign: rows.filter((row) => row.workspace_id !== own.id).length }).toEqual({ path, rows: expected, foreign: 0 });
          }
        }
      });
    }

    it('workspaces: a scope sees and edits its own row only, and can neither add nor remove one', async () => {
      for (const [own, other] of pairs()) {
        const { db, rawTransaction } = own.database;
        expect((await selectRows<{ id: string }>(db, sql`select * from workspaces`)).map((w) => w.id)).toEqual([own.id]);
        expect(await rawTransaction((tx) => tx.query<{ id: string }>('select id from workspaces'))).toEqual([{ id: own.id }]);
        const before = await selectRows<{ xmin: string }>(installation(), sql`select xmin::text from workspaces where id = ${other.id}`);
        expect(await selectRows(db, sql`update workspaces set name = name returning id`)).toEqual([{ id: own.id }]);
        expect(await selectRows(db, sql`delete from workspaces returning id`)).toEqual([]);
        expect(await sqlState(db.execute(sql`insert into workspaces (slug, name) values ('intruder', 'Intruder')`))).toBe(PG_INSUFFICIENT_PRIVILEGE);
        expect(await sqlState(db.execute(sql`update workspaces set id = ${other.id}`))).toBe(PG_INSUFFICIENT_PRIVILEGE);
        expect(await selectRows(installation(), sql`select xmin::text from workspaces where id = ${other.id}`)).toEqual(before);
      }
      const all = await selectRows<{ slug: string }>(installation(), sql`select slug from workspaces order by slug`);
      // the demo seeded into alpha brings its second workspace, vigint, with it
      expect(all.map((w) => w.slug)).toEqual(['alpha', 'beta', 'default', 'vigint']);
    });
  });

  describe('UPDATE and INSERT without WHERE', () => {
    for (const table of BUSINESS_TABLES) {
      it(`${table}: an update of every row under one scope leaves the other workspace's rows untouched, on every path`, async () => {
        const update = changedSql(`update ${table} set workspace_id = workspace_id`, alpha.id);
        const paths: Record<string, () => Promise<Changed[]>> = {
          'bare statement': () => selectRows(alpha.database.db, sql.raw(update)),
          'Drizzle transaction': () => alpha.database.db.transaction((tx) => selectRows(tx, sql.raw(update))),
          'raw transaction': () => alpha.database.rawTransaction((tx) => tx.query(update)),
        };
        for (const [path, run] of Object.entries(paths)) {
          const [ownBefore, otherBefore] = [await print(installation(), table, alpha.id), await print(installation(), table, beta.id)];
          if (table === 'audit_log') {
            // append-only: the update is refused outright, in both workspaces
            expect({ path, refused: await sqlState(run()) }).toEqual({ path, refused: PG_AUDIT_APPEND_ONLY });
            expect(await print(installation(), table, alpha.id), path).toEqual(ownBefore);
            expect(await print(installation(), table, beta.id), path).toEqual(otherBefore);
            continue;
          }
          expect({ path, changed: await run() }).toEqual({ path, changed: [{ n: ownBefore.n, foreign: 0 }] });
          // the update did happen (alpha's rows have new versions), and nowhere else
          expect((await print(installation(), table, alpha.id)).print, path).not.toBe(ownBefore.print);
          expect(await print(installation(), table, beta.id), path).toEqual(otherBefore);
        }
      });

      it(`${table}: a row carrying the other workspace's id is refused (RLS WITH CHECK), inserted or updated into it`, async () => {
        for (const [own, other] of pairs()) {
          const before = await print(installation(), table, other.id);
          const insert = insertAsOtherSql(table, other.id);
          const move = `update ${table} set workspace_id = '${other.id}'`;
          const { db, rawTransaction } = own.database;
          expect(await sqlState(db.execute(sql.raw(insert))), `${own.slug}: bare insert`).toBe(PG_INSUFFICIENT_PRIVILEGE);
          expect(await sqlState(db.transaction((tx) => tx.execute(sql.raw(insert)))), `${own.slug}: Drizzle transaction insert`).toBe(PG_INSUFFICIENT_PRIVILEGE);
          expect(await sqlState(rawTransaction((tx) => tx.query(insert))), `${own.slug}: raw transaction insert`).toBe(PG_INSUFFICIENT_PRIVILEGE);
          // an audit entry cannot move at all: its trigger refuses the update before WITH CHECK looks at it
          expect(await sqlState(db.execute(sql.raw(move))), `${own.slug}: moving rows`).toBe(table === 'audit_log' ? PG_AUDIT_APPEND_ONLY : PG_INSUFFICIENT_PRIVILEGE);
          expect(await print(installation(), table, other.id)).toEqual(before);
        }
      });
    }
  });


  describe('DELETE without WHERE, in a transaction', () => {
    type Seen = Record<string, { own: number; other: Print }>;
    /** Still inside the transaction, after the deletes: leaves the scope and reads both workspaces as the installation does. */
    async function lookAround(read: (text: string) => Promise<unknown[]>): Promise<Seen> {
      await read('reset role');
      const seen: Seen = {};
      for (const table of BUSINESS_TABLES) {
        const [own] = (await read(printSql(table, alpha.id))) as Print[];
        const [other] = (await read(printSql(table, beta.id))) as Print[];
        seen[table] = { own: own!.n, other: other! };
      }
      return seen;
    }

    async function expectOnlyOwnDeleted(deleteEverything: () => Promise<{ deleted: Record<string, Deleted>; seen: Seen }>) {
      const [ownBefore, otherBefore] = [await prints(installation(), alpha.id), await prints(installation(), beta.id)];
      const { deleted, seen } = await deleteEverything();
      for (const table of BUSINESS_TABLES) {
        if (table in UNDELETABLE) {
          // refused, and everything of it still there, in both workspaces
          expect({ table, ...deleted[table] }).toEqual({ table, refused: UNDELETABLE[table] });
          expect({ table, ...seen[table] }).toEqual({ table, own: ownBefore[table]!.n, other: otherBefore[table] });
          continue;
        }
        expect({ table, ...deleted[table] }).toEqual({ table, n: ownBefore[table]!.n, foreign: 0 });
        // inside the transaction alpha's rows were gone and beta's were exactly as before
        expect({ table, ...seen[table] }).toEqual({ table, own: 0, other: otherBefore[table] });
      }
      // and the transaction rolled back: alpha is whole again
      expect(await prints(installation(), alpha.id)).toEqual(ownBefore);
    }

    it('a raw transaction deleting from every table under one scope removes that workspace’s rows only', async () => {
      await expectOnlyOwnDeleted(async () => {
        let deleted: Record<string, Deleted> = {};
        let seen: Seen = {};
        const work = alpha.database.rawTransaction(async (tx) => {
          deleted = await deleteAll(BUSINESS_TABLES, async (table) => {
            await tx.exec('savepoint one_table');
            try {
              const [changed] = await tx.query<Changed>(changedSql(`delete from ${table}`, alpha.id));
              await tx.exec('release savepoint one_table');
              return changed!;
            } catch (error) {
              await tx.exec('rollback to savepoint one_table');
              throw error;
            }
          });
          seen = await lookAround((text) => tx.query(text));
          throw new Rollback();
        });
        await expect(work).rejects.toBeInstanceOf(Rollback);
        return { deleted, seen };
      });
    });

    it('a Drizzle transaction (a savepoint per table) deleting from every table under one scope removes that workspace’s rows only', async () => {
      await expectOnlyOwnDeleted(async () => {
        let deleted: Record<string, Deleted> = {};
        let seen: Seen = {};
        const work = alpha.database.db.transaction(async (tx) => {
          deleted = await deleteAll(BUSINESS_TABLES, async (table) =>
            tx.transaction(async (inner) => (await selectRows<Changed>(inner, sql.raw(changedSql(`delete from ${table}`, alpha.id))))[0]!),
          );
          seen = await lookAround((text) => selectRows(tx, sql.raw(text)));
          throw new Rollback();
        });
        await expect(work).rejects.toBeInstanceOf(Rollback);
        return { deleted, seen };
      });
    });
  });

  describe('unique per workspace', () => {
    // alpha and beta are the pair under test; the demo's vigint may hold the same codes too
    const holders = async (query: ReturnType<typeof sql>) =>
      (await selectRows<{ workspace_id: string }>(installation(), query))
        .map((row) => row.workspace_id)
        .filter((id) => id === alpha.id || id === beta.id)
        .sort();

    it('the same plan code, metric code, external customer id and invoice and credit-note numbers exist in both workspaces', async () => {
      const both = [alpha.id, beta.id].sort();
      expect(await holders(sql`select workspace_id from plans where code = 'api_growth' and is_current`)).toEqual(both);
      expect(await holders(sql`select workspace_id from billable_metrics where code = 'api_calls'`)).toEqual(both);
      expect(await holders(sql`select workspace_id from customers where external_id = ${SHARED_EXTERNAL_ID}`)).toEqual(both);
      expect(await holders(sql`select workspace_id from invoices where number = 'INV-2026-0001'`)).toEqual(both);
      expect(await holders(sql`select workspace_id from credit_notes where number = 'CN-2026-0001'`)).toEqual(both);
      expect(await holders(sql`select workspace_id from invoice_number_sequences where series = 'INV-{year}-{number}' and year = 2026`)).toEqual(both);
    });

    it('twice in one workspace is refused by the database, and reported by the domain', async () => {
      for (const [own] of pairs()) {
        const { db } = own.database;
        const [invoice] = await selectRows<{ id: string; customer_id: string; currency: string }>(db, sql`select id, customer_id, currency from invoices where number = 'INV-2026-0001'`);
        const duplicates: Record<string, [ReturnType<typeof sql>, string]> = {
          'current plan code': [sql`insert into plans (code, version, name, currency, interval) values ('api_growth', 99, 'Copy', 'usd', 'month')`, 'plans_one_current_version_key'],
          'plan code and version': [sql`insert into plans (code, version, is_current, name, currency, interval) values ('api_growth', 1, false, 'Copy', 'usd', 'month')`, 'plans_code_version_key'],
          'metric code': [sql`insert into billable_metrics (code, name, unit, aggregation) values ('api_calls', 'Copy', 'call', 'sum')`, 'billable_metrics_code_key'],
          'external customer id': [sql`insert into customers (external_id, name, email, currency) values (${SHARED_EXTERNAL_ID}, 'Copy', 'copy@example.com', 'usd')`, 'customers_external_id_key'],
          'invoice number': [
            sql`insert into invoices (customer_id, kind, currency, status, number) values (${invoice!.customer_id}, 'one_time', ${invoice!.currency}, 'open', 'INV-2026-0001')`,
            'invoices_number_key',
          ],
          'invoice series, year and sequence': [
            sql`insert into invoices (customer_id, kind, currency, status, number, number_series, number_year, number_sequence)
                values (${invoice!.customer_id}, 'one_time', ${invoice!.currency}, 'open', 'INV-2026-9999', 'INV-{year}-{number}', 2026, 1)`,
            'invoices_series_year_sequence_key',
          ],
          'credit note number': [
            sql`insert into credit_notes (number, invoice_id, customer_id, currency, subtotal, tax, total, method, reason)
                values ('CN-2026-0001', ${invoice!.id}, ${invoice!.customer_id}, ${invoice!.currency}, '1', '0', '1', 'credit', 'copy')`,
            'credit_notes_number_key',
          ],
          'numbering counter': [sql`insert into invoice_number_sequences (series, year, last_number) values ('INV-{year}-{number}', 2026, 1)`, 'invoice_number_sequences_workspace_id_series_year_pk'],
        };
        for (const [what, [statement, constraint]] of Object.entries(duplicates)) {
          const error = await db.execute(statement).then(() => null, (caught: unknown) => postgresError(caught));
          expect({ what, code: error?.code }, own.slug).toEqual({ what, code: PG_UNIQUE_VIOLATION });
          if (error?.constraint !== undefined) expect(error.constraint, what).toBe(constraint);
        }
        await expect(createMetric(db, { code: 'api_calls', name: 'Copy', unit: 'call', aggregation: 'sum' })).rejects.toMatchObject({ code: 'metric_exists', status: 409 });
        await expect(
          createCustomer(db, { external_id: SHARED_EXTERNAL_ID, name: 'Copy', email: 'copy@example.com' }, { actor: { type: 'system', id: null }, now: NOW, defaultCurrency: 'usd' }),
        ).rejects.toMatchObject({ code: 'customer_exists', status: 409 });
      }
    });
  });

  describe('without a scope', () => {
    /** Runs a statement in a savepoint of `tx`: its SQLSTATE, or null when it succeeded. */
    const attempt = async (tx: RawTransaction, text: string) => {
      await tx.exec('savepoint attempt');
      try {
        await tx.query(text);
        await tx.exec('release savepoint attempt');
        return null;
      } catch (error) {
        await tx.exec('rollback to savepoint attempt');
        return postgresError(error)?.code ?? String(error);
      }
    };

    it('a statement running as workspace_scoped with no workspace set sees no row of any table and cannot write one', async () => {
      // '' is what app.workspace_id holds on a connection after a scope ended; null where none ever began
      for (const setting of [null, '']) {
        let found: Record<string, unknown> = {};
        const work = get().installation.rawTransaction(async (tx) => {
          if (setting !== null) await tx.query(`select set_config('app.workspace_id', $1, true)`, [setting]);
          await tx.exec('set local role workspace_scoped');
          const rows: Record<string, number> = {};
          for (const table of EXPECTED_TABLES) rows[table] = (await tx.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
          found = {
            who: await tx.query('select current_user as role, public.current_workspace_id() as workspace'),
            rows,
            insert: await attempt(tx, `insert into customers (name, email, currency) values ('Nobody', 'nobody@example.com', 'usd')`),
            insertNamingAWorkspace: await attempt(tx, `insert into customers (workspace_id, name, email, currency) values ('${alpha.id}', 'Nobody', 'nobody@example.com', 'usd')`),
            insertWorkspace: await attempt(tx, `insert into workspaces (slug, name) values ('nobody', 'Nobody')`),
            updated: await tx.query(`update customers set name = 'Changed' returning id`),
            deleted: await tx.query(`delete from usage_events returning id`),
          };
          throw new Rollback();
        });
        await expect(work).rejects.toBeInstanceOf(Rollback);
        expect(found, `app.workspace_id ${JSON.stringify(setting)}`).toEqual({
          who: [{ role: 'workspace_scoped', workspace: null }],
          rows: Object.fromEntries(EXPECTED_TABLES.map((table) => [table, 0])),
          // the policies refuse a row without a workspace (null = null is not true) before NOT NULL would
          insert: PG_INSUFFICIENT_PRIVILEGE,
          insertNamingAWorkspace: PG_INSUFFICIENT_PRIVILEGE,
          insertWorkspace: PG_INSUFFICIENT_PRIVILEGE,
          updated: [],
          deleted: [],
        });
      }
    });

    it('a row written outside any scope, even by the privileged connection, finds no workspace: NOT NULL refuses it', async () => {
      const refused = await get().installation.rawTransaction((tx) => attempt(tx, `insert into customers (name, email, currency) values ('Nobody', 'nobody@example.com', 'usd')`));
      expect(refused).toBe(PG_NOT_NULL_VIOLATION);
      const viaDrizzle = installation().execute(sql`insert into audit_log (actor_type, action, entity_type) values ('system', 'nothing', 'nothing')`);
      expect(await sqlState(viaDrizzle)).toBe(PG_NOT_NULL_VIOLATION);
    });

    it('a setting that is no workspace id fails closed: the policies cannot read it', async () => {
      const garbage = get().installation.rawTransaction(async (tx) => {
        await tx.query(`select set_config('app.workspace_id', 'not-a-workspace', true)`);
        await tx.exec('set local role workspace_scoped');
        return tx.query('select count(*) from customers');
      });
      expect(await sqlState(garbage)).toBe('22P02');
    });

    it('the scoped role cannot bypass RLS: no superuser, no BYPASSRLS, owns nothing, is a member of no other role', async () => {
      const db = installation();
      expect(await selectRows(db, sql`select rolsuper, rolbypassrls, rolcanlogin, rolinherit from pg_roles where rolname = 'workspace_scoped'`)).toEqual([
        { rolsuper: false, rolbypassrls: false, rolcanlogin: false, rolinherit: false },
      ]);
      // an owner is exempt from its table's policies (without FORCE ROW LEVEL SECURITY)
      expect(await selectRows(db, sql`select c.relname from pg_class c where c.relowner = 'workspace_scoped'::regrole`)).toEqual([]);
      expect(await selectRows(db, sql`select n.nspname from pg_namespace n where n.nspowner = 'workspace_scoped'::regrole`)).toEqual([]);
      expect(await selectRows(db, sql`select p.proname from pg_proc p where p.proowner = 'workspace_scoped'::regrole`)).toEqual([]);
      // a member of another role would take on that role's policies (authenticated's catalog read) and rights
      expect(await selectRows(db, sql`select roleid::regrole::text as role from pg_auth_members where member = 'workspace_scoped'::regrole`)).toEqual([]);
      // inside a scope: the scoped role, row security on, the scope's workspace
      expect(await alpha.database.rawTransaction((tx) => tx.query(`select current_user as role, current_setting('row_security') as row_security, public.current_workspace_id() as workspace`))).toEqual([
        { role: 'workspace_scoped', row_security: 'on', workspace: alpha.id },
      ]);
      // switching from the scope to the customers' role finds no customer to be: still nothing of anyone
      const asAuthenticated = await alpha.database.rawTransaction(async (tx) => {
        await tx.exec('set local role authenticated');
        return tx.query<{ customers: number; plans: number; invoices: number }>(
          'select (select count(*)::int from customers) as customers, (select count(*)::int from plans) as plans, (select count(*)::int from invoices) as invoices',
        );
      });
      expect(asAuthenticated).toEqual([{ customers: 0, plans: 0, invoices: 0 }]);
    });
  });

  describe('every table is covered (this fails when a migration adds a table that is not)', () => {
    it('every public table has workspace_id (uuid, NOT NULL, defaulting to the scope), RLS on, one workspace_scoped policy for every command, and the rights it needs and no more', async () => {
      expect(await coverageProblems(installation())).toEqual([]);
      const tables = await selectRows<{ name: string }>(installation(), sql`select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`);
      expect(tables.map((t) => t.name)).toEqual(EXPECTED_TABLES);
    });

    it('the check finds a table added without them, a policy that widens the scope, a view and rights that would go around RLS', async () => {
      let problems: string[] = [];
      const work = installation().transaction(async (tx) => {
        const statements = [
          'create table public.forgotten (id int primary key)',
          'create table public.half_done (workspace_id uuid not null default public.current_workspace_id(), id int)',
          'alter table public.half_done enable row level security',
          `create policy half_done_workspace_scope on public.half_done for all to workspace_scoped
             using (workspace_id = (select public.current_workspace_id())) with check (workspace_id = (select public.current_workspace_id()))`,
          'create policy half_done_everyone on public.half_done for select using (true)',
          'create view public.invoice_totals as select workspace_id, sum(total) as total from public.invoices group by 1',
          'grant truncate on public.customers to workspace_scoped',
        ];
        for (const statement of statements) await tx.execute(sql.raw(statement));
        problems = await coverageProblems(tx);
        throw new Rollback();
      });
      await expect(work).rejects.toBeInstanceOf(Rollback);
      expect(problems.map((p) => p.replace(/;.*/, '')).sort()).toEqual([
        'customers: workspace_scoped may TRUNCATE, which ignores RLS',
        'forgotten: row level security is off',
        'forgotten: no workspace_id column',
        `forgotten: needs exactly one policy for workspace_scoped (or PUBLIC), FOR ALL USING and WITH CHECK ${SCOPE}`,
        `half_done: needs exactly one policy for workspace_scoped (or PUBLIC), FOR ALL USING and WITH CHECK ${SCOPE}`,
        'invoice_totals: a view is read with its owner’s rights, around RLS',
      ].sort());
    });
  });

  describe('signed-in customers, together with workspaces', () => {
    const claimsOf = (userId: string): JwtClaims => ({ sub: userId, role: 'authenticated', aud: 'authenticated', app_metadata: {} });
    const CATALOG = ['plans', 'billable_metrics', 'plan_charges'] as const;

    it('a customer reads the catalog of their own workspace and none of the other’s, and only their own invoices, whichever handle runs the query', async () => {
      for (const [own, other] of pairs()) {
        for (const handle of [own, other]) {
          const seen = await asUser(handle.database.db, claimsOf(own.customerUserId), async (tx) => {
            // the columns every table has: a customer may not select a metric's unit cost, so never `*`
            const read: Record<string, { id: string; workspace_id: string; customer_id?: string }[]> = {};
            for (const table of [...CATALOG, 'invoices', 'customers']) read[table] = await selectRows(tx, sql.raw(`select id, workspace_id from ${table}`));
            return read;
          });
          for (const table of CATALOG) {
            const expected = await selectRows<{ id: string }>(installation(), sql.raw(`select id from ${table} where workspace_id = '${own.id}' order by id`));
            expect(expected.length).toBeGreaterThan(0);
            expect({ table, ids: seen[table]!.map((row) => row.id).sort() }).toEqual({ table, ids: expected.map((row) => row.id) });
          }
          const invoices = await selectRows<{ id: string }>(installation(), sql`select id from invoices where customer_id = ${own.customerUserCustomerId} order by id`);
          expect(invoices.length).toBeGreaterThan(0);
          expect(seen.invoices!.map((row) => row.id).sort()).toEqual(invoices.map((row) => row.id));
          expect(seen.customers!.map((row) => row.id)).toEqual([own.customerUserCustomerId]);
        }
      }
    });

    it('a signed-in user who is nobody’s customer sees no workspace’s catalog', async () => {
      const stranger = claimsOf('00000000-0000-4000-8000-00000000beef');
      const [counts] = await asUser(alpha.database.db, stranger, (tx) =>
        selectRows<{ plans: number; metrics: number; charges: number }>(
          tx,
          sql`select (select count(*)::int from plans) as plans, (select count(*)::int from billable_metrics) as metrics, (select count(*)::int from plan_charges) as charges`,
        ),
      );
      expect(counts).toEqual({ plans: 0, metrics: 0, charges: 0 });
    });
  });

  describe('last: a bare DELETE without WHERE', () => {
    it('empties only the scope’s workspace but its audit log and the customers it names (it destroys alpha, so it runs last)', async () => {
      const otherBefore = await prints(installation(), beta.id);
      // a statement a foreign key refuses fails, rolls back and releases its connection; it is retried after its children are gone
      const deleted = await deleteAll(BUSINESS_TABLES, async (table) => (await selectRows<Changed>(alpha.database.db, sql.raw(changedSql(`delete from ${table}`, alpha.id))))[0]!);
      for (const table of BUSINESS_TABLES) {
        const result = deleted[table]!;
        if ('refused' in result) {
          expect({ table, ...result, left: await countIn(table, alpha.id) > 0 }).toEqual({ table, refused: UNDELETABLE[table], left: true });
          continue;
        }
        expect({ table, foreign: result.foreign, left: await countIn(table, alpha.id) }).toEqual({ table, foreign: 0, left: 0 });
      }
      expect(await prints(installation(), beta.id)).toEqual(otherBefore);
      expect(await selectRows(beta.database.db, sql`select external_id from customers`)).toEqual([{ external_id: SHARED_EXTERNAL_ID }]);
    });
  });
});

/** Fails instead of hanging when a connection was never given back to a pool of one. */
async function within<T>(work: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no connection within ${ms} ms (one was not released)`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

for (const engine of testEngines()) {
  describe(`a scope never outlives its transaction [${engine}]`, () => {
    let test: TestDatabase;
    // on PostgreSQL a pool of ONE connection: every path below takes the same connection the
    // installation handle then gets, so anything a scope left on it would show
    let database: Database;
    let workspaceId: string;
    let otherId: string;

    beforeAll(async () => {
      test = await createTestDatabase(engine);
      database = engine === 'postgres' ? openPostgres({ url: test.url!, poolMax: 1 }) : test.database;
      const rows = await database.installation.db.insert(workspaces).values([{ slug: 'pooled', name: 'Pooled' }, { slug: 'other', name: 'Other' }]).returning();
      [workspaceId, otherId] = [rows[0]!.id, rows[1]!.id];
    });
    afterAll(async () => {
      if (database !== test.database) await database.close();
      await test.drop();
    });

    type ConnectionState = { pid: number; workspace: string | null; role: string; login: string };
    const STATE = `select pg_backend_pid() as pid, nullif(current_setting('app.workspace_id', true), '') as workspace, current_user::text as role, session_user::text as login`;

    it('after every scoped path, whether it committed or failed, the pooled connection is the installation’s again: no workspace, the login role', async () => {
      const installationState = async (after: string) => (await within(selectRows<ConnectionState>(database.installation.db, sql.raw(STATE)), after))[0]!;
      const first = await installationState('start');
      expect(first).toMatchObject({ workspace: null, role: first.login });

      const { db, rawTransaction } = database.inWorkspace(workspaceId);
      const scoped = { workspace: workspaceId, role: 'workspace_scoped' };
      const paths: Record<string, () => Promise<unknown>> = {
        'Drizzle transaction': async () => expect(await db.transaction((tx) => selectRows(tx, sql.raw(STATE)))).toMatchObject([scoped]),
        'Drizzle transaction with an isolation level': async () =>
          expect(
            await db.transaction((tx) => selectRows(tx, sql.raw(`${STATE}, current_setting('transaction_isolation') as isolation`)), { isolationLevel: 'serializable' }),
          ).toMatchObject([{ ...scoped, isolation: 'serializable' }]),
        'Drizzle savepoint': async () => expect(await db.transaction((tx) => tx.transaction((inner) => selectRows(inner, sql.raw(STATE))))).toMatchObject([scoped]),
        'raw transaction': async () => expect(await rawTransaction((tx) => tx.query(STATE))).toMatchObject([scoped]),
        'bare statement': async () => expect(await selectRows(db, sql.raw(STATE))).toMatchObject([scoped]),
        'Drizzle transaction that throws': () =>
          expect(db.transaction(async (tx) => { await tx.execute(sql`insert into customers (name, email, currency) values ('Rolled back', 'r@example.com', 'usd')`); throw new Rollback(); })).rejects.toBeInstanceOf(Rollback),
        'Drizzle transaction whose statement fails': async () =>
          expect(await sqlState(db.transaction((tx) => tx.execute(sql.raw(`insert into customers (workspace_id, name, email, currency) values ('${otherId}', 'X', 'x@example.com', 'usd')`))))).toBe(PG_INSUFFICIENT_PRIVILEGE),
        'raw transaction whose statement fails': async () => expect(await sqlState(rawTransaction((tx) => tx.query('select 1 / 0')))).toBe('22012'),
        'bare statement refused by RLS': async () =>
          expect(await sqlState(db.execute(sql.raw(`insert into customers (workspace_id, name, email, currency) values ('${otherId}', 'X', 'x@example.com', 'usd')`)))).toBe(PG_INSUFFICIENT_PRIVILEGE),
        'bare statement that fails': async () => expect(await sqlState(db.execute(sql`select 1 / 0`))).toBe('22012'),
        'bare statement that is no SQL': async () => expect(await sqlState(db.execute(sql`selec 1`))).toBe('42601'),
      };
      for (const [path, run] of Object.entries(paths)) {
        await within(run(), path);
        // the same backend (released cleanly, not thrown away), and nothing of the scope on it
        expect({ path, ...(await installationState(path)) }).toEqual({ path, ...first });
      }
      // and what the failed paths tried to write is not there
      expect(await selectRows(database.installation.db, sql`select name from customers`)).toEqual([]);
    });

    if (engine === 'postgres') {
      it('a login role that may not take the scope gets the error on every path, and loses no connection doing so', async () => {
        // e.g. the app connecting as another role than the one that ran the migrations (which granted
        // workspace_scoped to itself): a refused BEGIN must not keep the pool's only connection
        const role = `meterbill_unscoped_${randomBytes(4).toString('hex')}`;
        await database.installation.db.execute(sql.raw(`create role ${role} login`));
        const url = new URL(test.url!);
        url.username = role;
        const unscoped = openPostgres({ url: url.toString(), poolMax: 1 });
        try {
          const { db, rawTransaction } = unscoped.inWorkspace(workspaceId);
          for (const attempt of [1, 2, 3]) {
            expect(await sqlState(within(db.transaction((tx) => tx.execute(sql`select 1`)), `Drizzle transaction ${attempt}`))).toBe(PG_INSUFFICIENT_PRIVILEGE);
            expect(await sqlState(within(rawTransaction((tx) => tx.query('select 1')), `raw transaction ${attempt}`))).toBe(PG_INSUFFICIENT_PRIVILEGE);
            expect(await sqlState(within(db.execute(sql`select 1`), `bare statement ${attempt}`))).toBe(PG_INSUFFICIENT_PRIVILEGE);
          }
          expect(await within(selectRows(unscoped.installation.db, sql`select current_user::text as role`), 'installation')).toEqual([{ role }]);
        } finally {
          await within(unscoped.close(), 'closing the pool').finally(() => database.installation.db.execute(sql.raw(`drop role ${role}`)));
        }
      });
    }
  });
}
