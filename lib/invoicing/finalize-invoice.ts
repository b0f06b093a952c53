// Finalization: draft → open, numbered in the same transaction, issued now and due after the payment
// terms. From here on the invoice is immutable; corrections are credit notes. A zero-amount invoice is
// paid the moment it is issued, as Stripe does.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { toExact } from '@/lib/billing/exact-decimal';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Queryable } from '@/lib/db/client';
import { invoices } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { addUtcDays } from '@/lib/time/utc-day';
import { assignInvoiceNumbers } from './invoice-numbering';

type InvoiceRow = typeof invoices.$inferSelect;
type FinalizeContext = { now: Date; config: BillingConfig; actor: Actor };

/**
 * Finalizes drafts this transaction holds (created in it, or locked by it), numbering them in the
 * order given with one counter update. Returns the finalized rows in the same order.
 */
export async function finalizeDrafts(tx: Queryable, drafts: InvoiceRow[], { now, config, actor }: FinalizeContext): Promise<InvoiceRow[]> {
  if (drafts.length === 0) return [];
  const numbers = await assignInvoiceNumbers(tx, config.invoiceNumberFormat, now, drafts.length);
  const updates = drafts.map((draft, i) => {
    const paidInFull = toExact(draft.amountDue, 'amount_due').isZero();
    return {
      id: draft.id,
      number: numbers[i]!.number,
      series: numbers[i]!.series,
      year: numbers[i]!.year,
      sequence: numbers[i]!.sequence,
      status: paidInFull ? 'paid' : 'open',
      due: (draft.dueDate ?? addUtcDays(now, config.paymentTermsDays)).toISOString(),
      paid_at: paidInFull ? now.toISOString() : null,
    };
  });
  const finalized = await selectRows<{ id: string }>(
    tx,
    sql`update invoices i
           set number = u.number, number_series = u.series, number_year = u.year, number_sequence = u.sequence,
               status = u.status, issued_at = ${now.toISOString()}::timestamptz, due_date = u.due, paid_at = u.paid_at, updated_at = now(),
               -- auto-pay customers are charged by the next automation run (first attempt due now)
               next_payment_attempt_at = case when u.status = 'open' and c.auto_pay and c.payment_method in ('card', 'direct_debit')
                                              then ${now.toISOString()}::timestamptz end
          from json_to_recordset(${JSON.stringify(updates)}::json)
            as u(id uuid, number text, series text, year int, sequence int, status text, due timestamptz, paid_at timestamptz),
               customers c
         -- found by primary key: with a bare "i.status = 'draft'" the planner, which knows drafts to be
         -- rare, reads invoices_status_idx for them instead, and there every invoice finalized since the
         -- last VACUUM still has its draft entry (npm run bench:billing)
         where i.id = u.id and (i.status = 'draft') is true and c.id = i.customer_id
     returning i.id`,
  );
  if (finalized.length !== drafts.length) throw new Error('an invoice to finalize was not a draft held by this transaction');
  await writeAuditEntries(
    tx,
    actor,
    drafts.map((draft, i) => ({
      action: 'invoice.finalized',
      entityType: 'invoice',
      entityId: draft.id,
      customerId: draft.customerId,
      details: {
        number: updates[i]!.number,
        total: draft.total,
        amount_due: draft.amountDue,
        currency: draft.currency,
        status: updates[i]!.status,
        before: { status: 'draft', number: null },
        after: { status: updates[i]!.status, number: updates[i]!.number, due_date: updates[i]!.due },
      },
    })),
  );
  return drafts.map((draft, i) => ({
    ...draft,
    number: updates[i]!.number,
    numberSeries: updates[i]!.series,
    numberYear: updates[i]!.year,
    numberSequence: updates[i]!.sequence,
    status: updates[i]!.status as InvoiceRow['status'],
    issuedAt: now,
    dueDate: new Date(updates[i]!.due),
    paidAt: updates[i]!.paid_at ? now : null,
  }));
}

/** Idempotent: an invoice that is no longer a draft is returned as it is. */
export async function finalizeInvoice(tx: Queryable, invoiceId: string, ctx: FinalizeContext): Promise<InvoiceRow> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
  if (!invoice) throw notFound('Invoice');
  if (invoice.status !== 'draft') return invoice;
  const [finalized] = await finalizeDrafts(tx, [invoice], ctx);
  return finalized!;
}
