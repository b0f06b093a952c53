// Invoice status changes an admin makes (API.md: PATCH /api/billing/invoices/[id]).
//
//   draft ──► open ──► paid
//                 ├──► void
//                 └──► uncollectible ──► paid | void
//
// Anything else is a 409. A finalized invoice's amounts and lines never change; corrections of what
// was billed are credit notes.
import { eq } from 'drizzle-orm';
import { moneyString } from '@/lib/billing/money';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Db } from '@/lib/db/client';
import { invoices } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { reactivateIfSettled } from '@/lib/dunning/reactivate';
import { settleInvoice } from '@/lib/payments/settle-invoice';
import { assertIssuedHere } from './assert-issued-here';
import { finalizeInvoice } from './finalize-invoice';

export const invoiceStatusChangeSchema = z.strictObject({
  status: z.enum(['open', 'paid', 'void', 'uncollectible']),
  payment_reference: z.string().trim().min(1).max(200).optional(),
});
export type InvoiceStatusChange = z.output<typeof invoiceStatusChangeSchema>;

const ALLOWED: Record<string, readonly string[]> = {
  draft: ['open'],
  open: ['paid', 'void', 'uncollectible'],
  uncollectible: ['paid', 'void'],
  paid: [],
  void: [],
};

export async function changeInvoiceStatus(db: Db, invoiceId: string, change: InvoiceStatusChange, { now, actor, config }: { now: Date; actor: Actor; config: BillingConfig }) {
  return db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
    if (!invoice) throw notFound('Invoice');
    assertIssuedHere(invoice);
    if (!ALLOWED[invoice.status]!.includes(change.status)) {
      throw new BillingError({ code: 'invalid_transition', status: 409, message: `An invoice that is ${invoice.status} cannot become ${change.status}` });
    }
    if (change.status === 'open') return finalizeInvoice(tx, invoice.id, { now, config, actor });

    let updated: typeof invoices.$inferSelect;
    if (change.status === 'paid') {
      // paid outside Stripe (a bank transfer, a cheque): the admin's reference is the proof
      updated = await settleInvoice(tx, invoice, { method: 'manual', reference: change.payment_reference ?? null }, { now, config, actor });
    } else {
      const set: Partial<typeof invoices.$inferInsert> = { status: change.status, updatedAt: now };
      if (change.status === 'void') Object.assign(set, { voidedAt: now, amountDue: '0' });
      if (change.status === 'uncollectible') Object.assign(set, { markedUncollectibleAt: now });
      const [row] = await tx.update(invoices).set(set).where(eq(invoices.id, invoice.id)).returning();
      updated = row!;
      // voiding the last overdue invoice ends a suspension
      if (change.status === 'void') await reactivateIfSettled(tx, [invoice.customerId], { now, config, actor });
    }
    await writeAuditEntries(tx, actor, [
      {
        action: `invoice.${change.status === 'uncollectible' ? 'marked_uncollectible' : change.status === 'paid' ? 'marked_paid' : 'voided'}`,
        entityType: 'invoice',
        entityId: invoice.id,
        customerId: invoice.customerId,
        details: {
          from: invoice.status,
          to: change.status,
          number: invoice.number,
          payment_reference: change.payment_reference ?? null,
          before: { status: invoice.status, amount_due: moneyString(invoice.amountDue, invoice.currency) },
          after: { status: updated.status, amount_due: moneyString(updated.amountDue, invoice.currency) },
        },
      },
    ]);
    return updated;
  });
}
