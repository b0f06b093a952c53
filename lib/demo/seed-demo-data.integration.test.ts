// The demo checked against the product's own rules: it is made by the billing run, ingestion, the
// payment paths and dunning, so what it holds must be exactly what they produce. Seeded at a fixed
// `now` and again a year later, to show it works whatever the date.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { openPglite, selectRows, type Database } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { EXPECTED_TABLES, getSetupStatus } from '@/lib/setup/get-setup-status';
import { describeEachEngine } from '@/test/test-database';
import { DEMO_CUSTOMERS } from './demo-customers';
import { seedDemoData } from './seed-demo-data';
import { DAY_MS, startOfUtcDay } from '@/lib/time/utc-day';
import { findLocalUser } from '@/lib/auth/local-users';
import { sessionFromClaims } from '@/lib/auth/claims';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import { workspaceConfig } from '@/lib/workspaces/workspace-config';
import { sessionWorkspaces } from '@/lib/workspaces/session-workspaces';
import { DEMO_USERS } from './demo-users';
import { VIGINT_CUSTOMERS } from './vigint-demo';

const config = billingConfig(parseEnv({}));
const ACTOR = { type: 'system', id: null } as const;
/** dunning runs every night at 00:00 UTC: the first run after `ms` */
const nightAfter = (ms: number) => startOfUtcDay(ms).getTime() + DAY_MS;

/** The Vigint workspace's scope in the demo. */
async function vigintScope(database: Database) {
  const vigint = await findWorkspace(database.installation.db, 'vigint');
  if (!vigint) throw new Error('the demo has no vigint workspace');
  return database.inWorkspace(vigint.id);
}

/** What a screenshot shows: stable for a given `now`, whatever ids the database hands out. */
async function fingerprint(database: Database) {
  return selectRows<Record<string, unknown>>(
    database.db,
    sql`select c.external_id, i.number, i.status, i.total::text, i.issued_at, i.overdue_at, i.paid_at, c.status as customer_status, c.suspended_at
          from invoices i join customers c on c.id = i.customer_id order by i.number`,
  );
}

const FIRST_NOW = new Date('2026-11-22T10:00:00Z');
/** the PGlite demo at FIRST_NOW as seeded, before the tests below add to it */
let firstFingerprint: Record<string, unknown>[] = [];
let firstVigintFingerprint: Record<string, unknown>[] = [];

