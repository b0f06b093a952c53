import type { NextRequest } from 'next/server';
import { redirectTo } from '@/lib/http/redirect';
import { safeNextPath } from '@/lib/auth/local-sign-in';
import { createSupabaseServerClient } from '@/lib/auth/supabase-server';
import { authMode } from '@/lib/env';

// GET /auth/callback - where Supabase's magic link and email confirmation land (PKCE code exchange)
export async function GET(req: NextRequest) {
  const next = safeNextPath(req.nextUrl.searchParams.get('next'));
  const code = req.nextUrl.searchParams.get('code');
  if (authMode() === 'supabase' && code) {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.exchangeCodeForSession(code);
    if (!error) return redirectTo(next);
  }
  return redirectTo('/login?error=link_invalid');
}
