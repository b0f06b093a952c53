// The admin header's switcher: which workspace a session may move to, by slug.
import type { Session } from '@/lib/auth/claims';
import type { Queryable } from '@/lib/db/client';
import { forbidden, notFound } from '@/lib/errors/billing-error';
import { findWorkspace } from './find-workspace';
import { sessionWorkspaces, type WorkspaceAccess } from './session-workspaces';
import { workspaceSlugSchema } from './workspace-schemas';

/** The workspace `slug` names when the session may use it; unknown → 404, someone else's → 403. */
export async function switchableWorkspace(installation: Queryable, session: Session, slug: string): Promise<WorkspaceAccess> {
  if (!workspaceSlugSchema.safeParse(slug).success) throw notFound('Workspace');
  const allowed = await sessionWorkspaces(installation, session);
  const access = allowed.find((a) => a.workspace.slug === slug);
  if (access) return access;
  if (await findWorkspace(installation, slug)) throw forbidden('You are not a member of this workspace');
  throw notFound('Workspace');
}
