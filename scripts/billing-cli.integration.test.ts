// The CLI as an operator runs it: a real child process on a fresh embedded database folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '@/lib/api-keys/authenticate-api-key';
import { openPglite, selectRows } from '@/lib/db/client';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'meterbill-cli-'));
const cli = (...args: string[]) =>
  run(path.resolve('node_modules/.bin/tsx'), ['scripts/billing-cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', PGLITE_DATA_DIR: dataDir, NODE_ENV: 'development' },
  });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('billing CLI', () => {
  it('migrates, creates an admin and prints a working API key once as JSON', async () => {
    expect((await cli('migrate')).stdout).toMatch(/Applied: .*_billing_schema/);
    expect((await cli('migrate')).stdout).toMatch(/Up to date/);
    expect((await cli('create-admin', '--email', 'ops@example.com', '--password', 'long-enough-pw')).stdout).toMatch(/Admin ops@example.com ready/);

    const { stdout } = await cli('create-api-key', '--name', 'ingest', '--scopes', 'usage:write', '--json');
    const key = JSON.parse(stdout) as { id: string; key: string; prefix: string; scopes: string[] };
    expect(Object.keys(key).sort()).toEqual(['id', 'key', 'prefix', 'scopes']);
    expect(key.scopes).toEqual(['usage:write']);

    const database = await openPglite(dataDir);
    try {
      expect(await authenticateApiKey(database.db, key.key, new Date())).toMatchObject({ id: key.id });
      const [admin] = await selectRows<{ role: string }>(database.db, sql`select raw_app_meta_data ->> 'role' as role from auth.users where email = 'ops@example.com'`);
      expect(admin!.role).toBe('admin');
    } finally {
      await database.close();
    }
  });

  it('rejects bad arguments with a message and a non-zero exit', async () => {
    await expect(cli('create-api-key', '--name', 'x', '--scopes', 'everything')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/unknown scope everything/) });
    await expect(cli('create-admin', '--email', 'a@b.c')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/needs --email and --password/) });
    await expect(cli('frobnicate')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/unknown command/) });
  });
});
