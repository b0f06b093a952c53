// The Stripe step of the automation run: every finalized invoice with money due gets its Stripe copy
// (and so its hosted payment page). Picks up what a killed run left undone; mirroring is idempotent.
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { selectRows, type Db } from '@/lib/db/client';
import { mirrorInvoiceToStripe } from './mirror-invoice';

export async function mirrorPendingInvoices(db: Db, stripe: Stripe, { deadline, limit = 500 }: { deadline?: number; limit?: number } = {}) {
  const pending = await selectRows<{ id: string }>(
    db,
    // source = 'stripe': Stripe issued the invoice and collects it; a copy would bill the money twice
    sql`select id from invoices where status = 'open' and amount_due > 0 and hosted_invoice_url is null and source = 'meterbill' order by issued_at, id limit ${limit}`,
  );
  let mirrored = 0;
  const failures: { invoice_id: string; message: string }[] = [];
  for (const { id } of pending) {
    if (deadline !== undefined && Date.now() >= deadline) break;
    try {
      await mirrorInvoiceToStripe(db, stripe, id);
      mirrored += 1;
    } catch (error) {
      // left for the next run; the keyed requests make the retry safe
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[stripe] mirroring invoice ${id} failed: ${message}`);
      failures.push({ invoice_id: id, message });
    }
  }
  return { mirrored, failures, remaining: pending.length - mirrored };
}