for (const NOW of [FIRST_NOW, new Date('2027-11-22T10:00:00Z')]) {
  const year = NOW.getUTCFullYear();
  const today = startOfUtcDay(NOW).getTime();

  describeEachEngine(`demo data seeded at ${NOW.toISOString()}`, (get, engine) => {
    beforeAll(async () => {
      expect(await seedDemoData(get(), { now: NOW, config, onlyIfEmpty: true })).toBe(true);
      if (NOW === FIRST_NOW && engine === 'pglite') {
        firstFingerprint = await fingerprint(get());
        firstVigintFingerprint = await fingerprint(await vigintScope(get()));
      }
    });

    it('has a dozen customers on every plan with three months of usage and invoices; one trialing, one suspended', async () => {
      const rows = await selectRows<{ external_id: string; status: string; subscription: string; plan: string; invoices: number; open: number; overdue: number }>(
        get().db,
        sql`select c.external_id, c.status, s.status as subscription, p.code as plan, count(i.id)::int as invoices,
                   count(i.id) filter (where i.status = 'open')::int as open, count(i.id) filter (where i.overdue_at is not null)::int as overdue
              from customers c join subscriptions s on s.customer_id = c.id join plans p on p.id = s.plan_id left join invoices i on i.customer_id = c.id
             group by 1, 2, 3, 4 order by 1`,
      );
      const row = (external_id: string, plan: string, invoices: number, open = 1, overdue = 0, status = 'active', subscription = 'active') => ({ external_id, status, subscription, plan, invoices, open, overdue });
      expect(rows).toEqual([
        row('demo_acme', 'lyceum', 3),
        row('demo_dataco', 'api_growth', 3),
        row('demo_globex', 'lyceum', 3),
        // stopped paying two invoices ago: both overdue, suspended 14 days after the first was due
        row('demo_hooli', 'starter', 3, 2, 2, 'suspended', 'past_due'),
        row('demo_initech', 'lyceum', 3),
        row('demo_nordic', 'vigint_volume', 3),
        row('demo_stark', 'enterprise', 3),
        row('demo_techstartup', 'api_growth', 3),
        // its newest invoice is 19 days old: 5 days past due
        row('demo_umbrella', 'professional', 3, 1, 1),
        row('demo_vigint_de', 'vigint_weekly', 13),
        row('demo_vigint_nl', 'vigint_weekly', 14),
        row('demo_wayne', 'starter', 0, 0, 0, 'active', 'trialing'),
      ]);
      const [usage] = await selectRows<{ first: Date; events: number; rollup_events: number; sum: string; rollup_sum: string }>(
        get().db,
        sql`select (select min(occurred_at) from usage_events) as first, (select count(*)::int from usage_events) as events,
                   (select sum(event_count)::int from usage_rollups) as rollup_events,
                   (select sum(quantity)::text from usage_events) as sum, (select sum(quantity_sum)::text from usage_rollups) as rollup_sum`,
      );
      expect(new Date(usage!.first).getTime()).toBeLessThan(NOW.getTime() - 90 * DAY_MS);
      // every event went through ingestion, which keeps the rollups billing reads
      expect(usage!.rollup_events).toBe(usage!.events);
      expect(usage!.rollup_sum).toBe(usage!.sum);
    });

    it('invoices every ended period exactly once, snapshots its usage, and leaves open periods alone', async () => {
      const periods = await selectRows<{ status: string; is_trial: boolean; ended: boolean; invoices: number; snapshots: number }>(
        get().db,
        sql`select p.status, p.is_trial, p.period_end <= ${NOW.toISOString()}::timestamptz as ended,
                   (select count(*)::int from invoices i where i.billing_period_id = p.id) as invoices,
                   (select count(*)::int from usage_snapshots u where u.billing_period_id = p.id and u.kind = 'billing') as snapshots
              from billing_periods p`,
      );
      expect(periods.length).toBe(54 + 12);
      for (const p of periods) {
        if (!p.ended) expect(p).toMatchObject({ status: 'open', invoices: 0, snapshots: 0 });
        else expect(p).toMatchObject({ status: 'invoiced', is_trial: false, invoices: 1, snapshots: 1 });
      }
    });

    it('numbers invoices gaplessly in issue order, and lines always sum to the subtotal', async () => {
      const numbers = await selectRows<{ number: string; number_year: number; number_sequence: number }>(
        get().db,
        sql`select number, number_year, number_sequence from invoices order by issued_at, number_sequence`,
      );
      expect(numbers).toHaveLength(54);
      expect(numbers.every((n) => n.number_year === year)).toBe(true);
      expect(numbers.map((n) => n.number_sequence)).toEqual(numbers.map((_, i) => i + 1));
      expect(numbers[0]!.number).toBe(`INV-${year}-0001`);
      const mismatched = await selectRows(
        get().db,
        sql`select i.id from invoices i left join invoice_lines l on l.invoice_id = i.id group by i.id, i.subtotal having coalesce(sum(l.amount), 0) <> i.subtotal`,
      );
      expect(mismatched).toEqual([]);
      const [sequence] = await selectRows<{ last_number: number }>(get().db, sql`select last_number from invoice_number_sequences where year = ${year}`);
      expect(sequence!.last_number).toBe(numbers.length);
    });

    it('rates Lyceum customers exactly as the Lyceum examples: $40.00, $254.50, $1,010.00', async () => {
      const rows = await selectRows<{ name: string; totals: string[]; lines: number[] }>(
        get().db,
        sql`select c.name, array_agg(distinct i.total::text) as totals, array_agg(distinct (select count(*)::int from invoice_lines l where l.invoice_id = i.id)) as lines
              from invoices i join customers c on c.id = i.customer_id
             where c.external_id in ('demo_acme', 'demo_globex', 'demo_initech') group by c.name order by c.name`,
      );
      // every charge of the plan is a line, the ones not used at $0.00, as on every real invoice
      expect(rows).toEqual([
        { name: 'Acme Corporation', totals: ['254.500000'], lines: [15] },
        { name: 'Globex Ltd', totals: ['40.000000'], lines: [15] },
        { name: 'Initech', totals: ['1010.000000'], lines: [15] },
      ]);
    });

    it('applies VAT by customer: 21% default (NL), 19% (DE), reverse charge (SE), which is also tax exempt', async () => {
      const rows = await selectRows<{ external_id: string; tax_rate: string; tax_exempt: boolean; reverse_charge: boolean; ok: boolean }>(
        get().db,
        sql`select c.external_id, i.tax_rate::text, i.tax_exempt, i.reverse_charge, bool_and(i.tax = round(i.subtotal * i.tax_rate, 2)) as ok
              from invoices i join customers c on c.id = i.customer_id where c.currency = 'eur' group by 1, 2, 3, 4 order by 1`,
      );
      expect(rows).toEqual([
        { external_id: 'demo_nordic', tax_rate: '0.000000', tax_exempt: true, reverse_charge: true, ok: true },
        { external_id: 'demo_vigint_de', tax_rate: '0.190000', tax_exempt: false, reverse_charge: false, ok: true },
        { external_id: 'demo_vigint_nl', tax_rate: '0.210000', tax_exempt: false, reverse_charge: false, ok: true },
      ]);
    });

    it('pays every invoice but the newest two days after issue, by the customer’s method; transfers carry the invoice number', async () => {
      const rows = await selectRows<{ external_id: string; method: string; reference_is_number: boolean; paid_after_ms: number; settled: boolean }>(
        get().db,
        sql`select distinct c.external_id, p.method, p.reference is not distinct from i.number as reference_is_number,
                   (extract(epoch from p.created_at - i.issued_at) * 1000)::bigint::int as paid_after_ms,
                   i.status = 'paid' and i.paid_at = p.created_at and p.amount = i.total as settled
              from payments p join invoices i on i.id = p.invoice_id join customers c on c.id = i.customer_id order by 1`,
      );
      const paid = (external_id: string, method: string, reference_is_number = false) => ({ external_id, method, reference_is_number, paid_after_ms: 2 * DAY_MS, settled: true });
      expect(rows).toEqual([
        paid('demo_acme', 'card'),
        paid('demo_dataco', 'card'),
        paid('demo_globex', 'card'),
        paid('demo_hooli', 'card'),
        paid('demo_initech', 'card'),
        // an admin marks a bank transfer paid by hand (PATCH …/invoices/[id]): the product calls that manual
        paid('demo_nordic', 'manual', true),
        paid('demo_stark', 'card'),
        paid('demo_techstartup', 'card'),
        paid('demo_umbrella', 'card'),
        paid('demo_vigint_de', 'sepa_debit'),
        paid('demo_vigint_nl', 'manual', true),
      ]);
      const newestOpen = await selectRows<{ external_id: string }>(
        get().db,
        sql`select c.external_id from customers c join invoices i on i.customer_id = c.id
             where i.issued_at = (select max(issued_at) from invoices x where x.customer_id = c.id) and i.status <> 'open'`,
      );
      expect(newestOpen).toEqual([]);
    });

    it('marks invoices overdue and suspends Hooli as nightly dunning does, with the product’s messages', async () => {
      const open = await selectRows<{ external_id: string; due_date: Date; overdue_at: Date | null }>(
        get().db,
        sql`select c.external_id, i.due_date, i.overdue_at from invoices i join customers c on c.id = i.customer_id where i.status = 'open' order by i.due_date`,
      );
      for (const invoice of open) {
        const due = new Date(invoice.due_date).getTime();
        // the last nightly run was at today's midnight
        expect(invoice.overdue_at === null ? null : new Date(invoice.overdue_at).getTime(), invoice.external_id).toBe(nightAfter(due) <= today ? nightAfter(due) : null);
      }
      const [hooli] = await selectRows<{ suspended_at: Date; oldest_due: Date }>(
        get().db,
        sql`select c.suspended_at, min(i.due_date) as oldest_due from customers c join invoices i on i.customer_id = c.id
             where c.external_id = 'demo_hooli' and i.status = 'open' group by c.suspended_at`,
      );
      expect(new Date(hooli!.suspended_at).getTime()).toBe(nightAfter(new Date(hooli!.oldest_due).getTime() + config.dunning.graceDays * DAY_MS));
      // what the history would have mailed: every issued invoice, every receipt, dunning's reminders
      const outbox = await selectRows<{ template: string; n: number }>(get().db, sql`select template, count(*)::int as n from notification_outbox group by 1 order by 1`);
      const [invoiced] = await selectRows<{ issued: number; paid: number }>(
        get().db,
        sql`select count(*) filter (where issued_at is not null)::int as issued, count(*) filter (where status = 'paid')::int as paid from invoices`,
      );
      expect(outbox).toEqual([
        { template: 'account_suspended', n: 1 },
        { template: 'invoice_issued', n: invoiced!.issued },
        { template: 'invoice_overdue', n: 3 },
        { template: 'payment_succeeded', n: invoiced!.paid },
      ]);
      // rendered and kept for /admin/emails, never sent
      const statuses = await selectRows<{ status: string; rendered: boolean }>(get().db, sql`select distinct status, html is not null and subject is not null as rendered from notification_outbox`);
      expect(statuses).toEqual([{ status: 'not_configured', rendered: true }]);
    });

    it('logs each of its billing runs at the instant the periods it billed ended', async () => {
      const runs = await selectRows<{ trigger: string; status: string; started_at: Date; invoiced: number; issued: number; issued_at: Date }>(
        get().db,
        sql`select r.trigger, r.status, r.started_at, r.invoiced, count(i.id)::int as issued, min(i.issued_at) as issued_at
              from billing_automation_log r left join invoices i on i.issued_at = r.started_at group by r.id order by r.started_at`,
      );
      // no two customers' periods end at the same instant: one run per invoice
      expect(runs).toHaveLength(54);
      for (const run of runs) {
        expect(run).toMatchObject({ trigger: 'seed', status: 'completed', invoiced: 1, issued: 1 });
        expect(new Date(run.issued_at).getTime()).toBe(new Date(run.started_at).getTime());
      }
    });

    it('reports a healthy, current schema with counts, MRR and the seed’s last run in the setup status', async () => {
      const status = await getSetupStatus(get(), 'usd');
      expect(status.ok).toBe(true);
      expect(Object.keys(status.database.tables).sort()).toEqual(EXPECTED_TABLES);
      expect(Object.values(status.database.tables).every(Boolean)).toBe(true);
      expect(status.counts).toEqual({ customers: 12, active_subscriptions: 10, invoices: 54 });
      // flat fees of active + past-due USD subscriptions per month: Lyceum $10/30 days ×3, API Growth $99 ×2,
      // Professional $49, Starter $19 (past due), Enterprise $99 (the trialing Starter is not revenue yet)
      // 3 × 10 × 365/12/30 = 30.4166… + 198 + 49 + 19 + 99 = 395.4166… → 395.42
      expect(status.revenue!.mrr).toBe('395.42');
      const [last] = await selectRows<{ at: Date }>(get().db, sql`select max(issued_at) as at from invoices`);
      expect(status.last_automation_run).toMatchObject({ trigger: 'seed', status: 'completed', started_at: new Date(last!.at).toISOString(), invoiced: 1 });
    });

    it('leaves nothing due at `now`, and the app continues the number sequence', async () => {
      const run = await runBilling(get(), { now: NOW, config, actor: ACTOR, trigger: 'manual' });
      expect(run).toMatchObject({ processed: 0, remaining: 0 });
      const [customer] = await selectRows<{ id: string }>(get().db, sql`select id from customers where external_id = 'demo_acme'`);
      const invoice = await createOneTimeInvoice(
        get().db,
        { customer_id: customer!.id, items: [{ description: 'Workshop', quantity: '1', unit_price: '100' }], finalize: true },
        { now: NOW, config, actor: ACTOR },
      );
      expect(invoice.number).toBe(`INV-${year}-0055`);
    });

    it('installs the default alert rules in each workspace, in its own currency', async () => {
      const presets = (rows: Record<string, unknown>[]) => rows.map((r) => `${String(r.preset_key)} ${String(r.kind)} ${String(r.window_unit)} ${String(r.threshold)} ${String(r.currency)}`);
      const query = sql`select preset_key, kind, window_unit, threshold::text, currency from alert_rules order by preset_key`;
      expect(presets(await selectRows(get().db, query))).toEqual([
        'billing_engine_spike usage_amount period 1000 usd',
        'vigint_daily_customer usage_amount day 50 usd',
        'vigint_daily_total usage_amount day 100 usd',
        'vigint_weekly_total usage_amount week 500 usd',
      ]);
      expect(presets(await selectRows((await vigintScope(get())).db, query))).toEqual([
        'billing_engine_spike usage_amount period 1000 eur',
        'vigint_daily_customer usage_amount day 50 eur',
        'vigint_daily_total usage_amount day 100 eur',
        'vigint_weekly_total usage_amount week 500 eur',
      ]);
    });

    it('gives the default workspace demo bank details, so bank transfer customers see where to pay', async () => {
      const workspace = (await findWorkspace(get().installation.db, 'default'))!;
      expect(workspace).toMatchObject({ bankIban: 'BE71096123456769', bankBic: 'GKCCBEBB' });
      expect(workspaceConfig(workspace, parseEnv({})).bank).toEqual({ iban: 'BE71096123456769', bic: 'GKCCBEBB' });
    });

    it('makes a second workspace, Vigint, billing in EUR with its own catalog, customers and numbering', async () => {
      const vigint = (await findWorkspace(get().installation.db, 'vigint'))!;
      expect(vigint).toMatchObject({ name: 'Vigint', companyName: 'Vigint B.V.', defaultCurrency: 'eur', invoiceNumberFormat: 'VIGINT-{year}-{number:04d}', stripeAccountId: null });
      const scope = await vigintScope(get());
      // the same metric codes as the default workspace's: codes are unique per workspace
      expect(await selectRows(scope.db, sql`select code from billable_metrics order by code`)).toEqual([{ code: 'api_calls' }, { code: 'rtsp_streams' }]);
      expect(await selectRows(scope.db, sql`select code, currency, interval from plans order by code`)).toEqual([
        { code: 'monthly', currency: 'eur', interval: 'month' },
        { code: 'quarterly', currency: 'eur', interval: 'quarter' },
        { code: 'weekly', currency: 'eur', interval: 'week' },
      ]);
      const rows = await selectRows<{ external_id: string; plan: string; invoices: number; open: number; overdue: number }>(
        scope.db,
        sql`select c.external_id, p.code as plan, count(i.id)::int as invoices, count(i.id) filter (where i.status = 'open')::int as open,
                   count(i.id) filter (where i.overdue_at is not null)::int as overdue
              from customers c join subscriptions s on s.customer_id = c.id join plans p on p.id = s.plan_id left join invoices i on i.customer_id = c.id
             where c.currency = 'eur' group by 1, 2 order by 1`,
      );
      expect(rows).toEqual([
        { external_id: 'demo_bruxelles', plan: 'monthly', invoices: 3, open: 1, overdue: 0 },
        { external_id: 'demo_haven', plan: 'weekly', invoices: 13, open: 1, overdue: 0 },
        { external_id: 'demo_lyon', plan: 'weekly', invoices: 12, open: 1, overdue: 0 },
        // its only quarter was invoiced 20 days ago, due after 14: overdue
        { external_id: 'demo_wien', plan: 'quarterly', invoices: 1, open: 1, overdue: 1 },
      ]);

      // billed by the real pipeline at each period's end, numbered in its own gapless series
      const numbers = await selectRows<{ number: string; number_sequence: number; seller: { name: string }; reverse_charge: boolean; tax_rate: string; currency: string }>(
        scope.db,
        sql`select number, number_sequence, seller, reverse_charge, tax_rate::text, currency from invoices order by issued_at, number_sequence`,
      );
      expect(numbers).toHaveLength(29);
      expect(numbers.map((n) => n.number)).toEqual(numbers.map((_, i) => `VIGINT-${year}-${String(i + 1).padStart(4, '0')}`));
      expect(new Set(numbers.map((n) => `${n.seller.name} ${n.currency}`))).toEqual(new Set(['Vigint B.V. eur']));
      const periods = await selectRows<{ ended: boolean; invoices: number }>(
        scope.db,
        sql`select p.period_end <= ${NOW.toISOString()}::timestamptz as ended, (select count(*)::int from invoices i where i.billing_period_id = p.id) as invoices from billing_periods p`,
      );
      expect(periods.filter((p) => p.ended).every((p) => p.invoices === 1)).toBe(true);
      expect(periods.filter((p) => !p.ended).every((p) => p.invoices === 0)).toBe(true);
      const [runs] = await selectRows<{ n: number; seed: number }>(scope.db, sql`select count(*)::int as n, count(*) filter (where trigger = 'seed' and status = 'completed')::int as seed from billing_automation_log`);
      expect(runs).toEqual({ n: 29, seed: 29 });
      const [usage] = await selectRows<{ events: number; rollup_events: number }>(
        scope.db,
        sql`select (select count(*)::int from usage_events) as events, (select sum(event_count)::int from usage_rollups) as rollup_events`,
      );
      expect(usage!.events).toBeGreaterThan(0);
      expect(usage!.rollup_events).toBe(usage!.events);
    });

    it('keeps each workspace’s demo out of the other’s scope, and lets the demo admin work in both', async () => {
      const scope = await vigintScope(get());
      const vigintNames = VIGINT_CUSTOMERS.map((c) => c.name);
      const seenFromDefault = await selectRows<{ name: string }>(get().db, sql`select name from customers`);
      expect(seenFromDefault).toHaveLength(DEMO_CUSTOMERS.length);
      expect(seenFromDefault.filter((c) => vigintNames.includes(c.name))).toEqual([]);
      expect((await selectRows<{ name: string }>(scope.db, sql`select name from customers order by name`)).map((c) => c.name)).toEqual([...vigintNames].sort());
      expect(await selectRows(get().db, sql`select number from invoices where number like 'VIGINT-%'`)).toEqual([]);
      expect(await selectRows(scope.db, sql`select number from invoices where number like 'INV-%'`)).toEqual([]);

      const admin = (await findLocalUser(get().installation.db, DEMO_USERS.admin.email))!;
      const session = sessionFromClaims({ sub: admin.id, email: admin.email, role: 'authenticated', app_metadata: admin.raw_app_meta_data })!;
      expect((await sessionWorkspaces(get().installation.db, session)).map((a) => [a.workspace.slug, a.role])).toEqual([
        ['default', 'owner'],
        ['vigint', 'owner'],
      ]);

      // the demo viewer is a viewer of the default workspace only, not of the installation
      const viewer = (await findLocalUser(get().installation.db, DEMO_USERS.viewer.email))!;
      const viewerSession = sessionFromClaims({ sub: viewer.id, email: viewer.email, role: 'authenticated', app_metadata: viewer.raw_app_meta_data })!;
      expect(viewerSession.isAdmin).toBe(false);
      expect((await sessionWorkspaces(get().installation.db, viewerSession)).map((a) => [a.workspace.slug, a.role])).toEqual([['default', 'viewer']]);
    });

    it('leaves a database that already has customers alone', async () => {
      expect(await seedDemoData(get(), { now: NOW, config, onlyIfEmpty: true })).toBe(false);
      const [row] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from customers`);
      expect(row!.n).toBe(DEMO_CUSTOMERS.length);
      const [vigint] = await selectRows<{ n: number }>((await vigintScope(get())).db, sql`select count(*)::int as n from customers`);
      expect(vigint!.n).toBe(VIGINT_CUSTOMERS.length);
      expect(await selectRows(get().installation.db, sql`select slug from workspaces order by slug`)).toEqual([{ slug: 'default' }, { slug: 'vigint' }]);
    });
  });
}

it('is the same demo every time it is seeded at the same `now`', async () => {
  const database = await openPglite();
  try {
    await migrate(database);
    await seedDemoData(database, { now: FIRST_NOW, config });
    expect(firstFingerprint).toHaveLength(54);
    expect(await fingerprint(database)).toEqual(firstFingerprint);
    expect(firstVigintFingerprint).toHaveLength(29);
    expect(await fingerprint(await vigintScope(database))).toEqual(firstVigintFingerprint);
  } finally {
    await database.close();
  }
});
