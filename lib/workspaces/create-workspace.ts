// A new workspace. The row is written on the installation connection (no workspace scope can insert
// a workspace); everything inside it, its first owner and the audit entry, under its own scope.
import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { workspaceMembers, workspaces } from '@/lib/db/schema';
import { rethrowWorkspaceConflict } from './workspace-conflict';
import type { Workspace } from './workspace-config';
import { createWorkspaceSchema, toWorkspaceColumns, type CreateWorkspaceInput } from './workspace-schemas';

/**
 * `ownerUserId`: the signed-in user who creates it becomes its owner (an API key creates one
 * without members; installation admins manage it anyway). Slug or Stripe account in use → 409.
 */
export async function createWorkspace(
  database: Database,
  input: CreateWorkspaceInput,
  { actor, ownerUserId, now }: { actor: Actor; ownerUserId: string | null; now: Date },
): Promise<Workspace> {
  const body = createWorkspaceSchema.parse(input);
  const { columns, fields } = toWorkspaceColumns(body);
  let row: Workspace;
  try {
    [row] = (await database.installation.db
      .insert(workspaces)
      .values({ ...columns, slug: body.slug, name: body.name })
      .returning()) as [Workspace];
  } catch (error) {
    rethrowWorkspaceConflict(error, body);
  }
  try {
    await database.inWorkspace(row.id).db.transaction(async (tx) => {
      if (ownerUserId) await tx.insert(workspaceMembers).values({ userId: ownerUserId, role: 'owner' });
      await writeAuditEntries(tx, actor, [
        { action: 'workspace.created', entityType: 'workspace', entityId: row.id, details: { slug: row.slug, name: row.name, fields }, at: now },
      ]);
    });
  } catch (error) {
    // The two writes sit on different connections, so they cannot share a transaction: a workspace
    // whose owner could not be recorded is taken back (nothing refers to it yet).
    await database.installation.db.delete(workspaces).where(eq(workspaces.id, row.id));
    throw error;
  }
  return row;
}
