import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { selectRows } from '@/lib/db/client';
import { currentMigration, migrate, readMigrations } from '@/lib/db/migrate';
import { EXPECTED_TABLES } from '@/lib/setup/get-setup-status';
import { createTestDatabase, testEngines, type TestDatabase } from '@/test/test-database';
import { describe } from 'vitest';

const opened: TestDatabase[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.drop();
});

for (const engine of testEngines()) {
  describe(`migrations [${engine}]`, () => {
    it('creates every table with RLS on, and is a no-op the second time', async () => {
      const test = await createTestDatabase(engine, { migrated: false });
      opened.push(test);
      const first = await migrate(test.database);
      expect(first.applied).toEqual(readMigrations().map((m) => `${m.version}_${m.name}`));
      const second = await migrate(test.database);
      expect(second.applied).toEqual([]);
      expect(await currentMigration(test.database)).toBe(first.latest);

      const tables = await selectRows<{ relname: string; relrowsecurity: boolean }>(
        test.database.db,
        sql`select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
      );
      expect(tables.map((t) => t.relname)).toEqual(EXPECTED_TABLES);
      expect(tables.filter((t) => !t.relrowsecurity)).toEqual([]);
    });

    it('provides Supabase’s auth schema: auth.uid() and auth.jwt() read request.jwt.claims', async () => {
      const test = await createTestDatabase(engine);
      opened.push(test);
      const rows = await test.database.installation.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('request.jwt.claims', '{"sub":"2b9f4c1e-8a53-4e0b-9a63-5a4f2a7b9c10","role":"authenticated","app_metadata":{"role":"admin"}}', true)`);
        return selectRows<{ uid: string; admin: string; role: string }>(tx, sql`select auth.uid()::text as uid, auth.jwt() -> 'app_metadata' ->> 'role' as admin, auth.role() as role`);
      });
      expect(rows[0]).toEqual({ uid: '2b9f4c1e-8a53-4e0b-9a63-5a4f2a7b9c10', admin: 'admin', role: 'authenticated' });
      const roles = await selectRows<{ rolname: string }>(test.database.db, sql`select rolname from pg_roles where rolname in ('anon','authenticated','service_role') order by 1`);
      expect(roles.map((r) => r.rolname)).toEqual(['anon', 'authenticated', 'service_role']);
    });

    if (engine === 'postgres') {
      it('lets several processes migrate one database at once without errors or double work', async () => {
        const test = await createTestDatabase(engine, { migrated: false });
        opened.push(test);
        const { openPostgres } = await import('@/lib/db/client');
        const others = [0, 1, 2].map(() => openPostgres({ url: test.url!, poolMax: 2 }));
        const results = await Promise.all([test.database, ...others].map((d) => migrate(d)));
        await Promise.all(others.map((d) => d.close()));
        const appliedCounts = results.map((r) => r.applied.length).sort();
        expect(appliedCounts).toEqual([0, 0, 0, readMigrations().length]);
      });
    }
  });
}
