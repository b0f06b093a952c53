// Finalization: draft → open, numbered in the same transaction, issued now and due after the payment
// terms. From here on the invoice is immutable; corrections are credit notes. A zero-amount invoice is
// paid the moment it is issued, as Stripe does.
import { eq, sql } from 'drizzle-orm';
import { toExact } from '@/lib/billing/exact-decimal';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { auditLog, invoices } from '@/lib/db/schema';
import { notFound } from '@/lib/http/billing-error';
import type { Actor } from '@/lib/api-keys/create-api-key';
import { assignInvoiceNumber } from './invoice-numbering';

const DAY_MS = 86_400_000;

/** Idempotent: an invoice that is no longer a draft is returned as it is. */
export async function finalizeInvoice(tx: Queryable, invoiceId: string, { now, config, actor }: { now: Date; config: BillingConfig; actor: Actor }) {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
  if (!invoice) throw notFound('Invoice');
  if (invoice.status !== 'draft') return invoice;
  const assigned = await assignInvoiceNumber(tx, config.invoiceNumberFormat, now);
  const paidInFull = toExact(invoice.amountDue, 'amount_due').isZero();
  const [finalized] = await tx
    .update(invoices)
    .set({
      number: assigned.number,
      numberSeries: assigned.series,
      numberYear: assigned.year,
      numberSequence: assigned.sequence,
      status: paidInFull ? 'paid' : 'open',
      issuedAt: now,
      dueDate: invoice.dueDate ?? new Date(now.getTime() + config.paymentTermsDays * DAY_MS),
      paidAt: paidInFull ? now : null,
      updatedAt: sql`now()`,
    })
    .where(eq(invoices.id, invoiceId))
    .returning();
  await tx.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.id,
    action: 'invoice.finalized',
    entityType: 'invoice',
    entityId: invoiceId,
    customerId: invoice.customerId,
    details: { number: assigned.number, total: invoice.total, currency: invoice.currency },
  });
  return finalized!;
}
