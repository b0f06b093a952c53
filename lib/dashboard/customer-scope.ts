import 'server-only';
import { cache } from 'react';
import { getDatabase } from '@/lib/app/get-database';
import type { Session } from '@/lib/auth/claims';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Database } from '@/lib/db/client';
import { DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { findCustomerWorkspace } from '@/lib/workspaces/customer-workspace';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';

export type CustomerScope = { database: Database; workspace: Workspace; config: BillingConfig };

/**
 * The workspace the signed-in customer's billing account is in: its database handle and its
 * settings (the tax rate of the estimate, for one). RLS (asUser) already keeps the customer to their
 * own rows; this picks the right business's rules. A user with no customer record gets `default`.
 * Once per request.
 */
export const customerScope = cache(async (session: Session): Promise<CustomerScope> => {
  const database = await getDatabase();
  const workspace =
    (await findCustomerWorkspace(database.installation.db, session.userId)) ?? (await findWorkspace(database.installation.db, DEFAULT_WORKSPACE_ID));
  if (!workspace) throw new Error('the default workspace is missing: run the migrations');
  return { database: database.inWorkspace(workspace.id), workspace, config: workspaceConfig(workspace) };
});
