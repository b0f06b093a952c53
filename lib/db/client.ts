// One data layer, two engines: real PostgreSQL through node-postgres when a connection string is
// given, otherwise the embedded PGlite. Both hand out the same Drizzle API over the same schema.
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';
import { DEFAULT_WORKSPACE_ID } from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; it offers everything Db does. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or a transaction in it: domain functions take this so callers can compose them. */
export type Queryable = Db | Tx;

/** Rows of a raw `sql` query; both drivers answer with a result object carrying `rows`. */
export async function selectRows<Row>(db: Queryable, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

export type Engine = 'postgres' | 'pglite';

/** Plain SQL on one connection inside one transaction: for migrations, which need multi-statement scripts. */
export type RawTransaction = {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  exec(script: string): Promise<void>;
};

/** One connection's worth of access: the Drizzle API and raw transactions, in one scope. */
export type Connection = {
  db: Db;
  rawTransaction<T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T>;
};

/**
 * A database handle scoped to one workspace. Every statement it sends, bare or in a transaction,
 * runs as role workspace_scoped with app.workspace_id set to `workspaceId` for that transaction
 * only, so the RLS policies confine it to that workspace whatever its WHERE says (and a pooler in
 * transaction mode never carries the scope over to someone else).
 */
export type Database = Connection & {
  engine: Engine;
  workspaceId: string;
  /** The same database scoped to another workspace (handles are cached, one per workspace). */
  inWorkspace(workspaceId: string): Database;
  /**
   * The privileged connection outside any workspace. Only for what is above workspaces: migrations,
   * the workspaces and membership tables, finding the workspace of an API key or a Stripe account.
   */
  installation: Connection;
  close(): Promise<void>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The statements that open a workspace scope inside a transaction; the id is checked, never raw input.
 * SETs rather than a SELECT set_config(): they take no snapshot, so a transaction's own SET TRANSACTION
 * (an isolation level, which Drizzle on PGlite sends after the scope) may still follow them.
 */
function scopeStatements(workspaceId: string): string {
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${workspaceId}`);
  return `SET LOCAL app.workspace_id = '${workspaceId}'; SET LOCAL ROLE workspace_scoped`;
}

/**
 * Opens `workspaceId`'s scope inside a transaction of the installation connection, for work that is
 * mostly the workspace's and ends above it in the same transaction (erasing a customer deletes their
 * sign-in in auth.users): `RESET ROLE` later in the transaction leaves the scope.
 */
export async function enterWorkspaceScope(tx: Queryable, workspaceId: string): Promise<void> {
  for (const statement of scopeStatements(workspaceId).split('; ')) await tx.execute(sql.raw(statement));
}

/** Builds the per-workspace handles on demand and keeps one per workspace. */
function scopedDatabases(engine: Engine, installation: Connection, scope: (workspaceId: string) => Connection, close: () => Promise<void>) {
  const handles = new Map<string, Database>();
  const inWorkspace = (workspaceId: string): Database => {
    let handle = handles.get(workspaceId);
    if (!handle) {
      handle = { engine, workspaceId, ...scope(workspaceId), inWorkspace, installation, close };
      handles.set(workspaceId, handle);
    }
    return handle;
  };
  return inWorkspace(DEFAULT_WORKSPACE_ID);
}

// node-postgres returns numeric as string already; timestamps are parsed to Date (UTC instants).
// Dates (type 1082) stay strings so a calendar day never shifts with the server's time zone.
pg.types.setTypeParser(1082, (value: string) => value);

export type PostgresOptions = { url: string; poolMax?: number; applicationName?: string };

type QueryText = string | { text: string };
const isBegin = (config: QueryText, values?: unknown[]) =>
  !values?.length && /^\s*begin\b/i.test(typeof config === 'string' ? config : config.text);

/**
 * A pool Drizzle treats as node-postgres's own (its class name says Pool) whose transactions open the
 * workspace scope right after BEGIN, in the same round trip, and whose bare statements each run in a
 * transaction of their own with the scope.
 */
class WorkspaceScopedPool {
  constructor(
    private readonly pool: pg.Pool,
    private readonly scope: string,
  ) {}

  async connect() {
    const client = await this.pool.connect();
    const scope = this.scope;
    const begin = async (text: string) => {
      try {
        return await client.query(`${text}; ${scope}`);
      } catch (error) {
        // Drizzle releases the client only once its BEGIN succeeded; a refused scope (a login role not
        // granted workspace_scoped) would otherwise keep the connection out of the pool for good
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    };
    return {
      query: (config: QueryText, values?: unknown[]) =>
        isBegin(config, values) ? begin(typeof config === 'string' ? config : config.text) : client.query(config as never, values as never),
      release: (error?: Error | boolean) => client.release(error),
    };
  }

  async query(config: QueryText, values?: unknown[]) {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; ${this.scope}`);
      const result = await client.query(config as never, values as never);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

async function pgRawTransaction<T>(pool: pg.Pool, scope: string | null, fn: (tx: RawTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(scope ? `BEGIN; ${scope}` : 'BEGIN');
    const result = await fn({
      query: async <Row,>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as Row[],
      exec: async (script: string) => {
        await client.query(script);
      },
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function openPostgres({ url, poolMax = 10, applicationName = 'meterbill' }: PostgresOptions): Database {
  // Supabase's transaction pooler cannot keep prepared statements between transactions; Drizzle
  // over node-postgres sends unnamed statements, which the pooler accepts.
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: applicationName });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  const installation: Connection = {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    rawTransaction: (fn) => pgRawTransaction(pool, null, fn),
  };
  return scopedDatabases(
    'postgres',
    installation,
    (workspaceId) => {
      const scope = scopeStatements(workspaceId);
      return {
        db: drizzlePg({ client: new WorkspaceScopedPool(pool, scope) as unknown as pg.Pool, schema }) as unknown as Db,
        rawTransaction: (fn) => pgRawTransaction(pool, scope, fn),
      };
    },
    () => pool.end(),
  );
}

/** dataDir undefined → in memory (tests); a folder → persisted there. */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? { dataDir } : {});
  const rawTransaction = <T,>(scope: string | null, fn: (tx: RawTransaction) => Promise<T>) =>
    client.transaction(async (tx) => {
      if (scope) await tx.exec(scope);
      return fn({
        query: async <Row,>(text: string, params?: unknown[]) => (await tx.query<Row>(text, params)).rows,
        exec: async (script: string) => {
          await tx.exec(script);
        },
      });
    });
  const installation: Connection = {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    rawTransaction: (fn) => rawTransaction(null, fn),
  };
  return scopedDatabases(
    'pglite',
    installation,
    (workspaceId) => {
      const scope = scopeStatements(workspaceId);
      // PGlite is one connection: a scoped statement is a transaction that opens the scope first
      const scoped = {
        query: (text: string, params?: unknown[], options?: Parameters<PGlite['query']>[2]) =>
          client.transaction(async (tx) => {
            await tx.exec(scope);
            return tx.query(text, params, options);
          }),
        transaction: <T,>(fn: (tx: Transaction) => Promise<T>) =>
          client.transaction(async (tx) => {
            await tx.exec(scope);
            return fn(tx);
          }),
      };
      return {
        db: drizzlePglite({ client: scoped as unknown as PGlite, schema }) as unknown as Db,
        rawTransaction: (fn) => rawTransaction(scope, fn),
      };
    },
    () => client.close(),
  );
}
