// Row Level Security is what isolates customers: these tests run as a signed-in customer inside
// their RLS transaction, with hand-written SQL that "forgets" any WHERE clause.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { JwtClaims } from '@/lib/auth/claims';
import { asUser } from '@/lib/db/as-user';
import { selectRows } from '@/lib/db/client';
import { DEMO_USERS } from '@/lib/demo/demo-users';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { billingConfig } from '@/lib/config/billing-config';
import { parseEnv } from '@/lib/env';
import { findLocalUser } from '@/lib/auth/local-users';
import { describeEachEngine } from '@/test/test-database';
import { postgresError, PG_INSUFFICIENT_PRIVILEGE } from '@/lib/db/postgres-error';

async function sqlState(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    return postgresError(error)?.code ?? 'not a postgres error';
  }
}

const NOW = new Date('2026-11-22T10:00:00Z');

describeEachEngine('row level security', (get) => {
  let claims: JwtClaims;
  let ownCustomerId: string;
  let otherCustomerId: string;
  let otherInvoiceId: string;

  beforeAll(async () => {
    const { db } = get();
    await seedDemoData(get(), { now: NOW, config: billingConfig(parseEnv({})) });
    const user = await findLocalUser(get().installation.db, DEMO_USERS.customer.email);
    claims = { sub: user!.id, role: 'authenticated', email: user!.email, aud: 'authenticated', app_metadata: {} };
    const [own] = await selectRows<{ id: string }>(db, sql`select id from customers where user_id = ${user!.id}`);
    ownCustomerId = own!.id;
    const [other] = await selectRows<{ id: string; invoice_id: string }>(
      db,
      sql`select c.id, i.id as invoice_id from customers c join invoices i on i.customer_id = c.id where c.id <> ${ownCustomerId} limit 1`,
    );
    otherCustomerId = other!.id;
    otherInvoiceId = other!.invoice_id;
  });

  it('lets a customer read only their own customer row, even with no WHERE clause', async () => {
    const rows = await asUser(get().db, claims, (tx) => selectRows<{ id: string }>(tx, sql`select id from customers`));
    expect(rows.map((r) => r.id)).toEqual([ownCustomerId]);
  });

  it('hides another customer’s invoices, lines, payments and usage from a hand-written query', async () => {
    const counts = await asUser(get().db, claims, (tx) =>
      selectRows<{ invoices: number; lines: number; payments: number; events: number; rollups: number; periods: number }>(
        tx,
        sql`select
          (select count(*)::int from invoices where customer_id = ${otherCustomerId}) as invoices,
          (select count(*)::int from invoice_lines where invoice_id = ${otherInvoiceId}) as lines,
          (select count(*)::int from payments where customer_id = ${otherCustomerId}) as payments,
          (select count(*)::int from usage_events where customer_id = ${otherCustomerId}) as events,
          (select count(*)::int from usage_rollups where customer_id = ${otherCustomerId}) as rollups,
          (select count(*)::int from billing_periods where customer_id = ${otherCustomerId}) as periods`,
      ),
    );
    expect(counts[0]).toEqual({ invoices: 0, lines: 0, payments: 0, events: 0, rollups: 0, periods: 0 });

    // the same query through the privileged connection sees the rows: RLS, not missing data, hid them
    const [privileged] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from invoices where customer_id = ${otherCustomerId}`);
    expect(privileged!.n).toBeGreaterThan(0);
  });

  it('shows the customer all of their own invoices and lines', async () => {
    const [mine] = await asUser(get().db, claims, (tx) =>
      selectRows<{ invoices: number; lines: number; customers: number }>(
        tx,
        sql`select (select count(*)::int from invoices) as invoices,
                   (select count(*)::int from invoice_lines) as lines,
                   (select count(distinct customer_id)::int from invoices) as customers`,
      ),
    );
    const [expected] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from invoices where customer_id = ${ownCustomerId}`);
    expect(mine!.invoices).toBe(expected!.n);
    expect(mine!.invoices).toBeGreaterThan(0);
    expect(mine!.lines).toBeGreaterThan(0);
    expect(mine!.customers).toBe(1);
  });

  it('refuses admin-only tables and every write to a customer', async () => {
    const db = get().db;
    expect(await sqlState(asUser(db, claims, (tx) => tx.execute(sql`select * from api_keys`)))).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(asUser(db, claims, (tx) => tx.execute(sql`select * from audit_log`)))).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(
      await sqlState(asUser(db, claims, (tx) => tx.execute(sql`update invoices set status = 'paid' where customer_id = ${ownCustomerId}`))),
    ).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(
      await sqlState(
        asUser(db, claims, (tx) =>
          tx.execute(sql`insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at) select ${ownCustomerId}, id, 'x', 1, now() from billable_metrics limit 1`),
        ),
      ),
    ).toBe(PG_INSUFFICIENT_PRIVILEGE);
    // and the invoices are untouched
    const [open] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from invoices where customer_id = ${ownCustomerId} and status = 'open'`);
    expect(open!.n).toBeGreaterThan(0);
  });

  it('shows nothing of anyone to a session whose user has no customer record', async () => {
    const stranger: JwtClaims = { sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated', app_metadata: {} };
    const [counts] = await asUser(get().db, stranger, (tx) =>
      selectRows<{ customers: number; invoices: number }>(tx, sql`select (select count(*)::int from customers) as customers, (select count(*)::int from invoices) as invoices`),
    );
    expect(counts).toEqual({ customers: 0, invoices: 0 });
  });

  it('lets every signed-in user read the plan catalog', async () => {
    const [row] = await asUser(get().db, claims, (tx) => selectRows<{ n: number }>(tx, sql`select count(*)::int as n from plans`));
    expect(row!.n).toBeGreaterThan(0);
  });

  it('lets a customer read their metrics but not what a unit costs the operator, nor the alert rules', async () => {
    const db = get().db;
    await db.execute(sql`update billable_metrics set unit_cost = 0.0004, unit_cost_currency = 'usd' where code = 'api_calls'`);
    const codes = await asUser(db, claims, (tx) => selectRows<{ code: string }>(tx, sql`select code from billable_metrics where code = 'api_calls'`));
    expect(codes).toEqual([{ code: 'api_calls' }]);
    expect(await sqlState(asUser(db, claims, (tx) => tx.execute(sql`select unit_cost from billable_metrics`)))).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(asUser(db, claims, (tx) => tx.execute(sql`select * from billable_metrics`)))).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(asUser(db, claims, (tx) => tx.execute(sql`select * from alert_rules`)))).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(asUser(db, claims, (tx) => tx.execute(sql`select * from alerts`)))).toBe(PG_INSUFFICIENT_PRIVILEGE);
  });

  it('resets the role after the transaction, so the pooled connection is privileged again', async () => {
    await asUser(get().db, claims, (tx) => tx.execute(sql`select 1`));
    const rows = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from api_keys`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(0);
  });
});
