// The automation run across workspaces: every workspace in its own scope and numbering, overlapping
// runs billing each period once, one row per workspace in each workspace's own run log, and a
// workspace with a huge backlog unable to keep a small one from being billed in the same run.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createPlan } from '@/lib/catalog/create-plan';
import { selectRows, type Database } from '@/lib/db/client';
import { parseEnv } from '@/lib/env';
import { runBilling } from '@/lib/invoicing/run-billing';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';
import { describeEachEngine } from '@/test/test-database';
import { runAutomation, type AutomationSummary } from './run-automation';

const ENV = parseEnv({});
const ACTOR = { type: 'cron', id: null } as const;
const NOW = new Date('2026-10-01T06:00:00Z');
const PERIOD_START = '2026-09-01T00:00:00Z';
const PERIOD_END = '2026-10-01T00:00:00Z';
// each workspace's own settings, without Stripe: these runs are about billing (stripe-connect covers clients)
const services = (workspace: Workspace) => ({ config: workspaceConfig(workspace, ENV), stripe: null });

/** `count` customers, each with one ended monthly period of a €10 plan, in one statement. */
async function duePeriods(database: Database, prefix: string, count: number) {
  const [plan] = await selectRows<{ id: string }>(database.db, sql`select id from plans where code = 'flat_monthly' and is_current`);
  const planId = plan?.id ?? (await createPlan(database.db, { code: 'flat_monthly', name: 'Flat', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '10', description: 'Monthly fee' }] })).id;
  await database.db.execute(sql`
    with c as (
      insert into customers (name, email, currency, tax_rate, payment_method)
      select ${prefix} || ' ' || g, ${prefix} || g || '@example.com', 'eur', 0, 'bank_transfer' from generate_series(1, ${count}::int) g
      returning id),
    s as (
      insert into subscriptions (customer_id, plan_id, start_date, current_period_start, current_period_end, cancel_at_period_end)
      select id, ${planId}::uuid, ${PERIOD_START}::timestamptz, ${PERIOD_START}::timestamptz, ${PERIOD_END}::timestamptz, true from c
      returning id, customer_id)
    insert into billing_periods (subscription_id, customer_id, plan_id, period_start, period_end)
    select id, customer_id, ${planId}::uuid, ${PERIOD_START}::timestamptz, ${PERIOD_END}::timestamptz from s`);
}

/** What a workspace's own scope holds: its periods' invoice counts and its numbering. */
async function billedIn(database: Database) {
  const periods = await selectRows<{ invoices: number }>(database.db, sql`select (select count(*)::int from invoices i where i.billing_period_id = p.id) as invoices from billing_periods p`);
  const numbers = await selectRows<{ number: string; number_sequence: number }>(database.db, sql`select number, number_sequence from invoices order by number_sequence`);
  return { periods, numbers };
}

const workspaceOf = (run: AutomationSummary, slug: string) => run.workspaces.find((w) => w.slug === slug)!;

