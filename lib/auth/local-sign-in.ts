import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { issueLocalSession } from './local-issuer';
import { findLocalUser } from './local-users';
import { verifyPassword } from './password';

export const signInSchema = z.object({
  email: z.email().max(255),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

/** A JWT for the user when the password matches, else null (unknown user and wrong password look alike). */
export async function signInLocally(db: Queryable, email: string, password: string, now: Date): Promise<string | null> {
  const user = await findLocalUser(db, email);
  const valid = await verifyPassword(password, user?.encrypted_password);
  if (!user || !valid) return null;
  return issueLocalSession({ id: user.id, email: user.email, appMetadata: user.raw_app_meta_data }, Math.floor(now.getTime() / 1000));
}

/** Only same-site paths: `next` must never send a freshly signed-in user to another origin. */
export function safeNextPath(next: string | undefined | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
