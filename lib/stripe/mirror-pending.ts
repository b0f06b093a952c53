// The Stripe step of the automation run: every finalized invoice with money due gets its Stripe copy
// (and so its hosted payment page). Picks up what a killed run left undone; mirroring is idempotent.
// It pages through the backlog until none is left or the deadline passes, however large it is.
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { selectRows, type Db } from '@/lib/db/client';
import { mirrorInvoiceToStripe } from './mirror-invoice';

/** Invoices read per page: a page, not a cap; the step keeps paging while it has time. */
const PAGE = 100;

// source = 'stripe': Stripe issued the invoice and collects it; a copy would bill the money twice
const PENDING = sql`status = 'open' and amount_due > 0 and hosted_invoice_url is null and source = 'meterbill'`;

type Row = { id: string; issued_at: Date };

export async function mirrorPendingInvoices(db: Db, stripe: Stripe, { deadline }: { deadline?: number } = {}) {
  const timeLeft = () => deadline === undefined || Date.now() < deadline;
  let mirrored = 0;
  const failures: { invoice_id: string; message: string }[] = [];
  // keyset paging, so each invoice is tried once per run: one that fails is left for the next run
  let after: Row | null = null;
  while (timeLeft()) {
    const page: Row[] = await selectRows<Row>(
      db,
      sql`select id, issued_at from invoices
           where ${PENDING} ${after ? sql`and (issued_at, id) > (${new Date(after.issued_at).toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
           order by issued_at, id limit ${PAGE}`,
    );
    if (page.length === 0) break;
    for (const row of page) {
      if (!timeLeft()) break;
      after = row;
      try {
        await mirrorInvoiceToStripe(db, stripe, row.id);
        mirrored += 1;
      } catch (error) {
        // the keyed requests make the next run's retry safe
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[stripe] mirroring invoice ${row.id} failed: ${message}`);
        failures.push({ invoice_id: row.id, message });
      }
    }
  }
  const [left] = await selectRows<{ n: string | number }>(db, sql`select count(*) as n from invoices where ${PENDING}`);
  return { mirrored, failures, remaining: Number(left?.n ?? 0) };
}
