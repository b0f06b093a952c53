// Settling an invoice with money that arrived: the payment row, the invoice paid in full, and the end
// of a suspension it was holding up, in the caller's transaction. Every path that records a payment
// outside Stripe ends here (an admin marking an invoice paid, recordPayment).
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Queryable } from '@/lib/db/client';
import { invoices, payments } from '@/lib/db/schema';
import { reactivateIfSettled } from '@/lib/dunning/reactivate';

type InvoiceRow = typeof invoices.$inferSelect;
export type PaymentMethodUsed = (typeof payments.$inferInsert)['method'];

/** `invoice` must be open or uncollectible and locked by this transaction (SELECT … FOR UPDATE). */
export async function settleInvoice(
  tx: Queryable,
  invoice: InvoiceRow,
  { method, reference }: { method: PaymentMethodUsed; reference: string | null },
  { now, config, actor }: { now: Date; config: BillingConfig; actor: Actor },
): Promise<InvoiceRow> {
  const due = toExact(invoice.amountDue, 'amount_due');
  if (due.gt(0)) {
    const [attempts] = await selectRows<{ n: string | number }>(tx, sql`select count(*) as n from payments where invoice_id = ${invoice.id}`);
    await tx.insert(payments).values({
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      attemptNumber: Number(attempts?.n ?? 0) + 1,
      amount: moneyString(due, invoice.currency),
      currency: invoice.currency,
      method,
      status: 'succeeded',
      reference,
      createdAt: now,
      updatedAt: now,
    });
  }
  const [updated] = await tx
    .update(invoices)
    .set({
      status: 'paid',
      amountPaid: moneyString(toExact(invoice.amountPaid, 'amount_paid').plus(due), invoice.currency),
      amountDue: '0',
      paidAt: now,
      paymentReference: reference ?? invoice.paymentReference,
      // nothing is left to charge: a retry scheduled by dunning must not run
      nextPaymentAttemptAt: null,
      updatedAt: now,
    })
    .where(eq(invoices.id, invoice.id))
    .returning();
  // settling the last invoice overdue past the grace period ends a suspension
  await reactivateIfSettled(tx, [invoice.customerId], { now, config, actor });
  return updated!;
}
