import { createApiKey, createApiKeySchema } from '@/lib/api-keys/create-api-key';
import { listApiKeys } from '@/lib/api-keys/revoke-api-key';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/api-keys - keys with prefix, scopes, last use; never the key itself
export const GET = withAdmin(async ({ db }) => Response.json({ data: await listApiKeys(db), has_more: false }));

// POST /api/admin/billing/api-keys - create a key; the answer is the only time it is shown
export const POST = withAdmin(async ({ req, db, actor }) => {
  const input = await readJson(req, createApiKeySchema);
  const created = await createApiKey(db, input, actor);
  return Response.json(
    { id: created.id, name: created.name, key: created.key, prefix: created.prefix, scopes: created.scopes, created: created.createdAt.toISOString() },
    { status: 201, headers: { 'cache-control': 'no-store' } },
  );
});
