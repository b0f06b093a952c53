// GET /api/admin/billing/audit-log: the workspace's audit entries, newest first, filtered by what they
// are about and who did it, paged with starting_after (API.md conventions). It reads through the
// caller's workspace-scoped handle, so RLS keeps every other workspace's entries out whatever the
// filters say. Entries are never changed (the table is append-only), so a page stays what it was.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema';

export const AUDIT_ACTOR_TYPES = auditLog.actorType.enumValues;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** A filter left empty (an HTML form's "All") is no filter. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** The API's query string; strict, so a misspelt filter is named rather than ignored. */
export const listAuditEntriesQuery = z.strictObject({
  entity_type: optional(z.string().trim().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be an entity type such as invoice or customer')),
  entity_id: optional(z.string().trim().min(1).max(200, 'must be at most 200 characters')),
  action: optional(z.string().trim().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,3}$/, 'must be an action such as invoice.finalized')),
  customer_id: optional(z.uuid({ message: 'must be a customer id (uuid)' })),
  actor_type: optional(z.enum(AUDIT_ACTOR_TYPES, { error: `must be one of ${AUDIT_ACTOR_TYPES.join(', ')}` })),
  actor_id: optional(z.string().trim().min(1).max(200, 'must be at most 200 characters')),
  limit: optional(z.coerce.number({ error: 'must be a number from 1 to 100' }).int('must be a whole number').min(1, 'must be 1 or more').max(100, 'must be 100 or less')),
  starting_after: optional(z.string().regex(/^[1-9]\d{0,17}$/, 'must be an audit entry id from the previous page')),
});
export type ListAuditEntriesQuery = z.output<typeof listAuditEntriesQuery>;
export type AuditFilters = Omit<ListAuditEntriesQuery, 'limit' | 'starting_after'>;

type AuditRow = typeof auditLog.$inferSelect;

/**
 * An entry as the API shows it. `changes` is what the write replaced and why (the details' before,
 * after and reason, null where the writer recorded none); `details` holds the entry's other facts
 * (numbers, totals, ids it relates to).
 */
export type AuditEntryJson = {
  id: string;
  at: string;
  actor: { type: AuditActorType; id: string | null };
  action: string;
  entity_type: string;
  entity_id: string | null;
  customer_id: string | null;
  changes: { before: Record<string, unknown> | null; after: Record<string, unknown> | null; reason: string | null };
  details: Record<string, unknown>;
};

const record = (value: unknown): Record<string, unknown> | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

export function toAuditEntryJson(row: AuditRow): AuditEntryJson {
  const { before, after, reason, ...rest } = row.details ?? {};
  return {
    id: String(row.id),
    at: row.createdAt.toISOString(),
    actor: { type: row.actorType, id: row.actorId },
    action: row.action,
    entity_type: row.entityType,
    entity_id: row.entityId,
    customer_id: row.customerId,
    changes: { before: record(before), after: record(after), reason: typeof reason === 'string' ? reason : null },
    details: rest,
  };
}

export function auditConditions(filters: AuditFilters): SQL | undefined {
  const where: SQL[] = [];
  if (filters.entity_type) where.push(eq(auditLog.entityType, filters.entity_type));
  if (filters.entity_id) where.push(eq(auditLog.entityId, filters.entity_id));
  if (filters.action) where.push(eq(auditLog.action, filters.action));
  if (filters.customer_id) where.push(eq(auditLog.customerId, filters.customer_id));
  if (filters.actor_type) where.push(eq(auditLog.actorType, filters.actor_type));
  if (filters.actor_id) where.push(eq(auditLog.actorId, filters.actor_id));
  return and(...where);
}

/** Newest first: by when it happened (the demo seed writes a history after the fact), then by id. */
export const AUDIT_ORDER = [desc(auditLog.createdAt), desc(auditLog.id)] as const;

export async function listAuditEntries(db: Queryable, query: ListAuditEntriesQuery, { defaultLimit = 100 }: { defaultLimit?: number } = {}): Promise<{ data: AuditEntryJson[]; has_more: boolean }> {
  const limit = query.limit ?? defaultLimit;
  const conditions = [auditConditions(query)];
  if (query.starting_after) {
    // an id that is not an entry here (another workspace's, or none) has no row: the page is empty
    conditions.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (select a.created_at, a.id from audit_log a where a.id = ${query.starting_after}::bigint)`);
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(...AUDIT_ORDER)
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map(toAuditEntryJson), has_more: rows.length > limit };
}
