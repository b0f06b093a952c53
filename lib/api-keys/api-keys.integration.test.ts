import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { selectRows } from '@/lib/db/client';
import { apiKeys, auditLog } from '@/lib/db/schema';
import { describeEachEngine } from '@/test/test-database';
import { hashApiKey } from './api-key-format';
import { authenticateApiKey } from './authenticate-api-key';
import { createApiKey } from './create-api-key';
import { listApiKeys, revokeApiKey } from './revoke-api-key';

const ADMIN = { type: 'user' as const, id: 'f3b2a1c0-0000-4000-8000-000000000001' };

describeEachEngine('API keys', (get) => {
  it('stores only the hash and prefix, and authenticates the key it showed once', async () => {
    const { db } = get();
    const created = await createApiKey(db, { name: 'Ingest', scopes: ['usage:write', 'usage:write'] }, ADMIN);
    expect(created.key).toMatch(/^mb_[A-Za-z0-9_-]{40}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.scopes).toEqual(['usage:write']);

    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(hashApiKey(created.key));
    const everything = JSON.stringify(await selectRows(db, sql`select * from api_keys`));
    expect(everything).not.toContain(created.key);
    expect(JSON.stringify(await listApiKeys(db))).not.toContain(created.key);

    const now = new Date('2026-11-22T10:00:00Z');
    expect(await authenticateApiKey(get().installation.db, created.key, now)).toMatchObject({ id: created.id, scopes: ['usage:write'] });
    const [used] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(used!.lastUsedAt?.toISOString()).toBe(now.toISOString());

    const [audit] = await db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit).toMatchObject({ action: 'api_key.created', actorType: 'user' });
    expect(JSON.stringify(audit!.details)).not.toContain(created.key);
  });

  it('rejects wrong, malformed and revoked keys', async () => {
    const { db } = get();
    const now = new Date('2026-11-22T10:00:00Z');
    const created = await createApiKey(db, { name: 'Admin', scopes: ['billing:admin'] }, ADMIN);
    expect(await authenticateApiKey(get().installation.db, created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A'), now)).toBeNull();
    expect(await authenticateApiKey(get().installation.db, 'not-a-key', now)).toBeNull();
    await revokeApiKey(db, created.id, ADMIN, now);
    expect(await authenticateApiKey(get().installation.db, created.key, now)).toBeNull();
    // revoking again keeps the first time
    const again = await revokeApiKey(db, created.id, ADMIN, new Date('2026-12-01T00:00:00Z'));
    expect(again.revoked_at).toBe(now.toISOString());
  });

  it('refuses unknown scopes before writing', async () => {
    const { db } = get();
    const [before] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from api_keys`);
    // @ts-expect-error: an unknown scope is exactly what is being tested
    await expect(createApiKey(db, { name: 'x', scopes: ['everything'] }, ADMIN)).rejects.toThrow();
    await expect(createApiKey(db, { name: '', scopes: ['usage:write'] }, ADMIN)).rejects.toThrow();
    const [after] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from api_keys`);
    expect(after!.n).toBe(before!.n);
  });
});
