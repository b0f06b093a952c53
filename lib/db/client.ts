// One data layer, two engines: real PostgreSQL through node-postgres when a connection string is
// given, otherwise the embedded PGlite. Both hand out the same Drizzle API over the same schema.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

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

export type Database = {
  engine: Engine;
  db: Db;
  rawTransaction<T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

// node-postgres returns numeric as string already; timestamps are parsed to Date (UTC instants).
// Dates (type 1082) stay strings so a calendar day never shifts with the server's time zone.
pg.types.setTypeParser(1082, (value: string) => value);

export type PostgresOptions = { url: string; poolMax?: number; applicationName?: string };

export function openPostgres({ url, poolMax = 10, applicationName = 'meterbill' }: PostgresOptions): Database {
  // Supabase's transaction pooler cannot keep prepared statements between transactions; Drizzle
  // over node-postgres sends unnamed statements, which the pooler accepts.
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: applicationName });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    engine: 'postgres',
    db,
    async rawTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
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
    },
    close: () => pool.end(),
  };
}

/** dataDir undefined → in memory (tests); a folder → persisted there. */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? { dataDir } : {});
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    rawTransaction: (fn) =>
      client.transaction((tx) =>
        fn({
          query: async <Row,>(text: string, params?: unknown[]) => (await tx.query<Row>(text, params)).rows,
          exec: async (script: string) => {
            await tx.exec(script);
          },
        }),
      ),
    close: () => client.close(),
  };
}
