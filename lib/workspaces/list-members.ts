// A workspace's members, read through its own scope; their emails come from auth.users, which is
// above workspaces.
import { asc, eq } from 'drizzle-orm';
import type { Database, Queryable } from '@/lib/db/client';
import { workspaceMembers } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { userEmails } from './find-user';

export type MemberRow = typeof workspaceMembers.$inferSelect;

export function toMemberJson(m: MemberRow, email: string | null) {
  return { user_id: m.userId, email, role: m.role, created: m.createdAt.toISOString() };
}

/** `database` is the workspace's handle; oldest member first. */
export async function listMembers(database: Database) {
  const rows = await database.db.select().from(workspaceMembers).orderBy(asc(workspaceMembers.createdAt), asc(workspaceMembers.userId));
  const emails = await userEmails(database.installation.db, rows.map((r) => r.userId));
  return rows.map((m) => toMemberJson(m, emails.get(m.userId) ?? null));
}

export async function getMemberOrThrow(db: Queryable, userId: string, { lock = false } = {}): Promise<MemberRow> {
  const query = db.select().from(workspaceMembers).where(eq(workspaceMembers.userId, userId));
  const [row] = await (lock ? query.for('update') : query);
  if (!row) throw notFound('Member');
  return row;
}
