import { LOCAL_SESSION_COOKIE } from '@/lib/auth/local-issuer';
import { createSupabaseServerClient } from '@/lib/auth/supabase-server';
import { authMode } from '@/lib/env';
import { redirectTo } from '@/lib/http/redirect';
import { withPublic } from '@/lib/http/route-handlers';

// POST /api/auth/sign-out - ends the session in either mode, then back to /login
export const POST = withPublic(async () => {
  if (authMode() === 'supabase') {
    const supabase = await createSupabaseServerClient();
    await supabase.auth.signOut();
  }
  const response = redirectTo('/login');
  response.cookies.delete(LOCAL_SESSION_COOKIE);
  return response;
});
