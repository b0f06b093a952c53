import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { sessionFromClaims } from './claims';
import { issueLocalSession, verifyLocalSession } from './local-issuer';
import { safeNextPath } from './local-sign-in';
import { hashPassword, verifyPassword } from './password';

const USER = { id: '6f1c2a9e-3b7d-4c8e-9f0a-1b2c3d4e5f60', email: 'admin@example.com', appMetadata: { role: 'admin' } };
const NOW = Math.floor(Date.now() / 1000);

describe('local issuer', () => {
  it('issues Supabase-shaped claims that verify and carry the admin role', async () => {
    const session = await verifyLocalSession(await issueLocalSession(USER, NOW));
    expect(session).toMatchObject({ userId: USER.id, email: USER.email, isAdmin: true });
    expect(session!.claims).toMatchObject({ role: 'authenticated', aud: 'authenticated', sub: USER.id });
  });

  it('rejects a tampered, foreign-signed or expired token', async () => {
    const token = await issueLocalSession({ ...USER, appMetadata: {} }, NOW);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.app_metadata.role = 'admin';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect(await verifyLocalSession(tampered)).toBeNull();

    const foreign = await new SignJWT({ role: 'authenticated', app_metadata: { role: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER.id)
      .setIssuer('meterbill-local')
      .setAudience('authenticated')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    expect(await verifyLocalSession(foreign)).toBeNull();

    expect(await verifyLocalSession(await issueLocalSession(USER, NOW - 9 * 3600))).toBeNull();
  });

  it('treats only app_metadata.role = admin as admin (user_metadata is user-editable)', () => {
    const base = { sub: USER.id, role: 'authenticated' };
    expect(sessionFromClaims({ ...base, app_metadata: { role: 'admin' } })!.isAdmin).toBe(true);
    expect(sessionFromClaims({ ...base, user_metadata: { role: 'admin' } })!.isAdmin).toBe(false);
    expect(sessionFromClaims({ ...base, role: 'anon' })).toBeNull();
    expect(sessionFromClaims({ role: 'authenticated', sub: 'not-a-uuid' })).toBeNull();
  });
});

describe('passwords', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', '$2a$10$bcrypt-from-elsewhere')).toBe(false);
  });
});

describe('safeNextPath', () => {
  it('keeps same-site paths and drops anything that leaves the site', () => {
    expect(safeNextPath('/billing/invoices?x=1')).toBe('/billing/invoices?x=1');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath(undefined)).toBe('/');
  });
});
