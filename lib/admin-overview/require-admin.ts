import 'server-only';
import { forbidden } from 'next/navigation';
import type { Session } from '@/lib/auth/claims';
import { requireSession } from '@/lib/dashboard/require-session';

/** An admin's session: anonymous visitors go to /login, signed-in non-admins get the 403 page. */
export async function requireAdmin(nextPath: string): Promise<Session> {
  const session = await requireSession(nextPath);
  if (!session.isAdmin) forbidden();
  return session;
}
