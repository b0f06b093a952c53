// Invoice documents on a real database: who may load an invoice for a document (RLS for customers),
// what the accounting export selects, and documents rendered from invoices as invoicing stores them.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { JwtClaims } from '@/lib/auth/claims';
import { findLocalUser } from '@/lib/auth/local-users';
import { billingConfig } from '@/lib/config/billing-config';
import { asUser } from '@/lib/db/as-user';
import { selectRows, type Database } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { DEMO_USERS } from '@/lib/demo/demo-users';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { parseEnv } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { loadVisibleInvoice, type InvoiceViewer } from '@/lib/invoicing/visible-invoice';
import { describeEachEngine } from '@/test/test-database';
import { invoiceCsv } from './invoice-csv';
import { invoiceExportCsv, parseExportRange } from './invoice-export';
import { renderInvoiceHtml } from './invoice-html';
import { listExportInvoices } from './list-export-invoices';

const NOW = new Date('2026-11-22T10:00:00Z');
const ACTOR = { type: 'system', id: null } as const;
const config = billingConfig(parseEnv({}));
const BANK = { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' };

/** An admin on the privileged connection, or the customer with these claims under RLS, as the routes make them. */
function viewer(database: Database, who: { customer: JwtClaims } | 'admin'): InvoiceViewer {
  return who === 'admin' ? { kind: 'admin', db: database.db } : { kind: 'customer', asCustomer: (work) => asUser(database.db, who.customer, work) };
}

async function status404(work: Promise<unknown>): Promise<number | null> {
  try {
    await work;
    return null;
  } catch (error) {
    return error instanceof BillingError ? error.status : -1;
  }
}

describeEachEngine('invoice documents', (get) => {
  let claims: JwtClaims;
  let ownInvoiceId: string;
  let foreignInvoiceId: string;
  let ownDraftId: string;
  let vigintInvoiceId: string;
  let vigintDraftId: string;

  beforeAll(async () => {
    const database = get();
    const { db } = database;
    await seedDemoData(get(), { now: NOW, config });
    const user = await findLocalUser(get().installation.db, DEMO_USERS.customer.email);
    claims = { sub: user!.id, role: 'authenticated', email: user!.email, aud: 'authenticated', app_metadata: {} };
    const [own] = await selectRows<{ customer_id: string; invoice_id: string }>(
      db,
      sql`select c.id as customer_id, i.id as invoice_id from customers c join invoices i on i.customer_id = c.id where c.user_id = ${user!.id} and i.status <> 'draft' limit 1`,
    );
    ownInvoiceId = own!.invoice_id;
    const [foreign] = await selectRows<{ id: string }>(db, sql`select i.id from invoices i join customers c on c.id = i.customer_id where c.user_id is distinct from ${user!.id} limit 1`);
    foreignInvoiceId = foreign!.id;
    const ctx = { now: NOW, config, actor: ACTOR };
    ownDraftId = (await createOneTimeInvoice(db, { customer_id: own!.customer_id, items: [{ description: 'Workshop', quantity: '1', unit_price: '100' }], finalize: false }, ctx)).id;

    // Vigint's week on a fresh EUR customer at 21%: €3.50 + €0.74 = €4.24, issued today
    const [vigint] = await db
      .insert(customers)
      .values({ name: 'Vigint Client, "Paris"', email: 'v@example.com', currency: 'eur', taxRate: '0.21', addressLines: ['1 Rue A', 'Paris'], country: 'FR' })
      .returning();
    const items = [
      { description: 'RTSP Streaming', quantity: '1000', unit_price: '0.0010' },
      { description: 'API Calls, <bulk> "tier"', quantity: '5000', unit_price: '0.0005' },
    ];
    vigintInvoiceId = (await createOneTimeInvoice(db, { customer_id: vigint!.id, items, due_days: 14, finalize: true }, ctx)).id;
    vigintDraftId = (await createOneTimeInvoice(db, { customer_id: vigint!.id, items, finalize: false }, ctx)).id;
  });

  it('lets a customer load their own invoice, and answers 404 for another’s, their own draft or a malformed id', async () => {
    const database = get();
    const customer = viewer(database, { customer: claims });
    expect((await loadVisibleInvoice(customer, ownInvoiceId)).id).toBe(ownInvoiceId);
    expect(await status404(loadVisibleInvoice(customer, foreignInvoiceId))).toBe(404);
    expect(await status404(loadVisibleInvoice(customer, ownDraftId))).toBe(404);
    expect(await status404(loadVisibleInvoice(customer, 'not-an-id'))).toBe(404);
    expect(await status404(loadVisibleInvoice(customer, '00000000-0000-4000-8000-000000000000'))).toBe(404);
    // admins read anyone's, drafts included
    const admin = viewer(database, 'admin');
    expect((await loadVisibleInvoice(admin, foreignInvoiceId)).id).toBe(foreignInvoiceId);
    expect((await loadVisibleInvoice(admin, ownDraftId)).status).toBe('draft');
  });

  it('renders the stored Vigint invoice: €4.24 in the HTML, exact decimals and quoting in the CSV', async () => {
    const view = (await loadInvoiceView(get().db, vigintInvoiceId))!;
    expect(view).toMatchObject({ subtotal: '3.50', tax: '0.74', total: '4.24', currency: 'eur' });
    const html = renderInvoiceHtml(view, BANK);
    expect(html).toContain(`<dt>Invoice number</dt><dd>${view.number}</dd>`);
    expect(html).toContain('<td>API Calls, &lt;bulk&gt; &quot;tier&quot;</td><td class="num">5,000</td><td class="num">€0.0005</td><td class="num">€2.50</td>');
    expect(html).toContain('<tr class="emphasis"><td>Total</td><td class="num">€4.24</td></tr>');
    expect(html).toContain(`Reference: <span class="mono">${view.number}</span>`);
    expect(invoiceCsv(view)).toBe(
      [
        `Invoice Number,${view.number}`,
        'Client Name,"Vigint Client, ""Paris"""',
        'Billing Period,',
        'Issue Date,2026-11-22',
        'Due Date,2026-12-06',
        'Service,Quantity,Unit Price (EUR),Total (EUR)',
        'RTSP Streaming,1000,0.001,1.00',
        '"API Calls, <bulk> ""tier""",5000,0.0005,2.50',
        'Subtotal,,,3.50',
        'Tax (21%),,,0.74',
        'Total,,,4.24',
        'Amount Paid,,,0.00',
        'Amount Due,,,4.24',
        '',
      ].join('\n'),
    );
  });

  it('exports every issued invoice of the range, drafts left out, oldest first', async () => {
    const { db } = get();
    const range = parseExportRange(new URLSearchParams('from=2026-09-01&to=2026-11-22'));
    const views = await listExportInvoices(db, range);
    const [expected] = await selectRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from invoices
           where status <> 'draft' and (issued_at at time zone 'UTC')::date between '2026-09-01' and '2026-11-22'`,
    );
    expect(views).toHaveLength(expected!.n);
    expect(views.length).toBeGreaterThan(10);
    expect(views.some((v) => v.status === 'draft')).toBe(false);
    expect(views.map((v) => v.id)).toContain(vigintInvoiceId);
    expect(views.map((v) => v.id)).not.toContain(vigintDraftId);
    const issued = views.map((v) => v.issued_at!);
    expect(issued).toEqual([...issued].sort());

    const csv = invoiceExportCsv(views);
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(views.length + 1);
    const vigint = views.find((v) => v.id === vigintInvoiceId)!;
    expect(lines).toContain(`${vigint.number},2026-11-22,2026-12-06,"Vigint Client, ""Paris""",,EUR,3.50,0.21,standard,0.74,4.24,0.00,4.24,open,,,meterbill`);
    // Nordic Streams is exempt with a VAT id: reverse charge, and its VAT id is in the export
    expect(lines.some((l) => l.includes(',Nordic Streams AB,SE556677889901,EUR,') && l.includes(',0,reverse_charge,0.00,'))).toBe(true);

    // a range before anything was issued: the header alone
    const empty = await listExportInvoices(db, parseExportRange(new URLSearchParams('from=2020-01-01&to=2020-12-31')));
    expect(empty).toEqual([]);
  });

  it('counts from and to as whole UTC days', async () => {
    const { db } = get();
    const day = await listExportInvoices(db, parseExportRange(new URLSearchParams('from=2026-11-22&to=2026-11-22')));
    expect(day.map((v) => v.id)).toContain(vigintInvoiceId);
    const before = await listExportInvoices(db, parseExportRange(new URLSearchParams('from=2026-11-01&to=2026-11-21')));
    expect(before.map((v) => v.id)).not.toContain(vigintInvoiceId);
    expect(before.every((v) => v.issued_at! < '2026-11-22T00:00:00.000Z')).toBe(true);
  });
});
