// The database the app and the CLI use: DATABASE_URL → real PostgreSQL; unset → the embedded PGlite
// under .data/, migrated and filled with demo data on first start so a newcomer sees the product.
import path from 'node:path';
import { billingConfig } from '@/lib/config/billing-config';
import { env } from '@/lib/env';
import { openPglite, openPostgres, type Database } from './client';
import { migrate } from './migrate';
import { seedDemoData } from './seed/demo-data';

type Holder = { databasePromise?: Promise<Database> };
// Kept on globalThis so `next dev`'s module reloading does not open a second PGlite on the same folder.
const holder = globalThis as typeof globalThis & { __meterbill?: Holder };

export function embeddedDataDir(): string {
  return env().PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
}

async function openAppDatabase(): Promise<Database> {
  const e = env();
  if (e.DATABASE_URL) {
    // A real server is migrated on purpose (supabase db push, `npm run billing -- migrate` or
    // POST /api/billing/setup), never behind the operator's back on the first request.
    return openPostgres({ url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX });
  }
  const database = await openPglite(embeddedDataDir());
  await migrate(database);
  const seeded = await seedDemoData(database.db, { now: new Date(), config: billingConfig(e), onlyIfEmpty: true });
  if (seeded) console.log(`[db] embedded database created in ${embeddedDataDir()} with demo data`);
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
