import 'server-only';
import { cookies } from 'next/headers';
import { connection } from 'next/server';
import { authMode } from '@/lib/env';
import { sessionFromClaims, type Session } from './claims';
import { LOCAL_SESSION_COOKIE, verifyLocalSession } from './local-issuer';
import { createSupabaseServerClient } from './supabase-server';

/**
 * The signed-in user, from verified claims only: Supabase's getClaims() checks the JWT signature
 * (against the project's keys), the local issuer checks its own HS256 signature. Never trusts an
 * unverified cookie.
 */
export async function getSession(): Promise<Session | null> {
  // A session is per request by nature: never let a build prerender "signed out" into a page (a build
  // made without auth settings would otherwise do exactly that).
  await connection();
  const mode = authMode();
  if (mode === 'supabase') {
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.getClaims();
    if (error || !data) return null;
    return sessionFromClaims(data.claims);
  }
  if (mode === 'local') {
    const token = (await cookies()).get(LOCAL_SESSION_COOKIE)?.value;
    return token ? verifyLocalSession(token) : null;
  }
  return null;
}
