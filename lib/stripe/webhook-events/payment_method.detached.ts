import { and, eq, isNull } from 'drizzle-orm';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { customers, paymentMethods } from '@/lib/db/schema';
import { paymentMethodColumns } from '@/lib/payments/record-payment-method';
import { stripeIdOf } from '../stripe-fields';
import type { WebhookHandler } from './webhook-handler';

/**
 * A method was detached at Stripe (from our page, or in Stripe's Dashboard): no longer listed or
 * charged here. It was the default? Stripe then has none, and neither do we (the page warns an
 * auto-pay customer); a new default comes with customer.updated. Detaching is final at Stripe, so
 * when the news comes before the method was recorded, a detached row is written for it (the
 * customer is the one previous_attributes names), and the attach event arriving later finds it
 * detached and leaves it so.
 */
export const paymentMethodDetached: WebhookHandler<'payment_method.detached'> = async (tx, event, { now }) => {
  const method = event.data.object;
  const actor = { type: 'stripe' as const, id: event.id };
  const [row] = await tx.select().from(paymentMethods).where(eq(paymentMethods.stripePaymentMethodId, method.id));
  if (row) {
    const marked = await tx
      .update(paymentMethods)
      .set({ detachedAt: now, isDefault: false })
      .where(and(eq(paymentMethods.id, row.id), isNull(paymentMethods.detachedAt)))
      .returning({ id: paymentMethods.id });
    if (marked.length > 0) {
      await writeAuditEntries(tx, actor, [
        { action: 'payment_method.detached', entityType: 'payment_method', entityId: method.id, customerId: row.customerId, details: { was_default: row.isDefault, before: { attached: true }, after: { attached: false } } },
      ]);
    }
    return;
  }
  const formerCustomer = stripeIdOf(event.data.previous_attributes?.customer as string | { id: string } | null | undefined);
  if (!formerCustomer) return;
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.stripeCustomerId, formerCustomer));
  if (!customer) return;
  await tx
    .insert(paymentMethods)
    .values({ customerId: customer.id, ...paymentMethodColumns(method), detachedAt: now })
    .onConflictDoNothing({ target: paymentMethods.stripePaymentMethodId });
};