describeEachEngine('automation across workspaces', (get) => {
  let north: Workspace;
  let northDb: Database;

  beforeAll(async () => {
    north = await createWorkspace(get(), { slug: 'north', name: 'North' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    northDb = get().inWorkspace(north.id);
    // the same plan code in both workspaces, and north numbers its invoices in a series of its own
    await get().installation.db.execute(sql`update workspaces set invoice_number_format = 'NORTH-{year}-{number:04d}' where id = ${north.id}`);
    north = (await findWorkspace(get().installation.db, 'north'))!;
    await duePeriods(get(), 'Default', 30);
    await duePeriods(northDb, 'North', 20);
  });

  it('three overlapping runs over two workspaces bill every period once, each workspace numbered 1..n in its own series', async () => {
    const runs = await Promise.all([
      runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cron', services }),
      runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cron', services }),
      runBilling(northDb, { now: NOW, config: workspaceConfig(north, ENV), actor: ACTOR, trigger: 'manual' }),
    ]);
    const [first, second, single] = runs as [AutomationSummary, AutomationSummary, Awaited<ReturnType<typeof runBilling>>];
    expect(first.invoiced + second.invoiced + single.invoiced).toBe(50);
    expect(workspaceOf(first, 'default').invoiced + workspaceOf(second, 'default').invoiced).toBe(30);
    expect(workspaceOf(first, 'north').invoiced + workspaceOf(second, 'north').invoiced + single.invoiced).toBe(20);

    const year = NOW.getUTCFullYear();
    for (const [database, count, prefix] of [[get(), 30, 'INV'], [northDb, 20, 'NORTH']] as const) {
      const { periods, numbers } = await billedIn(database);
      expect(periods).toHaveLength(count);
      expect(periods.every((p) => p.invoices === 1)).toBe(true);
      expect(numbers.map((n) => n.number_sequence)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(numbers[0]!.number).toBe(`${prefix}-${year}-0001`);
      expect(numbers.at(-1)!.number).toBe(`${prefix}-${year}-${String(count).padStart(4, '0')}`);
    }

    // each run wrote one row in each workspace's own log; process-monthly's kind of run wrote north's only
    const logOf = (database: Database) => selectRows<{ id: string; trigger: string; invoiced: number }>(database.db, sql`select id, trigger, invoiced from billing_automation_log`);
    const defaultLog = await logOf(get());
    const northLog = await logOf(northDb);
    expect(defaultLog.map((r) => r.id).sort()).toEqual([workspaceOf(first, 'default').run_id, workspaceOf(second, 'default').run_id].sort());
    expect(northLog.map((r) => r.id).sort()).toEqual([workspaceOf(first, 'north').run_id, workspaceOf(second, 'north').run_id, single.run_id].sort());
    expect(defaultLog.reduce((n, r) => n + r.invoiced, 0)).toBe(30);
    expect(northLog.reduce((n, r) => n + r.invoiced, 0)).toBe(20);
    // the top-level run_id is the default workspace's row
    expect(first.run_id).toBe(workspaceOf(first, 'default').run_id);
  });

  it('reports each workspace, and the whole as their sums', async () => {
    await duePeriods(get(), 'Later default', 3);
    await duePeriods(northDb, 'Later north', 2);
    const run = await runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cron', services });
    expect(run.workspaces.map((w) => [w.slug, w.id])).toEqual([
      ['default', get().workspaceId],
      ['north', north.id],
    ]);
    expect(workspaceOf(run, 'default')).toMatchObject({ invoiced: 3, processed: 3, remaining: 0, steps: { billing: { done: 3, remaining: 0 } }, stripe: { configured: false } });
    expect(workspaceOf(run, 'north')).toMatchObject({ invoiced: 2, processed: 2, remaining: 0, steps: { billing: { done: 2, remaining: 0 } } });
    expect(run).toMatchObject({ invoiced: 5, processed: 5, failed: 0, remaining: 0, steps: { billing: { done: 5, remaining: 0, failed: 0 } } });
    for (const step of ['billing', 'stripe', 'dunning', 'notifications', 'alerts', 'retention'] as const) {
      expect(run.steps[step].done).toBe(run.workspaces.reduce((n, w) => n + w.steps[step].done, 0));
    }
    expect(run.invoice_ids.sort()).toEqual(run.workspaces.flatMap((w) => w.invoice_ids).sort());
    expect(run.dunning).not.toBeNull();

    // only the named workspaces, when asked
    await duePeriods(northDb, 'Only north', 1);
    await duePeriods(get(), 'Not now', 1);
    const onlyNorth = await runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cli', services, workspaces: [north] });
    expect(onlyNorth.workspaces.map((w) => w.slug)).toEqual(['north']);
    expect(onlyNorth).toMatchObject({ run_id: workspaceOf(onlyNorth, 'north').run_id, invoiced: 1, remaining: 0 });
    const [left] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from billing_periods where status = 'open'`);
    expect(left!.n).toBe(1);
  });

  it('gives a small workspace its share of a short budget however big another workspace’s backlog', async () => {
    // created after the big one, so it comes after it in the installation's order: a run that drained
    // one workspace before starting the next would spend the whole budget on the backlog
    const bulk = await createWorkspace(get(), { slug: 'bulk', name: 'Bulk' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const small = await createWorkspace(get(), { slug: 'small', name: 'Small' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const BACKLOG = 4000;
    await duePeriods(get().inWorkspace(bulk.id), 'Bulk', BACKLOG);
    await duePeriods(get().inWorkspace(small.id), 'Small', 5);

    // 3 s: long enough that one slow chunk on a loaded machine (vitest runs files side by side) does
    // not eat the small workspace's share, far too short for the backlog
    const run = await runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cron', services, budgetMs: 3000 });
    expect(workspaceOf(run, 'small')).toMatchObject({ invoiced: 5, remaining: 0, failed: 0 });
    const big = workspaceOf(run, 'bulk');
    // the backlog had its turns too, and what it could not finish is left for the next run
    expect(big.invoiced).toBeGreaterThan(0);
    expect(big.remaining).toBe(BACKLOG - big.invoiced);
    expect(big.remaining).toBeGreaterThan(0);
    expect(run.remaining).toBe(big.remaining);
    const { numbers } = await billedIn(get().inWorkspace(small.id));
    expect(numbers.map((n) => n.number)).toEqual([1, 2, 3, 4, 5].map((n) => `INV-${NOW.getUTCFullYear()}-000${n}`));
  }, 120_000);
});
