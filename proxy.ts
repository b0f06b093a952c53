// Runs before every page and API request (Next 16's renamed middleware): keeps Supabase sessions
// fresh, and sends visitors without a session from the dashboards to /login. Pages and routes still
// verify the session themselves; this is only the first door.
import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { LOCAL_SESSION_COOKIE } from '@/lib/auth/session-cookie';
import { authMode, supabaseConfig } from '@/lib/env';

const PROTECTED_PAGES = /^\/(billing|admin)(\/|$)/;

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  // Server-to-server calls (usage ingestion, cron, Stripe, Resend) carry their own credentials: no cookie work.
  const serverToServer = ['authorization', 'x-api-key', 'stripe-signature', 'svix-signature'].some((header) => request.headers.has(header));
  if (pathname.startsWith('/api/') && serverToServer) {
    return NextResponse.next();
  }

  let response = NextResponse.next({ request });
  let signedIn = false;
  const supabase = supabaseConfig();
  if (authMode() === 'supabase' && supabase) {
    const client = createServerClient(supabase.url, supabase.key, {
      cookies: {
        getAll: () => request.cookies.getAll(),
        setAll: (toSet) => {
          for (const { name, value } of toSet) request.cookies.set(name, value);
          response = NextResponse.next({ request });
          for (const { name, value, options } of toSet) response.cookies.set(name, value, options);
        },
      },
    });
    // getClaims verifies the JWT and refreshes an expired session through the cookies above
    const { data } = await client.auth.getClaims();
    signedIn = Boolean(data?.claims);
  } else {
    signedIn = request.cookies.has(LOCAL_SESSION_COOKIE);
  }

  if (!signedIn && PROTECTED_PAGES.test(pathname)) {
    // proxy responses must carry an absolute Location (Next rejects a relative one here)
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${request.nextUrl.search}`);
    return NextResponse.redirect(login);
  }
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)'],
};
