// A customer works in the workspace their billing account (customers row) is in. Finding it is
// installation work: it happens before there is a scope.
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { findWorkspace } from './find-workspace';
import type { Workspace } from './workspace-config';

/** null when no customer is linked to the user. */
export async function findCustomerWorkspace(installation: Queryable, userId: string): Promise<Workspace | null> {
  const [row] = await installation.select({ workspaceId: customers.workspaceId }).from(customers).where(eq(customers.userId, userId)).limit(1);
  return row ? findWorkspace(installation, row.workspaceId) : null;
}
