// A payment collected outside our Stripe integration, recorded with the method it really came by: a
// card taken on the operator's own terminal, a direct debit their bank collected, a bank transfer, or
// history brought over from another system (the demo's is). The invoice is settled in full, once.
import { eq } from 'drizzle-orm';
import { moneyString } from '@/lib/billing/money';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Db } from '@/lib/db/client';
import { invoices } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { settleInvoice, type PaymentMethodUsed } from './settle-invoice';

const METHODS = ['card', 'sepa_debit', 'bank_transfer', 'manual'] as const satisfies readonly PaymentMethodUsed[];

export const recordPaymentSchema = z.strictObject({
  method: z.enum(METHODS),
  // the bank's or terminal's reference, printed on the receipt
  reference: z.string().trim().min(1).max(200).optional(),
});
export type RecordPaymentInput = z.input<typeof recordPaymentSchema>;

export async function recordPayment(db: Db, invoiceId: string, input: RecordPaymentInput, { now, config, actor }: { now: Date; config: BillingConfig; actor: Actor }) {
  const payment = recordPaymentSchema.parse(input);
  return db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
    if (!invoice) throw notFound('Invoice');
    if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
      throw new BillingError({ code: 'invalid_transition', status: 409, message: `An invoice that is ${invoice.status} cannot be paid` });
    }
    const paid = await settleInvoice(tx, invoice, { method: payment.method, reference: payment.reference ?? null }, { now, config, actor });
    await writeAuditEntries(tx, actor, [
      {
        action: 'invoice.paid',
        entityType: 'invoice',
        entityId: invoice.id,
        customerId: invoice.customerId,
        details: {
          number: invoice.number,
          amount: invoice.amountDue,
          method: payment.method,
          reference: payment.reference ?? null,
          before: { status: invoice.status, amount_due: moneyString(invoice.amountDue, invoice.currency) },
          after: { status: paid.status, amount_due: moneyString(paid.amountDue, invoice.currency) },
        },
      },
    ]);
    return paid;
  });
}
