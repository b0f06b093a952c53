// Applies supabase/migrations/*.sql in name order, each once, on either engine. The files are the
// ones `supabase db push` applies on a Supabase project; a version Supabase's CLI already recorded
// counts as applied here too, so the two never fight.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database, RawTransaction } from './client';

export type Migration = { version: string; name: string; sql: string };

const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export function migrationsDir(): string {
  return path.join(process.cwd(), 'supabase', 'migrations');
}

export function readMigrations(dir: string = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => {
      const [, version, name] = FILE_PATTERN.exec(file) as RegExpExecArray;
      return { version: version as string, name: name as string, sql: readFileSync(path.join(dir, file), 'utf8') };
    });
}

async function appliedVersions(tx: RawTransaction): Promise<Set<string>> {
  const ours = await tx.query<{ version: string }>('SELECT version FROM billing_internal.schema_migrations');
  const supabase = await tx.query<{ present: boolean }>(
    "SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL AS present",
  );
  const versions = new Set(ours.map((r) => r.version));
  if (supabase[0]?.present) {
    const theirs = await tx.query<{ version: string }>('SELECT version FROM supabase_migrations.schema_migrations');
    for (const row of theirs) versions.add(row.version);
  }
  return versions;
}

export type MigrationResult = { applied: string[]; latest: string | null };

/**
 * Runs every pending migration in one transaction under an advisory lock, so two processes starting
 * together (several serverless instances, parallel test workers) neither race nor half-apply.
 */
export async function migrate(database: Database, migrations: Migration[] = readMigrations()): Promise<MigrationResult> {
  return database.installation.rawTransaction(async (tx) => {
    // the lock comes first: even CREATE ... IF NOT EXISTS races against a concurrent creator
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('billing_internal.schema_migrations'))");
    await tx.exec(`
      CREATE SCHEMA IF NOT EXISTS billing_internal;
      CREATE TABLE IF NOT EXISTS billing_internal.schema_migrations (
        version text PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
    `);
    const done = await appliedVersions(tx);
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO billing_internal.schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(`${migration.version}_${migration.name}`);
    }
    const last = migrations.at(-1);
    return { applied, latest: last ? `${last.version}_${last.name}` : null };
  });
}

/** The newest migration recorded in the database, or null before the first. */
export async function currentMigration(database: Database): Promise<string | null> {
  return database.installation.rawTransaction(async (tx) => {
    const exists = await tx.query<{ present: boolean }>(
      "SELECT to_regclass('billing_internal.schema_migrations') IS NOT NULL AS present",
    );
    if (!exists[0]?.present) return null;
    const rows = await tx.query<{ version: string; name: string }>(
      'SELECT version, name FROM billing_internal.schema_migrations ORDER BY version DESC LIMIT 1',
    );
    return rows[0] ? `${rows[0].version}_${rows[0].name}` : null;
  });
}
