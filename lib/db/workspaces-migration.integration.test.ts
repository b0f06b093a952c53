// The workspaces migration on an installation that already bills: a database migrated up to the
// migration before it holds data written as the old schema had it (plain SQL, no workspace anywhere);
// the rest of the migrations then move every row into the workspace `default`, and the product goes on
// as before: the same customer, the same numbering (the next invoice number follows the old series),
// billing, ingestion, API keys and the customer's own view.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '@/lib/api-keys/authenticate-api-key';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '@/lib/api-keys/api-key-format';
import { billingConfig } from '@/lib/config/billing-config';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { asUser } from '@/lib/db/as-user';
import { openPostgres, selectRows, type Database } from '@/lib/db/client';
import { migrate, readMigrations } from '@/lib/db/migrate';
import { DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { EXPECTED_TABLES } from '@/lib/setup/get-setup-status';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { createTestDatabase, testEngines, type TestDatabase } from '@/test/test-database';

const WORKSPACES_MIGRATION = '20261202003117';
const CONFIG = billingConfig(parseEnv({}));
const ACTOR = { type: 'system', id: null } as const;
const ids = {
  user: '7d0f6c4e-1a2b-4c3d-8e9f-000000000001',
  customer: '7d0f6c4e-1a2b-4c3d-8e9f-000000000002',
  metric: '7d0f6c4e-1a2b-4c3d-8e9f-000000000003',
  plan: '7d0f6c4e-1a2b-4c3d-8e9f-000000000004',
  subscription: '7d0f6c4e-1a2b-4c3d-8e9f-000000000005',
  billedPeriod: '7d0f6c4e-1a2b-4c3d-8e9f-000000000006',
  openPeriod: '7d0f6c4e-1a2b-4c3d-8e9f-000000000007',
  invoice: '7d0f6c4e-1a2b-4c3d-8e9f-000000000008',
  flatCharge: '7d0f6c4e-1a2b-4c3d-8e9f-000000000009',
  usageCharge: '7d0f6c4e-1a2b-4c3d-8e9f-00000000000a',
};
const API_KEY = generateApiKey();

/** An installation billing since October, as the schema before workspaces stored it. */
const OLD_DATA = [
  `insert into auth.users (id, email, raw_app_meta_data) values ('${ids.user}', 'owner@legacy.example', '{}')`,
  `insert into customers (id, user_id, external_id, name, email, currency, country, tax_rate, payment_method)
     values ('${ids.customer}', '${ids.user}', 'legacy-1', 'Legacy Ltd', 'owner@legacy.example', 'usd', 'NL', 0.21, 'card')`,
  `insert into billable_metrics (id, code, name, unit, aggregation) values ('${ids.metric}', 'api_calls', 'API calls', 'call', 'sum')`,
  `insert into plans (id, code, name, currency, interval) values ('${ids.plan}', 'legacy', 'Legacy', 'usd', 'month')`,
  `insert into plan_charges (id, plan_id, position, metric_id, model, amount, unit_price, description) values
     ('${ids.flatCharge}', '${ids.plan}', 0, null, 'flat', 20, null, 'Base fee'),
     ('${ids.usageCharge}', '${ids.plan}', 1, '${ids.metric}', 'per_unit', null, 0.01, 'API calls')`,
  `insert into subscriptions (id, customer_id, plan_id, status, start_date, current_period_start, current_period_end)
     values ('${ids.subscription}', '${ids.customer}', '${ids.plan}', 'active', '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')`,
  `insert into billing_periods (id, subscription_id, customer_id, plan_id, period_start, period_end, status, closed_at) values
     ('${ids.billedPeriod}', '${ids.subscription}', '${ids.customer}', '${ids.plan}', '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', 'invoiced', '2026-11-01T00:00:00Z'),
     ('${ids.openPeriod}', '${ids.subscription}', '${ids.customer}', '${ids.plan}', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', 'open', null)`,
  // numbers up to 7 were issued this year: the counter says so, and the last invoice carries number 7
  `insert into invoice_number_sequences (series, year, last_number) values ('INV-{year}-{number}', 2026, 7), ('CN-{year}-{number}', 2026, 2)`,
  `insert into invoices (id, number, number_series, number_year, number_sequence, customer_id, subscription_id, billing_period_id, billing_timing,
                         kind, status, currency, period_start, period_end, issued_at, due_date, subtotal, tax_rate, tax, total, amount_due)
     values ('${ids.invoice}', 'INV-2026-0007', 'INV-{year}-{number}', 2026, 7, '${ids.customer}', '${ids.subscription}', '${ids.billedPeriod}', 'arrears',
             'subscription', 'open', 'usd', '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-15T00:00:00Z', 23, 0.21, 4.83, 27.83, 27.83)`,
  `insert into invoice_lines (invoice_id, position, kind, description, metric_id, metric_code, charge_id, quantity, unit_price, amount) values
     ('${ids.invoice}', 0, 'charge', 'Base fee', null, null, '${ids.flatCharge}', 1, 20, 20),
     ('${ids.invoice}', 1, 'charge', 'API calls', '${ids.metric}', 'api_calls', '${ids.usageCharge}', 300, 0.01, 3)`,
  `insert into payments (invoice_id, customer_id, attempt_number, amount, currency, method, status, failure_code)
     values ('${ids.invoice}', '${ids.customer}', 1, 27.83, 'usd', 'card', 'failed', 'card_declined')`,
  `insert into payment_methods (customer_id, stripe_payment_method_id, type, brand, last4, is_default) values ('${ids.customer}', 'pm_legacy', 'card', 'visa', '4242', true)`,
  `insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at) values
     ('${ids.customer}', '${ids.metric}', 'legacy-1', 100, '2026-11-05T12:00:00Z'),
     ('${ids.customer}', '${ids.metric}', 'legacy-2', 100, '2026-11-05T13:00:00Z'),
     ('${ids.customer}', '${ids.metric}', 'legacy-3', 100, '2026-11-05T14:00:00Z')`,
  `insert into usage_rollups (customer_id, metric_id, day, quantity_sum, event_count, quantity_max, latest_quantity, latest_at)
     values ('${ids.customer}', '${ids.metric}', '2026-11-05', 300, 3, 100, 100, '2026-11-05T14:00:00Z')`,
  `insert into usage_unique_values (customer_id, metric_id, day, value) values ('${ids.customer}', '${ids.metric}', '2026-11-05', 'user-1')`,
  `insert into usage_snapshots (customer_id, subscription_id, billing_period_id, kind, period_start, period_end, usage)
     values ('${ids.customer}', '${ids.subscription}', '${ids.billedPeriod}', 'billing', '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', '{"api_calls": "300"}')`,
  `insert into credit_notes (number, invoice_id, customer_id, currency, subtotal, tax, total, method, reason)
     values ('CN-2026-0002', '${ids.invoice}', '${ids.customer}', 'usd', 0, 0, 0, 'credit', 'a credit note of nothing, numbered')`,
  `insert into api_keys (name, prefix, key_hash, scopes) values ('Legacy ingestion', '${apiKeyPrefix(API_KEY)}', '${hashApiKey(API_KEY)}', '{usage:write}')`,
  `insert into audit_log (actor_type, action, entity_type, entity_id, customer_id) values ('system', 'customer.created', 'customer', '${ids.customer}', '${ids.customer}')`,
  `insert into webhook_events (id, type, status, payload) values ('evt_legacy', 'invoice.paid', 'completed', '{}')`,
  `insert into notification_outbox (customer_id, template, to_email, dedupe_key) values ('${ids.customer}', 'invoice_overdue', 'owner@legacy.example', 'invoice_overdue:${ids.invoice}')`,
  `insert into billing_automation_log (trigger, status, processed, invoiced) values ('cron', 'completed', 1, 1)`,
];
/** Tables that did not exist before the migration: its own, and those of later migrations. */
const NEW_TABLES = ['workspace_members', 'workspaces', 'webhook_endpoints', 'webhook_deliveries', 'alert_rules', 'alerts', 'customer_budgets', 'budget_notifications', 'workspace_retention_settings'];

for (const engine of testEngines()) {
  describe(`the workspaces migration on an installation with data [${engine}]`, () => {
    let test: TestDatabase;
    // on PostgreSQL a pool of one connection, so the migration's session setting would show afterwards
    let database: Database;
    const db = () => database.db;

    beforeAll(async () => {
      test = await createTestDatabase(engine, { migrated: false });
      database = engine === 'postgres' ? openPostgres({ url: test.url!, poolMax: 1 }) : test.database;
      const migrations = readMigrations();
      const before = migrations.filter((m) => m.version < WORKSPACES_MIGRATION);
      expect(before.length).toBeGreaterThan(0);
      expect(before.length).toBeLessThan(migrations.length);
      await migrate(database, before);
      await database.installation.rawTransaction(async (tx) => {
        for (const statement of OLD_DATA) await tx.query(statement);
        // what a Supabase project does for every table its `postgres` role creates in public; the
        // migrations must take back what customers' roles should not have
        await tx.exec('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role');
      });
      const rest = await migrate(database);
      expect(rest.applied[0]).toMatch(new RegExp(`^${WORKSPACES_MIGRATION}_`));
    });
    afterAll(async () => {
      if (database !== test.database) await database.close();
      await test.drop();
    });

    it('moves every existing row of every table into the workspace default', async () => {
      const installation = database.installation.db;
      expect(await selectRows(installation, sql`select id, slug from workspaces`)).toEqual([{ id: DEFAULT_WORKSPACE_ID, slug: 'default' }]);
      const filled: string[] = [];
      for (const table of EXPECTED_TABLES.filter((t) => !NEW_TABLES.includes(t))) {
        const [row] = await selectRows<{ n: number; elsewhere: number }>(
          installation,
          sql.raw(`select count(*)::int as n, count(*) filter (where workspace_id is distinct from '${DEFAULT_WORKSPACE_ID}')::int as elsewhere from ${table}`),
        );
        expect({ table, elsewhere: row!.elsewhere }).toEqual({ table, elsewhere: 0 });
        if (row!.n > 0) filled.push(table);
      }
      // the data above reaches every table the old schema had
      expect(filled).toEqual(EXPECTED_TABLES.filter((t) => !NEW_TABLES.includes(t)));
      // and the default-scoped handle sees all of it
      const [seen] = await selectRows<{ customers: number; invoices: number; events: number }>(
        db(),
        sql`select (select count(*)::int from customers) as customers, (select count(*)::int from invoices) as invoices, (select count(*)::int from usage_events) as events`,
      );
      expect(seen).toEqual({ customers: 1, invoices: 1, events: 3 });
    });

    it('leaves no workspace set on the connection that migrated', async () => {
      const [state] = await selectRows<{ workspace: string | null; role: string; login: string }>(
        database.installation.db,
        sql`select nullif(current_setting('app.workspace_id', true), '') as workspace, current_user::text as role, session_user::text as login`,
      );
      expect(state).toEqual({ workspace: null, role: state!.login, login: state!.login });
    });

    it('takes from customers’ roles what a Supabase project would grant them on the new tables', async () => {
      const rights = await selectRows<{ table: string; anon: boolean; authenticated: boolean; service_role: boolean }>(
        database.installation.db,
        sql`select t as table,
                   has_table_privilege('anon', ('public.' || t)::regclass, 'select, insert, update, delete, truncate, references, trigger') as anon,
                   has_table_privilege('authenticated', ('public.' || t)::regclass, 'select, insert, update, delete, truncate, references, trigger') as authenticated,
                   has_table_privilege('service_role', ('public.' || t)::regclass, 'select, insert, update, delete') as service_role
              from unnest(array['workspaces', 'workspace_members']) t order by 1`,
      );
      expect(rights).toEqual([
        { table: 'workspace_members', anon: false, authenticated: false, service_role: true },
        { table: 'workspaces', anon: false, authenticated: false, service_role: true },
      ]);
    });

    it('goes on as before: the customer, the API key and the customer’s own view are there', async () => {
      const customer = await getCustomerOrThrow(db(), ids.customer);
      expect(customer).toMatchObject({ externalId: 'legacy-1', workspaceId: DEFAULT_WORKSPACE_ID });
      const principal = await authenticateApiKey(database.installation.db, API_KEY, new Date('2026-11-20T10:00:00Z'));
      expect(principal?.workspace.id).toBe(DEFAULT_WORKSPACE_ID);
      const claims = { sub: ids.user, role: 'authenticated', app_metadata: {} };
      const [own] = await asUser(db(), claims, (tx) =>
        selectRows<{ invoices: number; plans: number; metrics: number; charges: number }>(
          tx,
          sql`select (select count(*)::int from invoices) as invoices, (select count(*)::int from plans) as plans,
                     (select count(*)::int from billable_metrics) as metrics, (select count(*)::int from plan_charges) as charges`,
        ),
      );
      expect(own).toEqual({ invoices: 1, plans: 1, metrics: 1, charges: 2 });
    });

    it('numbers on from the old series and bills the open period with its old and new usage', async () => {
      const now = new Date('2026-11-20T10:00:00Z');
      // usage by the customer's external id, as the operator's backend has always sent it
      expect(
        await ingestUsageEvents(database, [{ id: 'after-1', external_customer_id: 'legacy-1', metric: 'api_calls', quantity: '200', timestamp: '2026-11-20T09:00:00Z' }], { now }),
      ).toEqual({ accepted: 1, duplicates: 0 });

      const oneTime = await createOneTimeInvoice(db(), { customer_id: ids.customer, items: [{ description: 'Setup', quantity: '1', unit_price: '50' }], finalize: true }, { now, config: CONFIG, actor: ACTOR });
      expect(oneTime.number).toBe('INV-2026-0008');
      const note = await createCreditNote(db(), oneTime.id, { reason: 'Setup was quicker', amount: '10.00' }, { now, config: CONFIG, actor: ACTOR });
      expect(note.number).toBe('CN-2026-0003');

      const run = await runBilling(database, { now: new Date('2026-12-01T00:00:01Z'), config: CONFIG, actor: ACTOR, trigger: 'cron' });
      expect(run).toMatchObject({ invoiced: 1, failed: 0 });
      const [invoice] = await selectRows<{ number: string; subtotal: string; workspace_id: string }>(
        db(),
        sql`select number, subtotal::text, workspace_id from invoices where billing_period_id = ${ids.openPeriod}`,
      );
      // 20 base + (300 old + 200 new calls) x 0.01
      expect(invoice).toEqual({ number: 'INV-2026-0009', subtotal: '25.000000', workspace_id: DEFAULT_WORKSPACE_ID });
      const [counters] = await selectRows<{ invoices: number; notes: number }>(
        database.installation.db,
        sql`select (select last_number from invoice_number_sequences where series = 'INV-{year}-{number}' and year = 2026) as invoices,
                   (select last_number from invoice_number_sequences where series = 'CN-{year}-{number}' and year = 2026) as notes`,
      );
      expect(counters).toEqual({ invoices: 9, notes: 3 });
    });
  });
}
