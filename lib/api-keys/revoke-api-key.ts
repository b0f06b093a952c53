import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';

/** Revoking twice is fine (the first revocation time stays); an unknown id is 404. */
export async function revokeApiKey(db: Queryable, id: string, actor: Actor, now: Date) {
  const [existing] = await db.select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt, prefix: apiKeys.prefix }).from(apiKeys).where(eq(apiKeys.id, id));
  if (!existing) throw notFound('API key');
  if (!existing.revokedAt) {
    await db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
    await writeAuditEntries(db, actor, [{ action: 'api_key.revoked', entityType: 'api_key', entityId: id, details: { prefix: existing.prefix, before: { revoked_at: null }, after: { revoked_at: now.toISOString() } } }]);
  }
  return { id, revoked_at: (existing.revokedAt ?? now).toISOString() };
}

export async function listApiKeys(db: Queryable) {
  const rows = await db.select().from(apiKeys).orderBy(apiKeys.createdAt);
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    workspace_id: k.workspaceId,
    created: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
  }));
}
