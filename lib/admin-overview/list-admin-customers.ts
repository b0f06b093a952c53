import 'server-only';
import { asc, desc, eq, and, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { customers, paymentMethods, plans, subscriptions } from '@/lib/db/schema';
import type { SubscriptionStatus } from '@/lib/dashboard/types';
import type { AdminWorkspace } from './require-admin';

export type AdminCustomerRow = {
  id: string;
  name: string;
  email: string;
  country: string | null;
  currency: string;
  status: 'active' | 'suspended';
  planName: string | null;
  subscriptionStatus: SubscriptionStatus | null;
  paymentMethod: string;
  /** a hard bounce or a complaint Resend reported: billing mail is not reaching them */
  emailBouncedAt: Date | null;
  emailBounceReason: string | null;
};

const LIMIT = 200;

/** `%`, `_` and `\` typed into the search box are matched literally. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SEPA_LABEL = 'SEPA Direct Debit';
const BRAND_LABELS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/**
 * The workspace's customers matching `query` in name or email (all of them without one), with plan
 * and payment method.
 */
export async function listAdminCustomers({ database }: AdminWorkspace, query: string): Promise<{ rows: AdminCustomerRow[]; limited: boolean }> {
  const { db } = database;
  const search = query.trim();
  const rows = await db
    .select()
    .from(customers)
    .where(search ? or(ilike(customers.name, likePattern(search)), ilike(customers.email, likePattern(search))) : undefined)
    .orderBy(asc(customers.name))
    .limit(LIMIT + 1);
  const page = rows.slice(0, LIMIT);
  const ids = page.map((c) => c.id);
  if (ids.length === 0) return { rows: [], limited: false };

  // per customer: the live subscription first, then the newest
  const subs = await db
    .select({ customerId: subscriptions.customerId, status: subscriptions.status, planName: plans.name })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(inArray(subscriptions.customerId, ids))
    .orderBy(sql`(${subscriptions.status} = 'canceled')`, desc(subscriptions.createdAt));
  const subscriptionByCustomer = new Map<string, (typeof subs)[number]>();
  for (const s of subs) if (!subscriptionByCustomer.has(s.customerId)) subscriptionByCustomer.set(s.customerId, s);

  const methods = await db
    .select({ customerId: paymentMethods.customerId, type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4 })
    .from(paymentMethods)
    .where(and(inArray(paymentMethods.customerId, ids), eq(paymentMethods.isDefault, true), isNull(paymentMethods.detachedAt)));
  const methodByCustomer = new Map(methods.map((m) => [m.customerId, m]));

  return {
    limited: rows.length > LIMIT,
    rows: page.map((c) => {
      const subscription = subscriptionByCustomer.get(c.id);
      const method = methodByCustomer.get(c.id);
      let paymentMethod: string;
      if (c.paymentMethod === 'bank_transfer') paymentMethod = 'Bank transfer';
      else if (method?.type === 'sepa_debit' || c.paymentMethod === 'direct_debit') {
        paymentMethod = method?.last4 ? `${SEPA_LABEL} •••• ${method.last4}` : SEPA_LABEL;
      } else if (method) {
        const brand = method.brand ? (BRAND_LABELS[method.brand] ?? method.brand) : 'Card';
        paymentMethod = method.last4 ? `${brand} •••• ${method.last4}` : brand;
      } else paymentMethod = 'Card (none on file)';
      return {
        id: c.id,
        name: c.name,
        email: c.email,
        country: c.country,
        currency: c.currency,
        status: c.status,
        planName: subscription?.planName ?? null,
        subscriptionStatus: subscription?.status ?? null,
        paymentMethod,
        emailBouncedAt: c.emailBouncedAt,
        emailBounceReason: c.emailBounceReason,
      };
    }),
  };
}
