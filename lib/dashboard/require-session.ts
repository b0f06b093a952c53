import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import type { Session } from '@/lib/auth/claims';
import { getSession } from '@/lib/auth/get-session';

// One verification per request, however many layouts and pages ask.
const currentSession = cache(getSession);

/**
 * The signed-in user, or a redirect to /login that comes back to `nextPath` afterwards. Layouts and
 * pages both call it: proxy.ts already turns anonymous visitors away, this is the second lock.
 */
export async function requireSession(nextPath: string): Promise<Session> {
  const session = await currentSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(nextPath)}`);
  return session;
}
