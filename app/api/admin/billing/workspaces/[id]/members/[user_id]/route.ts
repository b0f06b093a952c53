import { z } from 'zod';
import { notFound } from '@/lib/errors/billing-error';
import { readJson, withAdmin, type AdminContext } from '@/lib/http/route-handlers';
import { changeMemberRole } from '@/lib/workspaces/change-member-role';
import { removeMember } from '@/lib/workspaces/remove-member';
import { assertMayManageMembers, workspaceAccess } from '@/lib/workspaces/workspace-access';
import { updateMemberSchema } from '@/lib/workspaces/workspace-schemas';

/** The workspace's handle and the member's id, once the caller is known to manage its members. */
async function managedMember(ctx: AdminContext) {
  const access = await workspaceAccess(ctx.database.installation.db, ctx, ctx.params.id ?? '');
  assertMayManageMembers(access);
  const userId = z.uuid().safeParse(ctx.params.user_id);
  if (!userId.success) throw notFound('Member');
  return { database: ctx.database.inWorkspace(access.workspace.id), userId: userId.data };
}

// PATCH /api/admin/billing/workspaces/[id]/members/[user_id] - {role}; the last owner stays one (409)
export const PATCH = withAdmin(async (ctx) => {
  const { database, userId } = await managedMember(ctx);
  const change = await readJson(ctx.req, updateMemberSchema);
  return Response.json(await changeMemberRole(database, userId, change, { actor: ctx.actor }));
}, { rolesCheckedByHandler: true });

// DELETE /api/admin/billing/workspaces/[id]/members/[user_id] - leaves the workspace; never the last owner (409)
export const DELETE = withAdmin(async (ctx) => {
  const { database, userId } = await managedMember(ctx);
  return Response.json(await removeMember(database, userId, { actor: ctx.actor }));
}, { rolesCheckedByHandler: true });
