import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { toWorkspaceJson } from '@/lib/workspaces/to-workspace-json';
import { updateWorkspace } from '@/lib/workspaces/update-workspace';
import { assertMayChange, workspaceAccess } from '@/lib/workspaces/workspace-access';
import { updateWorkspaceSchema } from '@/lib/workspaces/workspace-schemas';

// GET /api/admin/billing/workspaces/[id] - a workspace (by id or slug) with its settings, for its
// members (viewers too) and installation admins; any other workspace is a 404
export const GET = withAdmin(async (ctx) => {
  const { workspace } = await workspaceAccess(ctx.database.installation.db, ctx, ctx.params.id ?? '');
  return Response.json(toWorkspaceJson(workspace));
});

// PATCH /api/admin/billing/workspaces/[id] - its name or settings (null: back to the default);
// owners, admins and installation admins
export const PATCH = withAdmin(async (ctx) => {
  const access = await workspaceAccess(ctx.database.installation.db, ctx, ctx.params.id ?? '');
  assertMayChange(access);
  const change = await readJson(ctx.req, updateWorkspaceSchema);
  const workspace = await updateWorkspace(ctx.database.inWorkspace(access.workspace.id), change, { actor: ctx.actor });
  return Response.json(toWorkspaceJson(workspace));
}, { rolesCheckedByHandler: true });
