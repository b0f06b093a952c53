// One-time invoices an admin raises by hand (setup fees, services): items priced exactly, each line
// rounded once, then the customer's tax treatment, as every invoice.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { toExact } from '@/lib/billing/exact-decimal';
import { decimalString, moneyString } from '@/lib/billing/money';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Db } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { addUtcDays } from '@/lib/time/utc-day';
import { createDraftInvoice } from './create-invoice';
import { finalizeInvoice } from './finalize-invoice';

const decimal = (what: string) => z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, `${what} must be a decimal string ≥ 0 with at most 6 decimals`);

export const oneTimeInvoiceSchema = z.strictObject({
  customer_id: z.uuid({ message: 'must be a customer id (uuid)' }),
  items: z
    .array(z.strictObject({ description: z.string().trim().min(1).max(500), quantity: decimal('quantity'), unit_price: decimal('unit_price') }))
    .min(1, 'must hold at least one item')
    .max(100),
  due_days: z.number().int().min(0).max(365).optional(),
  finalize: z.boolean().default(false),
  memo: z.string().max(2000).optional(),
});
export type OneTimeInvoiceInput = z.output<typeof oneTimeInvoiceSchema>;

export async function createOneTimeInvoice(db: Db, input: OneTimeInvoiceInput, { now, config, actor }: { now: Date; config: BillingConfig; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customer_id));
    if (!customer) throw notFound('Customer');
    const draft = await createDraftInvoice(
      tx,
      {
        customerId: customer.id,
        kind: 'one_time',
        currency: customer.currency,
        dueDate: input.due_days === undefined ? null : addUtcDays(now, input.due_days),
        memo: input.memo ?? null,
        lines: input.items.map((item) => ({
          kind: 'one_time' as const,
          description: item.description,
          metric: null,
          quantity: decimalString(item.quantity),
          unit_price: decimalString(item.unit_price),
          amount: moneyString(toExact(item.quantity, 'quantity').times(item.unit_price), customer.currency),
        })),
      },
      config,
    );
    // raised by hand: who raised it and for how much (finalizing it is an entry of its own)
    await writeAuditEntries(tx, actor, [
      {
        action: 'invoice.created',
        entityType: 'invoice',
        entityId: draft.id,
        customerId: customer.id,
        details: { kind: 'one_time', after: { status: draft.status, subtotal: draft.subtotal, tax: draft.tax, total: draft.total, currency: draft.currency, lines: input.items.length, due_date: draft.dueDate?.toISOString() ?? null } },
      },
    ]);
    return input.finalize ? finalizeInvoice(tx, draft.id, { now, config, actor }) : draft;
  });
}
