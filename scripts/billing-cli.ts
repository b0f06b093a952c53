// The operator's CLI: `npm run billing -- <command>`. It works on the same database the app uses
// (DATABASE_URL, or the embedded one under .data/), so stop `npm run dev` before pointing it at the
// embedded folder: PGlite is a single-process database.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createClient } from '@supabase/supabase-js';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { hashPassword } from '@/lib/auth/password';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { openPglite, openPostgres, type Database } from '@/lib/db/client';
import { embeddedDataDir } from '@/lib/app/get-database';
import { runAutomation, type AutomationSummary } from '@/lib/automation/run-automation';
import { migrate } from '@/lib/db/migrate';
import { DEMO_USERS } from '@/lib/demo/demo-users';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { API_KEY_SCOPES } from '@/lib/db/schema';
import { billingConfig } from '@/lib/config/billing-config';
import { authMode, env, supabaseConfig } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { findWorkspace, listWorkspaces } from '@/lib/workspaces/find-workspace';
import type { Workspace } from '@/lib/workspaces/workspace-config';

const USAGE = `Usage: npm run billing -- <command> [options]

Commands:
  migrate                                   apply pending migrations
  seed                                      migrate, then add demo data (two workspaces) to an empty database
  create-admin --email E --password P       create (or promote) an admin of the installation (every workspace)
  create-workspace --slug S --name N        create a workspace (slug: lowercase letters, digits, hyphens)
                   [--json]                 print {"id","slug","name"} for scripts
  create-api-key --name N --scopes S[,S]    create a server API key (scopes: ${API_KEY_SCOPES.join(', ')})
                 [--workspace SLUG]         the workspace the key acts in (default: default)
                 [--json]                   print {"id","key","prefix","scopes"} for scripts
  run [--workspace SLUG] [--json]           bill every period that has ended, mirror, dun, as the cron does:
                                            every workspace in turn, or only SLUG; prints each workspace's result
`;

class UsageError extends Error {}

async function openDatabase(): Promise<Database> {
  const url = env().DATABASE_URL;
  return url ? openPostgres({ url, poolMax: 2, applicationName: 'meterbill-cli' }) : openPglite(embeddedDataDir());
}

/** The workspace --workspace names (default: `default`); an unknown slug is the operator's mistake. */
async function namedWorkspace(database: Database, slug: string | undefined): Promise<Workspace> {
  const name = slug ?? 'default';
  const workspace = await findWorkspace(database.installation.db, name);
  if (workspace) return workspace;
  const known = (await listWorkspaces(database.installation.db)).map((w) => w.slug);
  throw new UsageError(`there is no workspace "${name}" (workspaces: ${known.join(', ')}); create it with create-workspace`);
}

/** One line per workspace, then the total, as an operator reads a run. */
function printRun(summary: AutomationSummary) {
  const line = (run: Pick<AutomationSummary, 'invoiced' | 'skipped' | 'failed' | 'remaining' | 'duration_ms'>) =>
    `${run.invoiced} invoiced, ${run.skipped} skipped (trials), ${run.failed} failed, ${run.remaining} still due, in ${run.duration_ms} ms`;
  for (const w of summary.workspaces) {
    console.log(`  ${w.slug}: ${line(w)}; ${w.steps.stripe.done} mirrored to Stripe, ${w.steps.dunning.done} dunning actions (run ${w.run_id})`);
    for (const failure of w.errors) console.log(`    failed: customer ${failure.customer_id}, period ${failure.period_id}: ${failure.message}`);
  }
  const workspaces = summary.workspaces.length === 1 ? '1 workspace' : `${summary.workspaces.length} workspaces`;
  console.log(`Billing run ${summary.run_id} over ${workspaces}: ${line(summary)}.`);
}

