// The right of access and to portability (GDPR art. 15 and 20): everything held about one customer as
// one JSON document, written as a stream. The customer's small collections are read whole; usage
// events, which can run into millions, are read in keyset-paged batches and written as they come, and
// the stream is pulled (the next batch is read only when the reader has taken the last), so memory
// stays one batch deep however long the history. Every row is given as stored, with snake_case
// fields and ISO times, so nothing held is left out by a view that shows less.
import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { auditLog, billableMetrics, creditNotes, customerBudgets, customers, invoiceLines, invoices, notificationOutbox, paymentMethods, payments, subscriptions, usageEvents } from '@/lib/db/schema';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { userEmails } from '@/lib/workspaces/find-user';

export const EXPORT_USAGE_BATCH = 5_000;
const INVOICE_BATCH = 200;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A row as the export shows it: snake_case, ISO times, big integers as strings; the workspace left out. */
export function exportRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'workspaceId') continue;
    out[snake(key)] = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value;
  }
  return out;
}

type Chunk = string;

/** `"name": [` … `]` of the rows `pages` yields, one chunk per page. */
async function* arrayField(name: string, pages: AsyncIterable<Record<string, unknown>[]>, last = false): AsyncGenerator<Chunk> {
  yield `${JSON.stringify(name)}:[`;
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield (first ? '' : ',') + page.map((row) => JSON.stringify(exportRow(row))).join(',');
    first = false;
  }
  yield last ? ']' : '],';
}

async function* once<T>(rows: Promise<T[]>): AsyncGenerator<T[]> {
  yield await rows;
}

/** The customer's invoices with their lines, a page of invoices at a time, in id order. */
async function* invoicePages(db: Queryable, customerId: string): AsyncGenerator<Record<string, unknown>[]> {
  let after: string | null = null;
  for (;;) {
    const page: (typeof invoices.$inferSelect)[] = await db
      .select()
      .from(invoices)
      .where(and(eq(invoices.customerId, customerId), after ? gt(invoices.id, after) : undefined))
      .orderBy(asc(invoices.id))
      .limit(INVOICE_BATCH);
    if (page.length === 0) return;
    const lines = await db.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, page.map((i) => i.id))).orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position));
    yield page.map((invoice) => ({ ...invoice, lines: lines.filter((l) => l.invoiceId === invoice.id).map(exportRow) }));
    if (page.length < INVOICE_BATCH) return;
    after = page.at(-1)!.id;
  }
}

/**
 * Usage events metric by metric, each in (occurred_at, id) order from the index on (customer_id,
 * metric_id, occurred_at): every page is an index range read, not a scan of the table.
 */
async function* usagePages(db: Queryable, customerId: string, batch: number): AsyncGenerator<Record<string, unknown>[]> {
  const metrics = await db.select({ id: billableMetrics.id, code: billableMetrics.code }).from(billableMetrics).orderBy(asc(billableMetrics.code));
  for (const metric of metrics) {
    // the key as PostgreSQL has it (microseconds), not as a JavaScript Date (milliseconds)
    let after: { occurredAt: string; id: bigint } | null = null;
    for (;;) {
      const page: (typeof usageEvents.$inferSelect & { occurredKey: string })[] = await db
        .select({ ...getTableColumns(usageEvents), occurredKey: sql<string>`${usageEvents.occurredAt}::text` })
        .from(usageEvents)
        .where(
          and(
            eq(usageEvents.customerId, customerId),
            eq(usageEvents.metricId, metric.id),
            after ? sql`(${usageEvents.occurredAt}, ${usageEvents.id}) > (${after.occurredAt}::timestamptz, ${after.id.toString()}::bigint)` : undefined,
          ),
        )
        .orderBy(asc(usageEvents.occurredAt), asc(usageEvents.id))
        .limit(batch);
      if (page.length === 0) break;
      yield page.map(({ occurredKey: _key, ...event }) => ({ ...event, metric: metric.code }));
      if (page.length < batch) break;
      const lastRow = page.at(-1)!;
      after = { occurredAt: lastRow.occurredKey, id: lastRow.id };
    }
  }
}

/** The document's chunks, in order. `installation` reads the customer's sign-in, which is above workspaces. */
export async function* customerExportChunks(
  db: Queryable,
  installation: Queryable,
  customerId: string,
  { now, usageBatch = EXPORT_USAGE_BATCH }: { now: Date; usageBatch?: number },
): AsyncGenerator<Chunk> {
  const customer = await getCustomerOrThrow(db, customerId);
  const users = customer.userId ? [...(await userEmails(installation, [customer.userId]))].map(([id, email]) => ({ id, email })) : [];
  const [budget] = await db.select().from(customerBudgets).where(eq(customerBudgets.customerId, customerId));
  yield `{"exported_at":${JSON.stringify(now.toISOString())},"customer":${JSON.stringify(exportRow(customer))},"budget":${JSON.stringify(budget ? exportRow(budget) : null)},`;
  yield* arrayField('users', once(Promise.resolve(users)));
  yield* arrayField('subscriptions', once(db.select().from(subscriptions).where(eq(subscriptions.customerId, customerId)).orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))));
  yield* arrayField('invoices', invoicePages(db, customerId));
  yield* arrayField('credit_notes', once(db.select().from(creditNotes).where(eq(creditNotes.customerId, customerId)).orderBy(asc(creditNotes.createdAt), asc(creditNotes.id))));
  yield* arrayField('payments', once(db.select().from(payments).where(eq(payments.customerId, customerId)).orderBy(asc(payments.createdAt), asc(payments.id))));
  yield* arrayField('payment_methods', once(db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId)).orderBy(asc(paymentMethods.createdAt), asc(paymentMethods.id))));
  yield* arrayField(
    'emails',
    once(db.select().from(notificationOutbox).where(and(eq(notificationOutbox.customerId, customerId), eq(notificationOutbox.channel, 'email'))).orderBy(asc(notificationOutbox.createdAt), asc(notificationOutbox.id))),
  );
  yield* arrayField('audit_entries', once(db.select().from(auditLog).where(eq(auditLog.customerId, customerId)).orderBy(asc(auditLog.id))));
  yield* arrayField('usage_events', usagePages(db, customerId, usageBatch), true);
  yield '}';
}

/**
 * The document as a byte stream that reads the next chunk only when pulled. The customer is looked up
 * before the stream is returned, so an unknown one is a 404, not a broken download.
 */
export async function customerExportStream(db: Queryable, installation: Queryable, customerId: string, options: { now: Date; usageBatch?: number }): Promise<ReadableStream<Uint8Array>> {
  await getCustomerOrThrow(db, customerId);
  const chunks = customerExportChunks(db, installation, customerId, options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          console.error(`[export] customer ${customerId}: ${error instanceof Error ? error.message : String(error)}`);
          controller.error(new Error('The export failed'));
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** The file name a download of the export gets. */
export const exportFileName = (customer: Pick<typeof customers.$inferSelect, 'id'>, now: Date) => `customer-${customer.id}-${now.toISOString().slice(0, 10)}.json`;
