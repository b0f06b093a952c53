// A customer works in the workspace their billing account (customers row) is in. Finding it is
// installation work: it happens before there is a scope.
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { customers, workspaces } from '@/lib/db/schema';
import type { Workspace } from './workspace-config';

/** null when no customer is linked to the user. One query: it runs on every customer request. */
export async function findCustomerWorkspace(installation: Queryable, userId: string): Promise<Workspace | null> {
  const [row] = await installation
    .select({ workspace: workspaces })
    .from(customers)
    .innerJoin(workspaces, eq(workspaces.id, customers.workspaceId))
    .where(eq(customers.userId, userId))
    .limit(1);
  return row?.workspace ?? null;
}
