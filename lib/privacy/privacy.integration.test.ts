// Export and erasure on the real database: two customers with a record of every kind (test/privacy-
// fixture.ts); the export holds all of one and nothing of the other, streamed in chunks even for
// 200,000 events; erasure is refused while a subscription is live or money is due, then leaves none of
// the customer's personal data in any table of the schema, while invoice numbers, totals and documents
// stay exactly as issued, until the automation run pseudonymizes them after INVOICE_RETENTION_YEARS.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { runAutomation } from '@/lib/automation/run-automation';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { billingConfig } from '@/lib/config/billing-config';
import { selectRows, type Database } from '@/lib/db/client';
import { billableMetrics, customers, invoices, webhookEndpoints } from '@/lib/db/schema';
import { renderInvoiceHtml } from '@/lib/documents/invoice-html';
import { renderInvoicePdf } from '@/lib/documents/invoice-pdf';
import { parseEnv } from '@/lib/env';
import { runBilling } from '@/lib/invoicing/run-billing';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { recordPayment } from '@/lib/payments/record-payment';
import { updateSubscription } from '@/lib/subscriptions/update-subscription';
import { DAY_MS } from '@/lib/time/utc-day';
import { apiError } from '@/test/api-error';
import { FIXTURE_ACTOR, fixtureCustomer, type FixtureCustomer, type PersonalData } from '@/test/privacy-fixture';
import { describeEachEngine } from '@/test/test-database';
import { eraseCustomer, ERASED_CUSTOMER_NAME } from './erase-customer';
import { customerExportChunks, customerExportStream } from './export-customer';

const NOW = new Date('2026-11-22T10:00:00Z');
const config = billingConfig(parseEnv({}));

/** Reads the whole stream, returning its chunks. */
async function readChunks(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value));
  return chunks;
}

type Found = { table: string; column: string; needle: string };

/**
 * Every text, varchar, json, jsonb and array column of every table in the public and auth schemas,
 * searched for each needle: the generic check that nothing of the customer is left anywhere.
 */
async function whereFound(database: Database, needles: string[], { except = [] as string[] } = {}): Promise<Found[]> {
  const installation = database.installation.db;
  const columns = await selectRows<{ table_schema: string; table_name: string; column_name: string }>(
    installation,
    sql`select c.table_schema, c.table_name, c.column_name from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
         where c.table_schema in ('public', 'auth') and (c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'))
         order by 1, 2, 3`,
  );
  const found: Found[] = [];
  for (const { table_schema, table_name, column_name } of columns) {
    const table = `${table_schema}.${table_name}`;
    if (except.includes(`${table}.${column_name}`)) continue;
    for (const needle of needles) {
      const [row] = await selectRows<{ n: number }>(
        installation,
        sql.raw(`select count(*)::int as n from "${table_schema}"."${table_name}" where "${column_name}"::text ilike '%${needle.replace(/'/g, "''")}%'`),
      );
      if (row!.n > 0) found.push({ table, column: column_name, needle });
    }
  }
  return found;
}

const needlesOf = (p: PersonalData) => [p.name, p.email, p.billingEmail, p.taxId, p.externalId, p.addressLine];

