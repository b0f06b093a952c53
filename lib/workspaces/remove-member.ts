import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { workspaceMembers } from '@/lib/db/schema';
import { assertAnotherOwnerRemains, lockOwners } from './last-owner';
import { getMemberOrThrow } from './list-members';

/** `database` is the workspace's handle. Unknown member → 404; the last owner → 409. */
export async function removeMember(database: Database, userId: string, { actor }: { actor: Actor }) {
  return database.db.transaction(async (tx) => {
    const owners = await lockOwners(tx);
    const member = await getMemberOrThrow(tx, userId, { lock: true });
    assertAnotherOwnerRemains(owners, member, null);
    await tx.delete(workspaceMembers).where(eq(workspaceMembers.userId, userId));
    await writeAuditEntries(tx, actor, [
      { action: 'workspace_member.removed', entityType: 'workspace_member', entityId: userId, details: { role: member.role, before: { role: member.role }, after: null } },
    ]);
    return { user_id: userId, removed: true };
  });
}
