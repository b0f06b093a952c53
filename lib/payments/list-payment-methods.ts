// The customer's saved payment methods as Stripe reported them (payment_method.attached webhooks).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { paymentMethods } from '@/lib/db/schema';

export async function listPaymentMethods(db: Queryable, customerId: string) {
  const rows = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, customerId), isNull(paymentMethods.detachedAt)))
    .orderBy(asc(paymentMethods.createdAt));
  return rows.map((m) => ({
    id: m.stripePaymentMethodId,
    type: m.type,
    is_default: m.isDefault,
    ...(m.type === 'card' ? { card: { brand: m.brand, last4: m.last4, exp_month: m.expMonth, exp_year: m.expYear } } : {}),
    ...(m.type === 'sepa_debit' ? { sepa_debit: { last4: m.last4 } } : {}),
    created: m.createdAt.toISOString(),
  }));
}
