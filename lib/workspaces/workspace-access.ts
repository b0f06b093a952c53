// Which workspace an admin request is about when it names one (the [id] routes, an API key's
// workspace_id), and the caller's role there. A workspace the caller may not use answers 404, as
// another workspace's objects do: its existence is none of their business.
import type { Queryable } from '@/lib/db/client';
import { forbidden, notFound } from '@/lib/errors/billing-error';
import { findWorkspace } from './find-workspace';
import { mayWrite, type WorkspaceAccess } from './session-workspaces';

/** What the admin wrappers know about the caller (lib/http/route-handlers.ts's AdminContext). */
export type AdminCaller = {
  /** a session with app_metadata.role admin, or a billing:admin key of the `default` workspace */
  installationAdmin: boolean;
  /** the workspaces the caller may use: a session's memberships, a key's own workspace */
  workspaces: WorkspaceAccess[];
};

/** By id or slug. Installation admins are owners of every workspace. */
export async function workspaceAccess(installation: Queryable, caller: AdminCaller, idOrSlug: string): Promise<WorkspaceAccess> {
  const workspace = await findWorkspace(installation, idOrSlug);
  if (!workspace) throw notFound('Workspace');
  if (caller.installationAdmin) return { workspace, role: 'owner' };
  const access = caller.workspaces.find((a) => a.workspace.id === workspace.id);
  if (!access) throw notFound('Workspace');
  return { workspace, role: access.role };
}

/** Owners and admins change a workspace; viewers read it. */
export function assertMayChange(access: WorkspaceAccess): void {
  if (!mayWrite(access.role)) throw forbidden('Your role in this workspace (viewer) may read but not change anything');
}

/** Members are managed by the workspace's owners (installation admins are owners everywhere). */
export function assertMayManageMembers(access: WorkspaceAccess): void {
  if (access.role !== 'owner') throw forbidden('Only an owner of the workspace manages its members');
}

/** Creating and listing workspaces is the installation's business. */
export function assertInstallationAdmin(caller: AdminCaller): void {
  if (!caller.installationAdmin) throw forbidden('Only an admin of the installation manages workspaces');
}
