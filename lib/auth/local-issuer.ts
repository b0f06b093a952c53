// The stand-in for Supabase Auth when it is not configured: signs Supabase-shaped JWTs (HS256) for
// users in the local auth.users table, so the rest of the app cannot tell the difference. Only ever
// reached when authMode() is 'local' (development, or BILLING_LOCAL_AUTH=1, never on Vercel).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { env } from '@/lib/env';
import { sessionFromClaims, type Session } from './claims';

export { LOCAL_SESSION_COOKIE } from './session-cookie';
export const LOCAL_SESSION_TTL_SECONDS = 8 * 60 * 60;
const ISSUER = 'meterbill-local';

let secret: Uint8Array | undefined;

/** BILLING_LOCAL_AUTH_SECRET, or a random one kept under .data/ so sessions survive a restart. */
function signingKey(): Uint8Array {
  if (secret) return secret;
  const configured = env().BILLING_LOCAL_AUTH_SECRET;
  if (configured) {
    secret = new TextEncoder().encode(configured);
    return secret;
  }
  const file = path.join(process.cwd(), '.data', 'local-auth-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  secret = new TextEncoder().encode(readFileSync(file, 'utf8').trim());
  return secret;
}

export type LocalUser = { id: string; email: string; appMetadata: Record<string, unknown> };

export async function issueLocalSession(user: LocalUser, nowSeconds: number): Promise<string> {
  return new SignJWT({
    email: user.email,
    role: 'authenticated',
    app_metadata: { provider: 'email', ...user.appMetadata },
    user_metadata: {},
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setAudience('authenticated')
    .setIssuer(ISSUER)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + LOCAL_SESSION_TTL_SECONDS)
    .sign(signingKey());
}

export async function verifyLocalSession(token: string): Promise<Session | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), { issuer: ISSUER, audience: 'authenticated', algorithms: ['HS256'] });
    return sessionFromClaims(payload);
  } catch {
    return null;
  }
}
