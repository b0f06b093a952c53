// Databases for integration suites: always an in-memory PGlite, and a fresh database on the real
// PostgreSQL named by TEST_DATABASE_URL when it is set. Each suite gets its own database, created
// and dropped here; a non-local server is refused so a test can never touch someone's real data.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPglite, openPostgres, type Database, type Engine } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);

export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

function localServerUrl(): URL {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  if (!LOCAL_HOSTS.has(url.hostname)) {
    throw new Error(`TEST_DATABASE_URL points at ${url.hostname}; tests only run against a local PostgreSQL`);
  }
  return url;
}

export type TestDatabase = { database: Database; url: string | null; drop(): Promise<void> };

export async function createTestDatabase(engine: Engine, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (engine === 'pglite') {
    const database = await openPglite();
    if (migrated) await migrate(database);
    return { database, url: null, drop: () => database.close() };
  }
  const server = localServerUrl();
  const name = `meterbill_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  const database = openPostgres({ url: url.toString(), poolMax: 20 });
  if (migrated) await migrate(database);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: server.toString() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** Runs the suite once per engine; `get()` returns that engine's freshly migrated database. */
export function describeEachEngine(title: string, suite: (get: () => Database, engine: Engine) => void) {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let testDb: TestDatabase | undefined;
      beforeAll(async () => {
        testDb = await createTestDatabase(engine);
      });
      afterAll(async () => {
        await testDb?.drop();
      });
      suite(() => {
        if (!testDb) throw new Error('test database not ready');
        return testDb.database;
      }, engine);
    });
  }
}
