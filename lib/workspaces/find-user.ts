// Users live above workspaces (auth.users, Supabase Auth's table): looked up on the installation
// connection, never through a workspace's scope.
import { inArray, sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';
import { authUsers } from 'drizzle-orm/supabase';

export async function findUserByEmail(installation: Queryable, email: string): Promise<{ id: string; email: string } | null> {
  const [row] = await selectRows<{ id: string; email: string }>(
    installation,
    sql`select id, email from auth.users where lower(email) = ${email.trim().toLowerCase()} limit 1`,
  );
  return row ?? null;
}

/** user id → email, for the users named. */
export async function userEmails(installation: Queryable, userIds: string[]): Promise<Map<string, string | null>> {
  if (userIds.length === 0) return new Map();
  const rows = await installation.select({ id: authUsers.id, email: authUsers.email }).from(authUsers).where(inArray(authUsers.id, userIds));
  return new Map(rows.map((r) => [r.id, r.email]));
}
