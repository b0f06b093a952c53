// What every payment-method verb shares: the id's validation, the customer's row lock, the lookup that
// makes another customer's method a 404, and the one writer of the default flag.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { customers, paymentMethods } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';

/** A Stripe payment method id, as the page and the API name them (`pm_…`). */
export const paymentMethodIdSchema = z.string().trim().regex(/^pm_[A-Za-z0-9_]{1,250}$/, 'must be a payment method id (pm_…)');

/** The id, or a 422 naming the field; nothing is looked up with a malformed id. */
export function parsePaymentMethodId(value: unknown): string {
  const parsed = paymentMethodIdSchema.safeParse(value);
  if (!parsed.success) {
    throw new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field: 'payment_method_id', message: parsed.error.issues[0]!.message }] });
  }
  return parsed.data;
}

/** Takes the customer's row lock, so the return page, the webhook and the page's actions change one customer's methods one at a time. */
export async function lockCustomer(tx: Queryable, customerId: string) {
  const [customer] = await tx
    .select({ id: customers.id, stripeCustomerId: customers.stripeCustomerId, erasedAt: customers.erasedAt })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  if (!customer) throw notFound('Customer');
  return customer;
}

/** The customer's method `stripePaymentMethodId` that is still on file, or a 404 (another customer's is not found either). */
export async function livePaymentMethodOrThrow(db: Queryable, customerId: string, stripePaymentMethodId: string) {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.stripePaymentMethodId, stripePaymentMethodId), isNull(paymentMethods.detachedAt)));
  if (!row) throw notFound('Payment method');
  return row;
}

/**
 * Makes `stripePaymentMethodId` the customer's one default here (null: none), if it is one of their
 * methods on file; answers the id that was default before and whether anything changed.
 */
export async function markDefaultPaymentMethod(tx: Queryable, customerId: string, stripePaymentMethodId: string | null) {
  const live = await tx
    .select({ id: paymentMethods.id, stripeId: paymentMethods.stripePaymentMethodId, isDefault: paymentMethods.isDefault })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, customerId), isNull(paymentMethods.detachedAt)));
  const previous = live.find((m) => m.isDefault)?.stripeId ?? null;
  const target = live.find((m) => m.stripeId === stripePaymentMethodId) ?? null;
  const next = target?.stripeId ?? null;
  if (previous === next && live.filter((m) => m.isDefault).length <= 1) return { previous, next, changed: false };
  await tx
    .update(paymentMethods)
    .set({ isDefault: false })
    .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.isDefault, true), ...(target ? [ne(paymentMethods.id, target.id)] : [])));
  if (target) await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, target.id));
  return { previous, next, changed: previous !== next };
}