describeEachEngine('privacy: export and erasure', (get) => {
  let subject: FixtureCustomer;
  let other: FixtureCustomer;

  beforeAll(async () => {
    const { db } = get();
    await ensureDefaultCatalog(db);
    await db.insert(webhookEndpoints).values({ url: 'https://hooks.privacy.example/meterbill', events: ['*'], secret: 'whsec_cHJpdmFjeS1maXh0dXJlLWtleQ==' });
    subject = await fixtureCustomer(get(), 'Subject', { now: NOW, config });
    other = await fixtureCustomer(get(), 'Other', { now: NOW, config });
  }, 120_000);

  it('exports every kind of record of the customer and nothing of another', async () => {
    const chunks = await readChunks(await customerExportStream(get().db, get().installation.db, subject.id, { now: NOW }));
    const text = chunks.join('');
    const doc = JSON.parse(text) as Record<string, unknown> & { customer: Record<string, unknown> };
    expect(doc.exported_at).toBe(NOW.toISOString());
    expect(doc.customer).toMatchObject({ id: subject.id, name: subject.personal.name, email: subject.personal.email, tax_id: subject.personal.taxId, external_id: subject.personal.externalId, bank_iban: 'NL91ABNA0417164300' });
    expect(doc.users).toEqual([{ id: subject.userId, email: subject.personal.email }]);
    for (const kind of ['subscriptions', 'invoices', 'credit_notes', 'payments', 'payment_methods', 'usage_events', 'emails', 'audit_entries']) {
      expect({ kind, count: (doc[kind] as unknown[]).length }).not.toEqual({ kind, count: 0 });
      for (const row of doc[kind] as Record<string, unknown>[]) {
        // each record is the customer's: by its customer_id, or for an invoice's lines by the invoice
        if ('customer_id' in row) expect({ kind, customer: row.customer_id }).toEqual({ kind, customer: subject.id });
      }
    }
    const [invoice] = doc.invoices as { id: string; lines: unknown[]; total: string }[];
    expect(invoice!.lines.length).toBeGreaterThan(0);
    expect(doc.usage_events).toHaveLength(6);
    // nothing of the other customer, anywhere in the document
    for (const needle of [other.id, ...needlesOf(other.personal)]) expect(text).not.toContain(needle);
  });

  it('streams 200,000 usage events in bounded chunks', async () => {
    const { db } = get();
    const [metric] = await db.select({ id: billableMetrics.id }).from(billableMetrics).where(eq(billableMetrics.code, 'api_calls'));
    // a customer of its own, so the other tests' counts stay as they are
    const [bulk] = await db.insert(customers).values({ name: 'Bulk exporter', email: 'bulk@privacy.example', currency: 'usd' }).returning();
    await db.execute(sql`insert into usage_events (customer_id, metric_id, event_id, quantity, occurred_at, properties)
      select ${bulk!.id}::uuid, ${metric!.id}::uuid, 'bulk-' || n, 1, ${NOW.toISOString()}::timestamptz - make_interval(secs => n), jsonb_build_object('n', n)
        from generate_series(1, 200000) n`);

    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    let events = 0;
    let largest = 0;
    let count = 0;
    let tail = '';
    for await (const chunk of customerExportChunks(db, get().installation.db, bulk!.id, { now: NOW })) {
      count++;
      largest = Math.max(largest, chunk.length);
      // counted as it passes, never kept: what a client saving the file does
      events += chunk.match(/"event_id":"bulk-/g)?.length ?? 0;
      tail = chunk;
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    expect(events).toBe(200_000);
    expect(tail).toBe('}');
    // one chunk per page of 5,000 events at most, each well under the whole (about 50 MB)
    expect(count).toBeGreaterThanOrEqual(40);
    expect(largest).toBeLessThan(2_000_000);
    console.info(`[export] 200,000 events: ${count} chunks, largest ${largest} characters, heap grew at most ${Math.round((peakHeap - heapBefore) / 1e6)} MB`);

    // and as a stream it parses to the same document
    const text = (await readChunks(await customerExportStream(db, get().installation.db, bulk!.id, { now: NOW }))).join('');
    expect((JSON.parse(text) as { usage_events: unknown[] }).usage_events).toHaveLength(200_000);
  }, 300_000);

  it('refuses to erase with a live subscription or money due, then erases everything personal and keeps the invoices as issued', async () => {
    const database = get();
    const { db } = database;
    const erase = (now: Date) => eraseCustomer(database, subject.id, { reason: 'GDPR request by e-mail' }, { actor: FIXTURE_ACTOR, now, stripe: null });
    expect(await apiError(erase(NOW))).toMatchObject({ status: 409, code: 'customer_has_live_subscription' });

    // cancelled at the end of the period; the run after it bills the last period and ends the subscription
    await updateSubscription(db, subject.subscriptionId, { cancel_at_period_end: true }, { actor: FIXTURE_ACTOR, now: NOW });
    const later = new Date(NOW.getTime() + 40 * DAY_MS);
    const run = await runBilling(database, { now: later, config, actor: FIXTURE_ACTOR, trigger: 'manual', customerId: subject.id });
    expect(run.failed).toBe(0);
    expect(await apiError(erase(later))).toMatchObject({ status: 409, code: 'customer_has_money_due' });
    // nothing changed by the refusals
    expect((await db.select().from(customers).where(eq(customers.id, subject.id)))[0]).toMatchObject({ name: subject.personal.name, erasedAt: null });

    for (const invoice of await db.select().from(invoices).where(eq(invoices.customerId, subject.id))) {
      if (invoice.status === 'open') await recordPayment(db, invoice.id, { method: 'bank_transfer', reference: 'wire' }, { now: later, config, actor: FIXTURE_ACTOR });
    }
    const issued = await db.select().from(invoices).where(eq(invoices.customerId, subject.id)).orderBy(invoices.number);
    const documents = async () =>
      Promise.all(issued.map(async (i) => { const view = (await loadInvoiceView(db, i.id))!; return { html: renderInvoiceHtml(view, config.bank), pdf: (await renderInvoicePdf(view, config.bank)).toString('base64') }; }));
    const documentsBefore = await documents();
    expect(documentsBefore[0]!.html).toContain(subject.personal.name);

    // before: the customer's data is in many places, which is what makes the check below mean something
    const before = await whereFound(database, needlesOf(subject.personal));
    expect(new Set(before.map((f) => f.table))).toEqual(new Set(['public.customers', 'auth.users', 'public.invoices', 'public.notification_outbox', 'public.usage_events', 'public.usage_unique_values', 'public.webhook_events']));

    const erased = await erase(later);
    // no Stripe client here: their Stripe customer waits for a run that has one (stripe-erasure.integration.test.ts)
    expect(erased).toEqual({ erased_at: later.toISOString(), stripe_customer: 'pending' });
    expect(await apiError(erase(later))).toMatchObject({ status: 409, code: 'already_erased' });

    // gone from every table, but the buyer printed on the invoices
    expect(await whereFound(database, needlesOf(subject.personal), { except: ['public.invoices.buyer'] })).toEqual([]);
    const [row] = await db.select().from(customers).where(eq(customers.id, subject.id));
    expect(row).toMatchObject({ name: ERASED_CUSTOMER_NAME, email: '', externalId: null, taxId: null, bankIban: null, addressLines: [], billingEmails: [], userId: null, erasedAt: later });
    expect(await selectRows(database.installation.db, sql`select id from auth.users where id = ${subject.userId}`)).toEqual([]);

    // the invoices and their documents exactly as issued
    const after = await db.select().from(invoices).where(eq(invoices.customerId, subject.id)).orderBy(invoices.number);
    expect(after.map((i) => [i.number, i.total, i.amountDue, i.buyer])).toEqual(issued.map((i) => [i.number, i.total, i.amountDue, i.buyer]));
    expect(await documents()).toEqual(documentsBefore);

    // the audit entry says why, and nothing personal
    const [entry] = await selectRows<{ details: Record<string, unknown> }>(db, sql`select details from audit_log where action = 'customer.erased' and customer_id = ${subject.id}`);
    expect(entry!.details).toMatchObject({ reason: 'GDPR request by e-mail' });

    // the other customer keeps everything
    expect((await whereFound(database, [other.personal.email])).length).toBeGreaterThan(3);

    // within the retention period the automation run leaves the invoices alone; after it, the buyer goes
    // (the other customer's subscription ends first, so the runs years later have no periods to bill)
    await updateSubscription(db, other.subscriptionId, { cancel_at_period_end: true }, { actor: FIXTURE_ACTOR, now: later });
    const withinRetention = new Date(later.getTime() + 9 * 365 * DAY_MS);
    const ws = [(await database.installation.db.query.workspaces.findFirst())!];
    await runAutomation(database, { now: withinRetention, actor: FIXTURE_ACTOR, trigger: 'manual', workspaces: ws, services: () => ({ config, stripe: null }) });
    expect((await db.select().from(invoices).where(eq(invoices.customerId, subject.id))).every((i) => i.buyer?.name === subject.personal.name)).toBe(true);
    const pastRetention = new Date(later.getTime() + 10 * 366 * DAY_MS + DAY_MS);
    const summary = await runAutomation(database, { now: pastRetention, actor: FIXTURE_ACTOR, trigger: 'manual', workspaces: ws, services: () => ({ config, stripe: null }) });
    expect(summary.steps.retention.done).toBeGreaterThanOrEqual(issued.length);
    const pseudonymized = await db.select().from(invoices).where(eq(invoices.customerId, subject.id)).orderBy(invoices.number);
    expect(pseudonymized.map((i) => [i.number, i.total, i.buyer])).toEqual(issued.map((i) => [i.number, i.total, { name: ERASED_CUSTOMER_NAME, email: null, address_lines: [], country: i.buyer!.country ?? null, tax_id: null }]));
    expect(await whereFound(database, needlesOf(subject.personal))).toEqual([]);
  }, 600_000);
});
