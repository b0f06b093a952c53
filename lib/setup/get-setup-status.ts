// GET /api/billing/setup's health report: is the schema there and current, how much is in it, what
// the recurring revenue is and when billing last ran.
import { desc, getTableName, isTable, sql } from 'drizzle-orm';
import { selectRows, type Database } from '@/lib/db/client';
import { currentMigration, readMigrations } from '@/lib/db/migrate';
import * as schema from '@/lib/db/schema';
import { getRevenueSummary } from '@/lib/revenue/revenue-summary';

export const EXPECTED_TABLES = Object.values(schema as Record<string, unknown>)
  .flatMap((value) => (isTable(value) ? [getTableName(value)] : []))
  .sort();

export async function getSetupStatus(database: Database, defaultCurrency: string) {
  const { db } = database;
  const present = await selectRows<{ name: string; present: boolean }>(
    db,
    sql`select t.name, to_regclass('public.' || quote_ident(t.name)) is not null as present
        from unnest(${sql.raw(`array[${EXPECTED_TABLES.map((n) => `'${n}'`).join(',')}]::text[]`)}) as t(name)`,
  );
  const tables = Object.fromEntries(present.map((row) => [row.name, row.present]));
  const migration = await currentMigration(database);
  const latest = readMigrations().at(-1);
  const latestName = latest ? `${latest.version}_${latest.name}` : null;
  const schemaReady = present.every((row) => row.present);

  if (!schemaReady) {
    return {
      ok: false,
      database: { engine: database.engine, migration, latest_migration: latestName, up_to_date: false, tables },
      counts: null,
      revenue: null,
      last_automation_run: null,
    };
  }
  const [invoiceCount] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.invoices);
  const revenue = await getRevenueSummary(db, defaultCurrency);
  const [lastRun] = await db.select().from(schema.billingAutomationLog).orderBy(desc(schema.billingAutomationLog.startedAt), sql`${schema.billingAutomationLog.finishedAt} desc nulls first`).limit(1);
  return {
    ok: migration === latestName,
    database: { engine: database.engine, migration, latest_migration: latestName, up_to_date: migration === latestName, tables },
    counts: {
      customers: revenue.total_customers,
      active_subscriptions: revenue.active_subscriptions,
      invoices: invoiceCount?.n ?? 0,
    },
    revenue: { mrr: revenue.mrr, currency: revenue.currency },
    last_automation_run: lastRun
      ? {
          id: lastRun.id,
          trigger: lastRun.trigger,
          status: lastRun.status,
          started_at: lastRun.startedAt.toISOString(),
          finished_at: lastRun.finishedAt?.toISOString() ?? null,
          invoiced: lastRun.invoiced,
          failed: lastRun.failed,
        }
      : null,
  };
}
