// Credit notes: the only way to correct an issued invoice. On an invoice still being collected the
// credit reduces what is due (a credit that covers all of it settles the invoice, as Stripe does); on a
// paid invoice it is a refund owed to the customer. Numbered gaplessly in their own series.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { creditNoteAmounts, CreditNoteTooLarge } from '@/lib/billing/credit-note-amounts';
import { toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { creditNotes, invoices } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { reactivateIfSettled } from '@/lib/dunning/reactivate';
import { assertIssuedHere } from './assert-issued-here';
import { assignInvoiceNumber } from './invoice-numbering';

export const createCreditNoteSchema = z.strictObject({
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  /** the net amount to credit, before tax; omit to credit everything that is left */
  amount: z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, 'must be a decimal string > 0').optional(),
  description: z.string().trim().min(1).max(500).optional(),
});
export type CreateCreditNoteInput = z.output<typeof createCreditNoteSchema>;

type CreditNoteRow = typeof creditNotes.$inferSelect;

export function toCreditNoteView(note: CreditNoteRow) {
  const money = (v: string) => moneyString(v, note.currency);
  return {
    id: note.id,
    number: note.number,
    invoice_id: note.invoiceId,
    customer_id: note.customerId,
    currency: note.currency,
    subtotal: money(note.subtotal),
    tax: money(note.tax),
    total: money(note.total),
    method: note.method,
    reason: note.reason,
    lines: note.lines,
    created: note.createdAt.toISOString(),
  };
}

export async function listCreditNotes(db: Queryable, invoiceId: string) {
  const rows = await db.select().from(creditNotes).where(eq(creditNotes.invoiceId, invoiceId)).orderBy(asc(creditNotes.createdAt));
  return rows.map(toCreditNoteView);
}

export async function createCreditNote(db: Queryable, invoiceId: string, input: CreateCreditNoteInput, { now, config, actor }: { now: Date; config: BillingConfig; actor: Actor }) {
  return db.transaction(async (tx) => {
    // the invoice row lock serializes credit notes on one invoice, so two can never over-credit it
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
    if (!invoice) throw notFound('Invoice');
    assertIssuedHere(invoice);
    if (invoice.status === 'draft' || invoice.status === 'void') {
      throw new BillingError({
        code: 'invalid_transition',
        status: 409,
        message: invoice.status === 'draft' ? 'A draft is corrected by editing or voiding it, not with a credit note' : 'A void invoice cannot be credited',
      });
    }
    const previous = await tx.select().from(creditNotes).where(eq(creditNotes.invoiceId, invoice.id));
    let amounts;
    try {
      amounts = creditNoteAmounts(
        { currency: invoice.currency, subtotal: invoice.subtotal, tax: invoice.tax, tax_rate: invoice.taxRate },
        previous.map((p) => ({ subtotal: p.subtotal, tax: p.tax })),
        input.amount,
      );
    } catch (error) {
      if (error instanceof CreditNoteTooLarge) {
        throw new BillingError({ code: 'validation_failed', status: 422, message: error.message, details: [{ field: 'amount', message: error.message }] });
      }
      throw error;
    }

    const method = invoice.status === 'paid' ? 'refund' : 'credit';
    const number = await assignInvoiceNumber(tx, config.creditNoteNumberFormat, now);
    const [note] = await tx
      .insert(creditNotes)
      .values({
        number: number.number,
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        currency: invoice.currency,
        subtotal: amounts.subtotal,
        tax: amounts.tax,
        total: amounts.total,
        method,
        reason: input.reason,
        lines: [{ description: input.description ?? `Credit for invoice ${invoice.number}`, amount: amounts.subtotal }],
        createdBy: `${actor.type}:${actor.id ?? ''}`,
        createdAt: now,
      })
      .returning();

    // what the note did to its invoice, for the log: a credit lowers what is due (and may settle it)
    let invoiceAfter = { status: invoice.status, amount_due: moneyString(invoice.amountDue, invoice.currency) };
    if (method === 'credit') {
      const due = toExact(invoice.amountDue).minus(amounts.total);
      const settled = due.lte(0);
      invoiceAfter = { status: settled ? 'paid' : invoice.status, amount_due: moneyString(settled ? 0 : due, invoice.currency) };
      await tx
        .update(invoices)
        .set({
          amountDue: moneyString(settled ? 0 : due, invoice.currency),
          ...(settled ? { status: 'paid' as const, paidAt: now } : {}),
          updatedAt: now,
        })
        .where(eq(invoices.id, invoice.id));
      if (settled) await reactivateIfSettled(tx, [invoice.customerId], { now, config, actor });
    }
    await writeAuditEntries(tx, actor, [
      {
        action: 'credit_note.created',
        entityType: 'credit_note',
        entityId: note!.id,
        customerId: invoice.customerId,
        details: {
          invoice_id: invoice.id,
          invoice_number: invoice.number,
          number: note!.number,
          total: amounts.total,
          method,
          reason: input.reason,
          before: { invoice_status: invoice.status, invoice_amount_due: moneyString(invoice.amountDue, invoice.currency) },
          after: { invoice_status: invoiceAfter.status, invoice_amount_due: invoiceAfter.amount_due, credit_note_total: amounts.total },
        },
      },
    ]);
    return toCreditNoteView(note!);
  });
}
