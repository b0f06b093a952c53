// Gives an existing user a role in a workspace. The user must already have an account (auth.users):
// membership says where someone works, it does not invite them.
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { workspaceMembers } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { findUserByEmail } from './find-user';
import { toMemberJson } from './list-members';
import { addMemberSchema, type AddMemberInput } from './workspace-schemas';

/** `database` is the workspace's handle. Unknown email → 422; already a member → 409. */
export async function addMember(database: Database, input: AddMemberInput, { actor }: { actor: Actor }) {
  const { email, role } = addMemberSchema.parse(input);
  const user = await findUserByEmail(database.installation.db, email);
  if (!user) {
    throw new BillingError({
      code: 'validation_failed',
      status: 422,
      message: 'No user has this email; they must sign in once (or be created) before joining a workspace',
      details: [{ field: 'email', message: 'no user with this email' }],
    });
  }
  try {
    return await database.db.transaction(async (tx) => {
      const [row] = await tx.insert(workspaceMembers).values({ userId: user.id, role }).returning();
      await writeAuditEntries(tx, actor, [
        // the member by user id only: the append-only log keeps no email (lib/audit/personal-data.ts)
      { action: 'workspace_member.added', entityType: 'workspace_member', entityId: user.id, details: { role, after: { role } } },
      ]);
      return toMemberJson(row!, user.email);
    });
  } catch (error) {
    if (postgresError(error)?.code === PG_UNIQUE_VIOLATION) {
      throw new BillingError({
        code: 'member_exists',
        status: 409,
        message: `${user.email} is already a member of this workspace; change their role instead`,
        details: [{ field: 'email', message: 'is already a member' }],
      });
    }
    throw error;
  }
}
