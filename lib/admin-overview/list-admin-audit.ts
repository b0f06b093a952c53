import 'server-only';
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditConditions, AUDIT_ORDER, listAuditEntriesQuery, toAuditEntryJson, type AuditEntryJson } from '@/lib/audit/list-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema';
import { userEmails } from '@/lib/workspaces/find-user';
import type { AdminWorkspace } from './require-admin';

export const DEFAULT_AUDIT_PAGE_SIZE = 50;
/** How many entries an object's own page shows in its History section; /admin/audit pages through the rest. */
export const HISTORY_LIMIT = 25;

/**
 * /admin/audit's query string: the API's filters (strict, so a misspelt one is named), paged by
 * number like the other admin lists.
 */
export const adminAuditFilters = listAuditEntriesQuery.omit({ limit: true, starting_after: true }).extend({
  page: z.coerce.number({ error: 'must be a page number' }).int('must be a whole page number').min(1, 'must be 1 or more').max(100_000).optional(),
  per_page: z.enum(['10', '25', '50', '100'], { error: 'must be 10, 25, 50 or 100' }).transform(Number).optional(),
});
export type AdminAuditFilters = z.output<typeof adminAuditFilters>;

/** An entry with the email of the user who acted (read now from the account, never stored in the log). */
export type AdminAuditEntry = AuditEntryJson & { actorEmail: string | null };

export type AdminAuditList = {
  entries: AdminAuditEntry[];
  matching: number;
  page: number;
  pages: number;
  /** the entity types and actions the workspace's log holds, for the filters' menus */
  entityTypes: string[];
  actions: string[];
};

async function withActorEmails(installation: Queryable, entries: AuditEntryJson[]): Promise<AdminAuditEntry[]> {
  const userIds = [...new Set(entries.filter((e) => e.actor.type === 'user' && e.actor.id).map((e) => e.actor.id!))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const emails = userIds.length ? await userEmails(installation, userIds) : new Map<string, string | null>();
  return entries.map((e) => ({ ...e, actorEmail: e.actor.type === 'user' && e.actor.id ? (emails.get(e.actor.id) ?? null) : null }));
}

/** /admin/audit: a page of the workspace's audit entries (RLS keeps them in the workspace), newest first. */
export async function listAdminAudit({ database }: AdminWorkspace, filters: AdminAuditFilters): Promise<AdminAuditList> {
  const { db } = database;
  const pageSize = filters.per_page ?? DEFAULT_AUDIT_PAGE_SIZE;
  const where = auditConditions(filters);
  const [[{ matching } = { matching: 0 }], types, actions] = await Promise.all([
    db.select({ matching: sql<number>`count(*)::int` }).from(auditLog).where(where),
    db.selectDistinct({ value: auditLog.entityType }).from(auditLog).orderBy(auditLog.entityType).limit(200),
    db.selectDistinct({ value: auditLog.action }).from(auditLog).orderBy(auditLog.action).limit(500),
  ]);
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const page = Math.min(filters.page ?? 1, pages);
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(...AUDIT_ORDER)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    entries: await withActorEmails(database.installation.db, rows.map(toAuditEntryJson)),
    matching,
    page,
    pages,
    entityTypes: types.map((t) => t.value),
    actions: actions.map((a) => a.value),
  };
}

/**
 * What an object's History shows: the entries about it, and those that name it (`<type>_id` in their
 * details, as a credit note names its invoice; for a customer, everything of theirs).
 */
function historyConditions(entityType: string, entityIds: readonly string[]): SQL {
  const about = and(eq(auditLog.entityType, entityType), inArray(auditLog.entityId, [...entityIds]))!;
  const naming = sql`${auditLog.details} ->> ${`${entityType}_id`} in (${sql.join(entityIds.map((id) => sql`${id}`), sql`, `)})`;
  const clauses: SQL[] = [about, naming];
  const [only] = entityIds;
  if (entityType === 'customer' && entityIds.length === 1 && /^[0-9a-f-]{36}$/i.test(only!)) clauses.push(eq(auditLog.customerId, only!));
  return or(...clauses)!;
}

/**
 * The newest entries of one object's history, and whether there are more. An object kept as several
 * rows (a plan's versions, each its own id) passes all of their ids.
 */
export async function getAuditHistory({ database }: AdminWorkspace, entityType: string, entityIds: string | readonly string[]): Promise<{ entries: AdminAuditEntry[]; hasMore: boolean }> {
  const ids = typeof entityIds === 'string' ? [entityIds] : entityIds;
  if (ids.length === 0) return { entries: [], hasMore: false };
  const rows = await database.db
    .select()
    .from(auditLog)
    .where(historyConditions(entityType, ids))
    .orderBy(...AUDIT_ORDER)
    .limit(HISTORY_LIMIT + 1);
  return { entries: await withActorEmails(database.installation.db, rows.slice(0, HISTORY_LIMIT).map(toAuditEntryJson)), hasMore: rows.length > HISTORY_LIMIT };
}
