import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { workspaceMembers } from '@/lib/db/schema';
import { userEmails } from './find-user';
import { assertAnotherOwnerRemains, lockOwners } from './last-owner';
import { getMemberOrThrow, toMemberJson } from './list-members';
import { updateMemberSchema, type UpdateMemberInput } from './workspace-schemas';

/** `database` is the workspace's handle. Unknown member → 404; demoting the last owner → 409. */
export async function changeMemberRole(database: Database, userId: string, input: UpdateMemberInput, { actor }: { actor: Actor }) {
  const { role } = updateMemberSchema.parse(input);
  const row = await database.db.transaction(async (tx) => {
    const owners = await lockOwners(tx);
    const before = await getMemberOrThrow(tx, userId, { lock: true });
    if (before.role === role) return before;
    assertAnotherOwnerRemains(owners, before, role);
    const [after] = await tx.update(workspaceMembers).set({ role }).where(eq(workspaceMembers.userId, userId)).returning();
    await writeAuditEntries(tx, actor, [
      { action: 'workspace_member.updated', entityType: 'workspace_member', entityId: userId, details: { from: before.role, to: role, before: { role: before.role }, after: { role } } },
    ]);
    return after!;
  });
  const emails = await userEmails(database.installation.db, [userId]);
  return toMemberJson(row, emails.get(userId) ?? null);
}
