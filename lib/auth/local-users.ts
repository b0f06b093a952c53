// Users in the local auth.users table (the bootstrap's stand-in for Supabase Auth's). Only the local
// issuer and the CLI touch these; on Supabase, users live in Supabase Auth.
import { sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';

export type LocalUserRow = { id: string; email: string; encrypted_password: string | null; raw_app_meta_data: Record<string, unknown> };

export async function upsertLocalUser(
  db: Queryable,
  user: { email: string; passwordHash: string; appMetadata: Record<string, unknown> },
): Promise<string> {
  const email = user.email.trim().toLowerCase();
  const appMetadata = JSON.stringify({ provider: 'email', providers: ['email'], ...user.appMetadata });
  const existing = await findLocalUser(db, email);
  if (existing) {
    await db.execute(sql`
      update auth.users
      set encrypted_password = ${user.passwordHash},
          raw_app_meta_data = raw_app_meta_data || ${appMetadata}::jsonb,
          updated_at = now()
      where id = ${existing.id}`);
    return existing.id;
  }
  const rows = await selectRows<{ id: string }>(db, sql`
    insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data)
    values (${email}, ${user.passwordHash}, now(), ${appMetadata}::jsonb)
    returning id`);
  return rows[0]!.id;
}

export async function findLocalUser(db: Queryable, email: string): Promise<LocalUserRow | null> {
  const rows = await selectRows<LocalUserRow>(db, sql`
    select id, email, encrypted_password, raw_app_meta_data
    from auth.users where lower(email) = ${email.trim().toLowerCase()} limit 1`);
  return rows[0] ?? null;
}
