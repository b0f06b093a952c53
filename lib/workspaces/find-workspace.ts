// Reading workspaces is installation work: it happens before a scope exists (which workspace does
// this key, this session, this Stripe account belong to?), on the privileged connection.
import { asc, eq, or } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { workspaces } from '@/lib/db/schema';
import type { Workspace } from './workspace-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By id or slug; null when there is none. */
export async function findWorkspace(installation: Queryable, idOrSlug: string): Promise<Workspace | null> {
  const [row] = await installation
    .select()
    .from(workspaces)
    .where(UUID.test(idOrSlug) ? or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)) : eq(workspaces.slug, idOrSlug));
  return row ?? null;
}

export async function listWorkspaces(installation: Queryable): Promise<Workspace[]> {
  return installation.select().from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.slug));
}

/** The workspace whose Stripe Connect account this is; null when no workspace claims it. */
export async function findWorkspaceByStripeAccount(installation: Queryable, stripeAccountId: string): Promise<Workspace | null> {
  const [row] = await installation.select().from(workspaces).where(eq(workspaces.stripeAccountId, stripeAccountId));
  return row ?? null;
}
