import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';
import { hashApiKey, looksLikeApiKey } from './api-key-format';

export type ApiKeyPrincipal = { id: string; name: string; prefix: string; scopes: string[] };

// last_used_at is written at most once a minute per key: ingestion sends many requests a second and
// must not turn every one into an UPDATE of the same row.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(db: Queryable, presented: string, now: Date): Promise<ApiKeyPrincipal | null> {
  if (!looksLikeApiKey(presented)) return null;
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(presented)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  }
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes };
}
