import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { apiKeys, workspaces } from '@/lib/db/schema';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { hashApiKey, looksLikeApiKey } from './api-key-format';

/** A key and the one workspace it acts in. */
export type ApiKeyPrincipal = { id: string; name: string; prefix: string; scopes: string[]; workspace: Workspace };

// last_used_at is written at most once a minute per key: ingestion sends many requests a second and
// must not turn every one into an UPDATE of the same row.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Runs on the installation connection: which workspace a key belongs to is what this answers, so it
 * cannot run inside one. The key and its workspace come back in one query.
 */
export async function authenticateApiKey(installation: Queryable, presented: string, now: Date): Promise<ApiKeyPrincipal | null> {
  if (!looksLikeApiKey(presented)) return null;
  const db = installation;
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt, workspace: workspaces })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(presented)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  }
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, workspace: row.workspace };
}
