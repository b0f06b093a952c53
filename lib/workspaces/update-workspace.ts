// Changes a workspace's name or settings, through the workspace's own scope: the workspaces table
// lets a scope update its own row and nothing else.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { workspaces } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { rethrowWorkspaceConflict } from './workspace-conflict';
import type { Workspace } from './workspace-config';
import { toWorkspaceColumns, updateWorkspaceSchema, type UpdateWorkspaceInput } from './workspace-schemas';

/** `database` is the handle of the workspace to change (database.inWorkspace(id)); audit-logged. */
export async function updateWorkspace(database: Database, input: UpdateWorkspaceInput, { actor }: { actor: Actor }): Promise<Workspace> {
  const change = updateWorkspaceSchema.parse(input);
  const { columns, fields } = toWorkspaceColumns(change);
  try {
    return await database.db.transaction(async (tx) => {
      const [row] = await tx
        .update(workspaces)
        .set({ ...columns, updatedAt: sql`now()` })
        .where(eq(workspaces.id, database.workspaceId))
        .returning();
      if (!row) throw notFound('Workspace');
      await writeAuditEntries(tx, actor, [{ action: 'workspace.updated', entityType: 'workspace', entityId: row.id, details: { fields } }]);
      return row;
    });
  } catch (error) {
    rethrowWorkspaceConflict(error, change);
  }
}
