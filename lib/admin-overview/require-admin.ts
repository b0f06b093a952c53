import 'server-only';
import { cookies } from 'next/headers';
import { forbidden } from 'next/navigation';
import { cache } from 'react';
import type { Actor } from '@/lib/audit/actor';
import type { Session } from '@/lib/auth/claims';
import { getDatabase } from '@/lib/app/get-database';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Database } from '@/lib/db/client';
import { requireSession } from '@/lib/dashboard/require-session';
import { chooseWorkspace, mayWrite, sessionWorkspaces, WORKSPACE_COOKIE, type WorkspaceAccess, type WorkspaceRole } from '@/lib/workspaces/session-workspaces';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';

/**
 * Where an admin page works: the session, the workspace the switcher chose and the role there, the
 * database scoped to that workspace (RLS keeps every read inside it), its settings, and every
 * workspace the session may switch to. The admin reads (lib/admin-overview) take this, so they
 * cannot be called without the membership check below having passed.
 */
export type AdminWorkspace = {
  session: Session;
  workspace: Workspace;
  role: WorkspaceRole;
  database: Database;
  config: BillingConfig;
  workspaces: WorkspaceAccess[];
};

// One lookup per request, however many layouts and pages ask (the session object is cached too).
const adminWorkspaceOf = cache(async (session: Session): Promise<AdminWorkspace | null> => {
  const database = await getDatabase();
  const workspaces = await sessionWorkspaces(database.installation.db, session);
  const access = chooseWorkspace(workspaces, (await cookies()).get(WORKSPACE_COOKIE)?.value);
  if (!access) return null;
  const scoped = database.inWorkspace(access.workspace.id);
  return { session, workspace: access.workspace, role: access.role, database: scoped, config: workspaceConfig(access.workspace), workspaces };
});

/**
 * Anonymous visitors go to /login; signed-in users who may work in no workspace (neither an
 * installation admin nor anyone's member) get the 403 page.
 */
export async function requireAdminWorkspace(nextPath: string): Promise<AdminWorkspace> {
  const session = await requireSession(nextPath);
  const scope = await adminWorkspaceOf(session);
  if (!scope) forbidden();
  return scope;
}

/** What a viewer is told when a Server Action refuses them. */
export const VIEW_ONLY_MESSAGE = 'Your role in this workspace (viewer) may look but not change anything.';

/** Who changes something from an admin page, and as whom the audit log records it. */
export type ActingAdmin = { scope: AdminWorkspace; actor: Actor };

/**
 * The admin acting on `path` from a Server Action, or null for a viewer (who may look but not change
 * anything). Each action asks itself, whatever its page shows: an action can be posted without the page.
 */
export async function actingAdmin(path: string): Promise<ActingAdmin | null> {
  const scope = await requireAdminWorkspace(path);
  if (!mayWrite(scope.role)) return null;
  return { scope, actor: { type: 'user', id: scope.session.userId } };
}

/** Whether the session may use the admin area at all (the front door asks). */
export async function mayUseAdmin(session: Session): Promise<boolean> {
  return (await adminWorkspaceOf(session)) !== null;
}
