// The CLI as an operator runs it: a real child process on a fresh embedded database folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '@/lib/api-keys/authenticate-api-key';
import { createPlan } from '@/lib/catalog/create-plan';
import { openPglite, selectRows } from '@/lib/db/client';
import { billingPeriods, customers, subscriptions } from '@/lib/db/schema';

// when the key is presented: only stamped on the key as its last use, so any fixed instant will do
const KEY_USED_AT = new Date('2026-11-22T10:00:00.000Z');

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'meterbill-cli-'));
const cli = (...args: string[]) =>
  run(path.resolve('node_modules/.bin/tsx'), ['scripts/billing-cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', PGLITE_DATA_DIR: dataDir, NODE_ENV: 'development' },
  });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
/** for tests that start the CLI four times: each start is a tsx cold start, slow while the suite runs beside it */
const SLOW_CLI_MS = 180_000;

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
      expect(await authenticateApiKey(database.installation.db, key.key, KEY_USED_AT)).toMatchObject({ id: key.id });
      const [admin] = await selectRows<{ role: string }>(database.installation.db, sql`select raw_app_meta_data ->> 'role' as role from auth.users where email = 'ops@example.com'`);
      expect(admin!.role).toBe('admin');
    } finally {
      await database.close();
    }
  });

  it('run bills every period that has ended, once', async () => {
    const database = await openPglite(dataDir);
    try {
      await createPlan(database.db, { code: 'cli_flat', name: 'Flat', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '25', description: 'Flat fee' }] });
      const [plan] = await selectRows<{ id: string }>(database.db, sql`select id from plans where code = 'cli_flat'`);
      const [customer] = await database.db.insert(customers).values({ name: 'CLI customer', email: 'cli@example.com', currency: 'usd', taxRate: '0' }).returning();
      const start = new Date(Date.UTC(2025, 0, 1));
      const end = new Date(Date.UTC(2025, 1, 1));
      const [subscription] = await database.db
        .insert(subscriptions)
        .values({ customerId: customer!.id, planId: plan!.id, startDate: start, currentPeriodStart: start, currentPeriodEnd: end, cancelAtPeriodEnd: true })
        .returning();
      await database.db.insert(billingPeriods).values({ subscriptionId: subscription!.id, customerId: customer!.id, planId: plan!.id, periodStart: start, periodEnd: end });
    } finally {
      await database.close();
    }
    const first = JSON.parse((await cli('run', '--json')).stdout) as { invoiced: number; failed: number; remaining: number };
    expect(first).toMatchObject({ invoiced: 1, failed: 0, remaining: 0 });
    expect((await cli('run')).stdout).toMatch(/0 invoiced, 0 skipped \(trials\), 0 failed, 0 still due/);

    const check = await openPglite(dataDir);
    try {
      const rows = await selectRows<{ number: string; total: string; status: string }>(check.db, sql`select number, total, status from invoices`);
      // numbered in the year of issue, not of the period
      expect(rows).toEqual([{ number: `INV-${new Date().getUTCFullYear()}-0001`, total: '25.000000', status: 'open' }]);
      const log = await selectRows<{ trigger: string; invoiced: number }>(check.db, sql`select trigger, invoiced from billing_automation_log order by started_at`);
      expect(log).toEqual([{ trigger: 'cli', invoiced: 1 }, { trigger: 'cli', invoiced: 0 }]);
    } finally {
      await check.close();
    }
  });

  /** the workspace the next test runs in, made by the one before it */
  let northId = '';

  it('creates a workspace, and a key that acts only there', async () => {
    const made = JSON.parse((await cli('create-workspace', '--slug', 'north', '--name', 'North Ltd', '--json')).stdout) as { id: string; slug: string; name: string };
    expect(made).toMatchObject({ slug: 'north', name: 'North Ltd' });
    northId = made.id;
    await expect(cli('create-workspace', '--slug', 'north', '--name', 'Again')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/slug north already exists/) });

    const key = JSON.parse((await cli('create-api-key', '--name', 'north ingest', '--scopes', 'usage:write', '--workspace', 'north', '--json')).stdout) as { key: string };
    await expect(cli('create-api-key', '--name', 'x', '--scopes', 'usage:write', '--workspace', 'nowhere')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/there is no workspace "nowhere" \(workspaces: default, north\)/),
    });

    const database = await openPglite(dataDir);
    try {
      // the key authenticates into north, and north's scope holds it while default's does not
      expect(await authenticateApiKey(database.installation.db, key.key, KEY_USED_AT)).toMatchObject({ workspace: { id: made.id, slug: 'north' } });
      expect(await selectRows(database.inWorkspace(made.id).db, sql`select name from api_keys`)).toEqual([{ name: 'north ingest' }]);
      expect(await selectRows(database.db, sql`select name from api_keys where name = 'north ingest'`)).toEqual([]);
    } finally {
      await database.close();
    }
  }, SLOW_CLI_MS);

  it('runs every workspace, or the one named, and reports each', async () => {
    const database = await openPglite(dataDir);
    try {
      const north = database.inWorkspace(northId);

      // a period due in north, under the same plan code the default workspace uses
      await createPlan(north.db, { code: 'cli_flat', name: 'Flat', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '30', description: 'Flat fee' }] });
      const [plan] = await selectRows<{ id: string }>(north.db, sql`select id from plans where code = 'cli_flat'`);
      const [customer] = await north.db.insert(customers).values({ name: 'North customer', email: 'north@example.com', currency: 'eur', taxRate: '0' }).returning();
      const start = new Date(Date.UTC(2025, 0, 1));
      const end = new Date(Date.UTC(2025, 1, 1));
      const [subscription] = await north.db
        .insert(subscriptions)
        .values({ customerId: customer!.id, planId: plan!.id, startDate: start, currentPeriodStart: start, currentPeriodEnd: end, cancelAtPeriodEnd: true })
        .returning();
      await north.db.insert(billingPeriods).values({ subscriptionId: subscription!.id, customerId: customer!.id, planId: plan!.id, periodStart: start, periodEnd: end });
    } finally {
      await database.close();
    }

    const { stdout } = await cli('run');
    expect(stdout).toMatch(/^ {2}default: 0 invoiced, 0 skipped \(trials\), 0 failed, 0 still due/m);
    expect(stdout).toMatch(/^ {2}north: 1 invoiced, 0 skipped \(trials\), 0 failed, 0 still due/m);
    expect(stdout).toMatch(/over 2 workspaces: 1 invoiced, 0 skipped \(trials\), 0 failed, 0 still due/);
    const onlyNorth = JSON.parse((await cli('run', '--workspace', 'north', '--json')).stdout) as { invoiced: number; workspaces: { slug: string }[] };
    expect(onlyNorth).toMatchObject({ invoiced: 0, workspaces: [{ slug: 'north' }] });

    const check = await openPglite(dataDir);
    try {
      expect(await selectRows(check.inWorkspace(northId).db, sql`select number, total from invoices`)).toEqual([{ number: `INV-${new Date().getUTCFullYear()}-0001`, total: '30.000000' }]);
      expect(await selectRows(check.inWorkspace(northId).db, sql`select trigger, invoiced from billing_automation_log order by invoiced desc`)).toEqual([
        { trigger: 'cli', invoiced: 1 },
        { trigger: 'cli', invoiced: 0 },
      ]);
    } finally {
      await check.close();
    }
  });

  it('rejects bad arguments with a message and a non-zero exit', async () => {
    await expect(cli('create-api-key', '--name', 'x', '--scopes', 'everything')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/unknown scope everything/) });
    await expect(cli('create-admin', '--email', 'a@b.c')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/needs --email and --password/) });
    await expect(cli('frobnicate')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/unknown command/) });
    await expect(cli('create-workspace', '--slug', 'Not A Slug', '--name', 'x')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/--slug must be 1 to 40 lowercase letters/) });
  }, SLOW_CLI_MS);
});
