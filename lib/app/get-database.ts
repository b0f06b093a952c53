// The database the app uses: DATABASE_URL → real PostgreSQL; unset → the embedded PGlite under .data/,
// created on first start migrated and filled with the demo so a newcomer sees the product. It sits
// above the domains (the demo is made by them), so lib/db stays free of them.
import { existsSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { billingConfig } from '@/lib/config/billing-config';
import { openPglite, openPostgres, type Database } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { env } from '@/lib/env';

type Holder = { databasePromise?: Promise<Database> };
// Kept on globalThis so `next dev`'s module reloading does not open a second PGlite on the same folder.
const holder = globalThis as typeof globalThis & { __meterbill?: Holder };

export function embeddedDataDir(): string {
  return env().PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
}

/**
 * A new embedded database is built beside its folder and moved into place once migrated and seeded:
 * the demo takes several transactions to make, and a first start stopped halfway must not leave a
 * half-made demo that later starts would keep.
 */
async function createEmbedded(dataDir: string, now: Date): Promise<void> {
  const building = `${dataDir}.creating`;
  rmSync(building, { recursive: true, force: true });
  const database = await openPglite(building);
  try {
    await migrate(database);
    await seedDemoData(database, { now, config: billingConfig(), onlyIfEmpty: true });
  } finally {
    await database.close();
  }
  // an empty folder made beforehand (a volume mount) is replaced; one with files in it is an error
  if (existsSync(dataDir)) rmdirSync(dataDir);
  renameSync(building, dataDir);
  console.log(`[db] embedded database created in ${dataDir} with demo data`);
}

async function openAppDatabase(): Promise<Database> {
  const e = env();
  if (e.DATABASE_URL) {
    // A real server is migrated on purpose (supabase db push, `npm run billing -- migrate` or
    // POST /api/billing/setup), never behind the operator's back on the first request.
    return openPostgres({ url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX });
  }
  const dataDir = embeddedDataDir();
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await createEmbedded(dataDir, new Date());
  const database = await openPglite(dataDir);
  await migrate(database);
  // a folder the CLI created (`npm run billing -- migrate`) gets the demo on the app's first start
  if (await seedDemoData(database, { now: new Date(), config: billingConfig(e), onlyIfEmpty: true })) {
    console.log(`[db] demo data added to the embedded database in ${dataDir}`);
  }
  return database;
}

export function getDatabase(): Promise<Database> {
  const state = (holder.__meterbill ??= {});
  state.databasePromise ??= openAppDatabase().catch((error: unknown) => {
    // let the next request try again instead of caching the failure forever
    state.databasePromise = undefined;
    throw error;
  });
  return state.databasePromise;
}

export async function closeDatabase(): Promise<void> {
  const state = holder.__meterbill;
  if (!state?.databasePromise) return;
  const database = await state.databasePromise;
  state.databasePromise = undefined;
  await database.close();
}
