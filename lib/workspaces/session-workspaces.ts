// Which workspaces a signed-in user may work in, and as what. An installation admin
// (app_metadata.role = 'admin') manages the installation and is an owner everywhere; anyone else
// works where workspace_members lists them. A session works in one workspace at a time: the one its
// switcher cookie names when allowed, else `default` when allowed, else the first it may use.
import { eq } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import type { Queryable } from '@/lib/db/client';
import { DEFAULT_WORKSPACE_ID, workspaceMembers, workspaces, type WORKSPACE_ROLES } from '@/lib/db/schema';
import { listWorkspaces } from './find-workspace';
import type { Workspace } from './workspace-config';

export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
export type WorkspaceAccess = { workspace: Workspace; role: WorkspaceRole };

/** The cookie the admin header's switcher sets: the slug of the workspace the session works in. */
export const WORKSPACE_COOKIE = 'meterbill_workspace';

export async function sessionWorkspaces(installation: Queryable, session: Session): Promise<WorkspaceAccess[]> {
  if (session.isAdmin) return (await listWorkspaces(installation)).map((workspace) => ({ workspace, role: 'owner' as const }));
  const rows = await installation
    .select({ workspace: workspaces, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, session.userId))
    .orderBy(workspaces.createdAt, workspaces.slug);
  return rows;
}

export function chooseWorkspace(allowed: WorkspaceAccess[], requestedSlug: string | null | undefined): WorkspaceAccess | null {
  return (
    allowed.find((a) => requestedSlug && a.workspace.slug === requestedSlug) ??
    allowed.find((a) => a.workspace.id === DEFAULT_WORKSPACE_ID) ??
    allowed[0] ??
    null
  );
}

/** Owners and admins change things; viewers only read. */
export const mayWrite = (role: WorkspaceRole) => role !== 'viewer';
