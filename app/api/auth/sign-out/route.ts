import { NextResponse } from 'next/server';
import { LOCAL_SESSION_COOKIE } from '@/lib/auth/local-issuer';
import { createSupabaseServerClient } from '@/lib/auth/supabase-server';
import { authMode } from '@/lib/env';
import { withPublic } from '@/lib/http/route-handlers';

// POST /api/auth/sign-out - ends the session in either mode, then back to /login
export const POST = withPublic(async ({ req }) => {
  if (authMode() === 'supabase') {
    const supabase = await createSupabaseServerClient();
    await supabase.auth.signOut();
  }
  const response = NextResponse.redirect(new URL('/login', req.url), 303);
  response.cookies.delete(LOCAL_SESSION_COOKIE);
  return response;
});
