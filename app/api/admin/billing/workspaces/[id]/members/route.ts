import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { addMember } from '@/lib/workspaces/add-member';
import { listMembers } from '@/lib/workspaces/list-members';
import { assertMayManageMembers, workspaceAccess } from '@/lib/workspaces/workspace-access';
import { addMemberSchema } from '@/lib/workspaces/workspace-schemas';

// GET /api/admin/billing/workspaces/[id]/members - who works in the workspace, and as what
export const GET = withAdmin(async (ctx) => {
  const { workspace } = await workspaceAccess(ctx.database.installation.db, ctx, ctx.params.id ?? '');
  return Response.json({ data: await listMembers(ctx.database.inWorkspace(workspace.id)), has_more: false });
});

// POST /api/admin/billing/workspaces/[id]/members - {email, role}: an existing user joins (owners
// and installation admins); unknown email 422, already a member 409
export const POST = withAdmin(async (ctx) => {
  const access = await workspaceAccess(ctx.database.installation.db, ctx, ctx.params.id ?? '');
  assertMayManageMembers(access);
  const input = await readJson(ctx.req, addMemberSchema);
  return Response.json(await addMember(ctx.database.inWorkspace(access.workspace.id), input, { actor: ctx.actor }), { status: 201 });
}, { rolesCheckedByHandler: true });
