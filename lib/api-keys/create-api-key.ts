import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { API_KEY_SCOPES, apiKeys } from '@/lib/db/schema';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key-format';

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).transform((s) => [...new Set(s)]),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

/** Returns the key in clear exactly once; afterwards only its hash and prefix exist. */
export async function createApiKey(db: Queryable, input: CreateApiKeyInput, actor: Actor) {
  const { name, scopes } = createApiKeySchema.parse(input);
  const key = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ name, scopes, prefix: apiKeyPrefix(key), keyHash: hashApiKey(key), createdBy: actor.id ? `${actor.type}:${actor.id}` : actor.type })
    .returning({ id: apiKeys.id, prefix: apiKeys.prefix, scopes: apiKeys.scopes, name: apiKeys.name, createdAt: apiKeys.createdAt });
  await writeAuditEntries(db, actor, [
    {
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: row!.id,
      // never the key, nor its hash
      details: { name, scopes, prefix: row!.prefix, after: { name, scopes, prefix: row!.prefix, revoked: false } },
    },
  ]);
  return { ...row!, key };
}
