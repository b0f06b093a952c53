// A new workspace: a business of its own in the installation, starting empty with the built-in
// settings (workspace-config.ts) until someone sets its own. Creating one is installation work (the
// workspaces table is above every workspace); its audit entry is the new workspace's first.
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { workspaces } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import type { Workspace } from './workspace-config';

/** The database's own rule (workspaces_slug_check), said before the database says it. */
export const workspaceSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits or hyphens, starting with a letter or digit');

export const createWorkspaceSchema = z.strictObject({
  slug: workspaceSlugSchema,
  name: z.string().trim().min(1).max(100),
});
export type CreateWorkspaceInput = z.input<typeof createWorkspaceSchema>;

export async function createWorkspace(database: Database, input: CreateWorkspaceInput, { actor, now }: { actor: Actor; now: Date }): Promise<Workspace> {
  const { slug, name } = createWorkspaceSchema.parse(input);
  let created: Workspace;
  try {
    [created] = (await database.installation.db.insert(workspaces).values({ slug, name }).returning()) as [Workspace];
  } catch (error) {
    const pg = postgresError(error);
    if (pg?.code === PG_UNIQUE_VIOLATION && (pg.constraint === undefined || pg.constraint === 'workspaces_slug_key')) {
      throw new BillingError({ code: 'workspace_exists', status: 409, message: `A workspace with slug ${slug} already exists`, details: [{ field: 'slug', message: 'is taken' }] });
    }
    throw error;
  }
  await writeAuditEntries(database.inWorkspace(created.id).db, actor, [{ action: 'workspace.created', entityType: 'workspace', entityId: created.id, details: { slug, name }, at: now }]);
  return created;
}
