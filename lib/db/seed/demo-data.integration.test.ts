import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { selectRows } from '@/lib/db/client';
import { billingConfig } from '@/lib/config/billing-config';
import { parseEnv } from '@/lib/env';
import { getSetupStatus, EXPECTED_TABLES } from '@/lib/setup/get-setup-status';
import { describeEachEngine } from '@/test/test-database';
import { seedDemoData } from './demo-data';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';

const NOW = new Date('2026-11-22T10:00:00Z');

describeEachEngine('demo data', (get) => {
  beforeAll(async () => {
    expect(await seedDemoData(get().db, { now: NOW, onlyIfEmpty: true, config: billingConfig(parseEnv({})) })).toBe(true);
  });

  it('fills every screen: a dozen customers, subscriptions, usage and three months of invoices', async () => {
    const [counts] = await selectRows<Record<string, number>>(
      get().db,
      sql`select (select count(*)::int from customers) as customers,
                 (select count(*)::int from subscriptions) as subscriptions,
                 (select count(*)::int from usage_events) as events,
                 (select count(*)::int from usage_rollups) as rollups,
                 (select count(*)::int from invoices) as invoices,
                 (select count(*)::int from payments) as payments,
                 (select min(issued_at) from invoices)::date::text as first_issued`,
    );
    expect(counts!.customers).toBe(12);
    expect(counts!.subscriptions).toBe(12);
    expect(counts!.events).toBe(counts!.rollups);
    expect(counts!.invoices).toBeGreaterThanOrEqual(36);
    expect(counts!.payments).toBeGreaterThan(0);
    expect(String(counts!.first_issued) < '2026-09-01').toBe(true);
  });

  it('rates Lyceum customers exactly as the Lyceum examples: $40.00, $254.50, $1,010.00', async () => {
    const rows = await selectRows<{ name: string; totals: string[] }>(
      get().db,
      sql`select c.name, array_agg(distinct i.total::text) as totals from invoices i join customers c on c.id = i.customer_id
          where c.external_id in ('demo_acme', 'demo_globex', 'demo_initech') group by c.name order by c.name`,
    );
    expect(rows).toEqual([
      { name: 'Acme Corporation', totals: ['254.500000'] },
      { name: 'Globex Ltd', totals: ['40.000000'] },
      { name: 'Initech', totals: ['1010.000000'] },
    ]);
  });

  it('numbers invoices gaplessly in issue order, and lines always sum to the subtotal', async () => {
    const numbers = await selectRows<{ number: string; number_sequence: number }>(
      get().db,
      sql`select number, number_sequence from invoices order by issued_at, number_sequence`,
    );
    expect(numbers.map((n) => n.number_sequence)).toEqual(numbers.map((_, i) => i + 1));
    expect(numbers[0]!.number).toBe('INV-2026-0001');
    const mismatched = await selectRows(
      get().db,
      sql`select i.id from invoices i join invoice_lines l on l.invoice_id = i.id group by i.id, i.subtotal having sum(l.amount) <> i.subtotal`,
    );
    expect(mismatched).toEqual([]);
    const [sequence] = await selectRows<{ last_number: number }>(get().db, sql`select last_number from invoice_number_sequences`);
    expect(sequence!.last_number).toBe(numbers.length);
  });

  it('leaves the number sequence where the app continues it, and the first billing run picks up nothing twice', async () => {
    const config = billingConfig(parseEnv({}));
    const [last] = await selectRows<{ n: number }>(get().db, sql`select max(number_sequence)::int as n from invoices where number_year = 2026`);
    const [customer] = await selectRows<{ id: string }>(get().db, sql`select id from customers where external_id = 'demo_acme'`);
    const invoice = await createOneTimeInvoice(
      get().db,
      { customer_id: customer!.id, items: [{ description: 'Workshop', quantity: '1', unit_price: '100' }], finalize: true },
      { now: NOW, config, actor: { type: 'system', id: null } },
    );
    expect(invoice.numberSequence).toBe(last!.n + 1);
    // every period that has ended was invoiced by the seed: a run now finds nothing due
    const run = await runBilling(get(), { now: NOW, config, actor: { type: 'system', id: null }, trigger: 'manual' });
    expect(run).toMatchObject({ processed: 0, remaining: 0 });
  });

  it('applies VAT by customer: 21% default (NL), 19% (DE), reverse charge (SE)', async () => {
    const rows = await selectRows<{ external_id: string; tax_rate: string; reverse_charge: boolean; ok: boolean }>(
      get().db,
      sql`select distinct c.external_id, i.tax_rate::text, i.reverse_charge, bool_and(i.tax = round(i.subtotal * i.tax_rate, 2)) over (partition by c.external_id) as ok
          from invoices i join customers c on c.id = i.customer_id where c.currency = 'eur' order by 1`,
    );
    expect(rows).toEqual([
      { external_id: 'demo_nordic', tax_rate: '0.000000', reverse_charge: true, ok: true },
      { external_id: 'demo_vigint_de', tax_rate: '0.190000', reverse_charge: false, ok: true },
      { external_id: 'demo_vigint_nl', tax_rate: '0.210000', reverse_charge: false, ok: true },
    ]);
  });

  it('leaves a database that already has customers alone', async () => {
    expect(await seedDemoData(get().db, { now: NOW, config: billingConfig(parseEnv({})), onlyIfEmpty: true })).toBe(false);
    const [row] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from customers`);
    expect(row!.n).toBe(12);
  });

  it('reports a healthy, current schema with counts and MRR in the setup status', async () => {
    const status = await getSetupStatus(get(), 'usd');
    expect(status.ok).toBe(true);
    expect(Object.keys(status.database.tables).sort()).toEqual(EXPECTED_TABLES);
    expect(Object.values(status.database.tables).every(Boolean)).toBe(true);
    expect(status.counts).toMatchObject({ customers: 12, active_subscriptions: 10 });
    // flat fees of active + past-due USD subscriptions per month: Lyceum $10/30 days ×3, API Growth $99 ×2,
    // Professional $49, Starter $19 (past due), Enterprise $99 (the trialing Starter is not revenue yet)
    // 3 × 10 × 365/12/30 = 30.4166… + 198 + 49 + 19 + 99 = 395.4166… → 395.42
    expect(status.revenue!.mrr).toBe('395.42');
    // the run the earlier test started at NOW, after the seed's
    expect(status.last_automation_run).toMatchObject({ trigger: 'manual', status: 'completed', started_at: NOW.toISOString() });
  });
});
