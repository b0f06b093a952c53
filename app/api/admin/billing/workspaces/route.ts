import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { listWorkspaces } from '@/lib/workspaces/find-workspace';
import { toWorkspaceJson, toWorkspaceSummary } from '@/lib/workspaces/to-workspace-json';
import { assertInstallationAdmin } from '@/lib/workspaces/workspace-access';
import { createWorkspaceSchema } from '@/lib/workspaces/workspace-schemas';

// GET /api/admin/billing/workspaces - every workspace of the installation (installation admins only)
export const GET = withAdmin(async (ctx) => {
  assertInstallationAdmin(ctx);
  const rows = await listWorkspaces(ctx.database.installation.db);
  return Response.json({ data: rows.map(toWorkspaceSummary), has_more: false });
});

// POST /api/admin/billing/workspaces - a new workspace {slug, name, settings…}; the signed-in user
// becomes its owner; a slug or Stripe account in use is a 409
export const POST = withAdmin(async (ctx) => {
  assertInstallationAdmin(ctx);
  const input = await readJson(ctx.req, createWorkspaceSchema);
  const workspace = await createWorkspace(ctx.database, input, { actor: ctx.actor, ownerUserId: ctx.session?.userId ?? null, now: ctx.now });
  return Response.json(toWorkspaceJson(workspace), { status: 201 });
});
