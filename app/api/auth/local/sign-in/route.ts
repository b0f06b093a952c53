import { NextResponse } from 'next/server';
import { signInLocally, signInSchema, safeNextPath } from '@/lib/auth/local-sign-in';
import { LOCAL_SESSION_COOKIE, LOCAL_SESSION_TTL_SECONDS } from '@/lib/auth/local-issuer';
import { authMode } from '@/lib/env';
import { notFound } from '@/lib/errors/billing-error';
import { redirectTo } from '@/lib/http/redirect';
import { withPublic } from '@/lib/http/route-handlers';

// POST /api/auth/local/sign-in - the demo issuer's sign-in (form post from /login, or JSON)
export const POST = withPublic(async ({ req, database, now }) => {
  if (authMode() !== 'local') throw notFound('Local sign-in');
  const isJson = req.headers.get('content-type')?.includes('application/json') ?? false;
  const raw = isJson ? await req.json().catch(() => ({})) : Object.fromEntries(await req.formData());
  const parsed = signInSchema.safeParse(raw);
  const next = safeNextPath(typeof raw?.next === 'string' ? raw.next : null);
  const token = parsed.success ? await signInLocally(database.installation.db, parsed.data.email, parsed.data.password, now) : null;

  if (!token) {
    if (isJson) {
      return Response.json({ error: { code: 'invalid_credentials', message: 'Wrong email or password', details: [] } }, { status: 401 });
    }
    const query = new URLSearchParams({ error: 'invalid_credentials' });
    if (next !== '/') query.set('next', next);
    return redirectTo(`/login?${query}`);
  }
  const response = isJson ? NextResponse.json({ ok: true }) : redirectTo(next);
  response.cookies.set(LOCAL_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.nextUrl.protocol === 'https:',
    path: '/',
    maxAge: LOCAL_SESSION_TTL_SECONDS,
  });
  return response;
});
