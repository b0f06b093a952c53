// Many rows into one table as a single JSON parameter. Drizzle's multi-row insert binds one parameter
// per column and row and builds the statement a value at a time: for a billing batch of 50 invoices
// (41 columns) with their lines, snapshots and audit entries that was 43% of the batch's JavaScript time
// (npm run bench:billing). Here the rows are one JSON.stringify, and PostgreSQL reads them back with
// the table's own column types (json_populate_recordset).
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { selectRows, type Queryable } from './client';

/**
 * Columns named in a row are inserted from it (null stays null); the others take their defaults, so
 * every row must name the same columns (as Drizzle's values() would give them a default per row).
 */
function insertStatement<T extends PgTable>(table: T, rows: T['$inferInsert'][]): SQL {
  const named = Object.entries(getTableColumns(table))
    .filter(([key]) => (rows[0] as Record<string, unknown>)[key] !== undefined)
    .map(([key, column]) => ({ key, name: column.name }));
  const payload = rows.map((row) => {
    const record = row as Record<string, unknown>;
    const stored: Record<string, unknown> = {};
    for (const { key, name } of named) stored[name] = record[key];
    let given = 0;
    for (const key in record) if (record[key] !== undefined) given++;
    if (given !== named.length || named.some(({ name }) => stored[name] === undefined)) {
      throw new Error(`insertRows(${getTableName(table)}): every row must name the same columns (${named.map(({ key }) => key).join(', ')})`);
    }
    return stored;
  });
  const columns = sql.join(
    named.map(({ name }) => sql.identifier(name)),
    sql`, `,
  );
  return sql`insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ${JSON.stringify(payload)}::json)`;
}

/**
 * Inserts `rows` into `table` in one statement. `onConflictDoNothing`: a row that collides with a
 * unique index is dropped (the outbox's dedupe key), the others are written.
 */
export async function insertRows<T extends PgTable>(db: Queryable, table: T, rows: T['$inferInsert'][], { onConflictDoNothing = false } = {}): Promise<void> {
  if (rows.length > 0) await db.execute(onConflictDoNothing ? sql`${insertStatement(table, rows)} on conflict do nothing` : insertStatement(table, rows));
}

/** Inserts `rows` into `table` in one statement and answers the stored rows as Drizzle would select them (in no promised order). */
export async function insertRowsReturning<T extends PgTable>(db: Queryable, table: T, rows: T['$inferInsert'][]): Promise<T['$inferSelect'][]> {
  if (rows.length === 0) return [];
  const stored = await selectRows<Record<string, unknown>>(db, sql`${insertStatement(table, rows)} returning *`);
  const columns = Object.entries(getTableColumns(table));
  return stored.map(
    (row) => Object.fromEntries(columns.map(([key, column]) => [key, row[column.name] === null ? null : column.mapFromDriverValue(row[column.name])])) as T['$inferSelect'],
  );
}