async function createAdmin(database: Database, email: string, password: string): Promise<string> {
  const supabase = supabaseConfig();
  if (authMode() === 'supabase' && supabase) {
    if (!supabase.serviceRoleKey) throw new UsageError('SUPABASE_SERVICE_ROLE_KEY is needed to create users in Supabase Auth');
    const admin = createClient(supabase.url, supabase.serviceRoleKey, { auth: { persistSession: false } }).auth.admin;
    const created = await admin.createUser({ email, password, email_confirm: true, app_metadata: { role: 'admin' } });
    if (!created.error) return created.data.user.id;
    // already registered: promote the existing user
    const { data, error } = await admin.listUsers({ perPage: 1000 });
    const existing = data?.users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
    if (error || !existing) throw new Error(`Supabase refused the user: ${created.error.message}`);
    const updated = await admin.updateUserById(existing.id, { password, app_metadata: { ...existing.app_metadata, role: 'admin' } });
    if (updated.error) throw new Error(`Supabase refused the update: ${updated.error.message}`);
    return existing.id;
  }
  return upsertLocalUser(database.installation.db, { email, passwordHash: await hashPassword(password), appMetadata: { role: 'admin' } });
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      slug: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 1;
  }

  const database = await openDatabase();
  try {
    switch (command) {
      case 'migrate': {
        const result = await migrate(database);
        console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : `Up to date (${result.latest}).`);
        return 0;
      }
      case 'seed': {
        await migrate(database);
        const started = performance.now();
        const seeded = await seedDemoData(database, { now: new Date(), config: billingConfig(), onlyIfEmpty: true, withDemoUsers: authMode() !== 'supabase' });
        console.log(seeded ? `Demo data added in ${((performance.now() - started) / 1000).toFixed(1)} s.` : 'The database already has customers; nothing was added.');
        if (seeded && authMode() !== 'supabase') {
          console.log(`Demo sign-ins: ${DEMO_USERS.admin.email} / ${DEMO_USERS.admin.password}, ${DEMO_USERS.customer.email} / ${DEMO_USERS.customer.password}, ${DEMO_USERS.viewer.email} / ${DEMO_USERS.viewer.password}`);
        }
        return 0;
      }
      case 'create-admin': {
        if (!values.email || !values.password) throw new UsageError('create-admin needs --email and --password');
        if (values.password.length < 8) throw new UsageError('--password must be at least 8 characters');
        await migrate(database);
        const id = await createAdmin(database, values.email, values.password);
        console.log(`Admin ${values.email} ready (user id ${id}).`);
        return 0;
      }
      case 'create-api-key': {
        if (!values.name || !values.scopes) throw new UsageError('create-api-key needs --name and --scopes');
        const scopes = values.scopes.split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
        if (unknown.length) throw new UsageError(`unknown scope ${unknown.join(', ')}; use ${API_KEY_SCOPES.join(', ')}`);
        const workspace = await namedWorkspace(database, values.workspace);
        // the key is written in its workspace's scope, so it belongs to that workspace and acts only there
        const key = await createApiKey(database.inWorkspace(workspace.id).db, { name: values.name, scopes: scopes as (typeof API_KEY_SCOPES)[number][] }, { type: 'cli', id: null });
        if (values.json) {
          console.log(JSON.stringify({ id: key.id, key: key.key, prefix: key.prefix, scopes: key.scopes }));
        } else {
          console.log(
            `API key "${key.name}" (${key.scopes.join(', ')}) for workspace ${workspace.slug}:\n\n  ${key.key}\n\nIt is shown only this once; store it now. Prefix for recognising it later: ${key.prefix}`,
          );
        }
        return 0;
      }
      case 'create-workspace': {
        if (!values.slug || !values.name) throw new UsageError('create-workspace needs --slug and --name');
        await migrate(database);
        let workspace: Workspace;
        try {
          workspace = await createWorkspace(database, { slug: values.slug, name: values.name }, { actor: { type: 'cli', id: null }, ownerUserId: null, now: new Date() });
        } catch (error) {
          if (error instanceof BillingError) throw new UsageError(error.message);
          if (error instanceof z.ZodError) throw new UsageError(error.issues.map((i) => `--${String(i.path[0])} ${i.message}`).join('; '));
          throw error;
        }
        if (values.json) console.log(JSON.stringify({ id: workspace.id, slug: workspace.slug, name: workspace.name }));
        else console.log(`Workspace ${workspace.slug} ("${workspace.name}") created (id ${workspace.id}).`);
        return 0;
      }
      case 'run': {
        await migrate(database);
        const only = values.workspace === undefined ? undefined : [await namedWorkspace(database, values.workspace)];
        // each workspace with its own settings and Stripe client (lib/workspaces/workspace-services.ts)
        const summary = await runAutomation(database, { now: new Date(), actor: { type: 'cli', id: null }, trigger: 'cli', workspaces: only });
        if (values.json) console.log(JSON.stringify(summary));
        else printRun(summary);
        return summary.failed > 0 ? 1 : 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(1);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
