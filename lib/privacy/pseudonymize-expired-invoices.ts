// Invoices must be kept as issued for the legal retention period (INVOICE_RETENTION_YEARS). Once an
// erased customer's invoice and every credit note against it are older than that, the buyer printed on
// them is the last personal data left: it becomes "Erased customer". Numbers, amounts, lines and the
// country (which tax reports group by) stay.
import { sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';
import { ERASED_CUSTOMER_NAME } from './erase-customer';

export type BatchedWork = { done: number; remaining: number };

/** When the retention of a document issued at `issued` ends: `years` later, to the millisecond. */
export function retentionCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** Pseudonymizes up to `limit` invoices per statement until none is left, the deadline or `maxRows`. */
export async function pseudonymizeExpiredInvoices(
  db: Queryable,
  { now, years, batchSize = 5_000, maxRows = 50_000, deadline }: { now: Date; years: number; batchSize?: number; maxRows?: number; deadline?: number },
): Promise<BatchedWork> {
  const cutoff = retentionCutoff(now, years).toISOString();
  const expired = sql`
    select i.id from invoices i
      join customers c on c.id = i.customer_id and c.erased_at is not null
     where coalesce(i.issued_at, i.created_at) < ${cutoff}::timestamptz
       and i.buyer is not null and i.buyer ->> 'name' is distinct from ${ERASED_CUSTOMER_NAME}
       and not exists (select 1 from credit_notes n where n.invoice_id = i.id and n.created_at >= ${cutoff}::timestamptz)`;
  let done = 0;
  for (;;) {
    const rows = await selectRows<{ id: string }>(
      db,
      sql`update invoices set buyer = jsonb_build_object('name', ${ERASED_CUSTOMER_NAME}::text, 'email', null, 'address_lines', '[]'::jsonb, 'country', buyer -> 'country', 'tax_id', null), updated_at = ${now.toISOString()}::timestamptz
           where id in (${expired} limit ${batchSize}) returning id`,
    );
    done += rows.length;
    if (rows.length < batchSize) return { done, remaining: 0 };
    if (done >= maxRows || (deadline !== undefined && Date.now() >= deadline)) break;
  }
  const [left] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from (${expired}) e`);
  return { done, remaining: left?.n ?? 0 };
}
