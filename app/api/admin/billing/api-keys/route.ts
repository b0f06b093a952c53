import { z } from 'zod';
import { createApiKey, createApiKeySchema } from '@/lib/api-keys/create-api-key';
import { listApiKeys } from '@/lib/api-keys/revoke-api-key';
import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { assertMayChange, workspaceAccess } from '@/lib/workspaces/workspace-access';

// workspace_id picks the workspace the key acts in; the key itself is made inside that workspace
const createApiKeyRequest = createApiKeySchema.extend({ workspace_id: z.uuid({ message: 'must be a workspace id' }).optional() });

// GET /api/admin/billing/api-keys - the workspace's keys with prefix, scopes, last use; never the key itself
export const GET = withAdmin(async ({ db }) => Response.json({ data: await listApiKeys(db), has_more: false }));

// POST /api/admin/billing/api-keys - create a key in the caller's workspace or in workspace_id (one
// the caller may administer, else 404); the answer is the only time the key is shown
export const POST = withAdmin(async (ctx) => {
  const { workspace_id, ...input } = await readJson(ctx.req, createApiKeyRequest);
  const target = workspace_id ? await workspaceAccess(ctx.database.installation.db, ctx, workspace_id) : { workspace: ctx.workspace, role: ctx.role };
  assertMayChange(target);
  const created = await createApiKey(ctx.database.inWorkspace(target.workspace.id).db, input, ctx.actor);
  return Response.json(
    {
      id: created.id,
      name: created.name,
      key: created.key,
      prefix: created.prefix,
      scopes: created.scopes,
      workspace_id: target.workspace.id,
      created: created.createdAt.toISOString(),
    },
    { status: 201, headers: { 'cache-control': 'no-store' } },
  );
}, { rolesCheckedByHandler: true });
