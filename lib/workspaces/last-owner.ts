// A workspace that has an owner keeps one: the last owner can be neither demoted nor removed.
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { workspaceMembers } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';

/**
 * Locks the owners' rows and returns their user ids. A change that may take an owner away calls it
 * first in its transaction, before it locks the member it changes: every such change then takes its
 * locks in the same order, so two owners demoting each other wait for one another instead of
 * deadlocking, and the second counts without the first.
 */
export async function lockOwners(tx: Queryable): Promise<string[]> {
  const rows = await tx
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(eq(workspaceMembers.role, 'owner'))
    .orderBy(workspaceMembers.userId)
    .for('update');
  return rows.map((r) => r.userId);
}

/** Refuses a change that takes `member` away as an owner when no other owner would be left. */
export function assertAnotherOwnerRemains(owners: string[], member: { userId: string; role: string }, newRole: string | null): void {
  if (member.role !== 'owner' || newRole === 'owner') return;
  if (owners.some((id) => id !== member.userId)) return;
  throw new BillingError({
    code: 'last_owner',
    status: 409,
    message: 'This is the workspace’s last owner; make someone else owner first',
    details: [{ field: 'user_id', message: 'is the last owner' }],
  });
}
