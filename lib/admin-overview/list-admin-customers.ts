import 'server-only';
import Decimal from 'decimal.js';
import { and, asc, desc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { monthlyRecurringAmount } from '@/lib/billing/mrr';
import { planCodeSchema } from '@/lib/catalog/catalog-schemas';
import { moneyString } from '@/lib/billing/money';
import type { PlanInterval } from '@/lib/billing/periods';
import { CUSTOMER_STATUSES, customers, invoices, paymentMethods, planCharges, plans, subscriptions } from '@/lib/db/schema';
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
  /** the flat fees of their paying subscriptions a month, in their currency (the overview's rule) */
  mrr: string;
  /** what their open invoices still owe, per currency */
  balance: { currency: string; amount: string }[];
  /** an open invoice past its due date */
  pastDue: boolean;
  /** a hard bounce or a complaint Resend reported: billing mail is not reaching them */
  emailBouncedAt: Date | null;
  emailBounceReason: string | null;
};

export const DEFAULT_CUSTOMER_PAGE_SIZE = 50;

/**
 * /admin/customers's query string. Strict: a filter the list does not know is named, not ignored.
 * `query` searches name and email, `plan` is a plan code the customer has a live subscription to,
 * `past_due=true` keeps customers with an open invoice past its due date.
 */
export const adminCustomerFilters = z.strictObject({
  query: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  status: z.enum(CUSTOMER_STATUSES, { error: `must be one of ${CUSTOMER_STATUSES.join(', ')}` }).optional(),
  plan: planCodeSchema.optional(),
  past_due: z.literal('true', { error: 'must be true, or left out' }).optional(),
  page: z.coerce.number({ error: 'must be a page number' }).int('must be a whole page number').min(1, 'must be 1 or more').max(100_000).optional(),
  per_page: z.enum(['10', '25', '50', '100'], { error: 'must be 10, 25, 50 or 100' }).transform(Number).optional(),
});
export type AdminCustomerFilters = z.output<typeof adminCustomerFilters>;

export type AdminCustomerList = { rows: AdminCustomerRow[]; matching: number; page: number; pages: number; pageSize: number };

/** `%`, `_` and `\` typed into the search box are matched literally. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SEPA_LABEL = 'SEPA Direct Debit';
const BRAND_LABELS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };
// as the overview: trials earn nothing yet, past-due subscriptions still count
const PAYING = new Set(['active', 'past_due']);

const pastDueSql = (now: Date) =>
  sql`exists (select 1 from invoices i where i.customer_id = ${customers.id} and i.status = 'open' and (i.overdue_at is not null or i.due_date < ${now}))`;

function conditions(filters: AdminCustomerFilters, now: Date): SQL | undefined {
  const search = filters.query?.trim();
  return and(
    search ? or(ilike(customers.name, likePattern(search)), ilike(customers.email, likePattern(search))) : undefined,
    filters.status ? eq(customers.status, filters.status) : undefined,
    filters.plan
      ? sql`exists (select 1 from subscriptions s join plans p on p.id = s.plan_id where s.customer_id = ${customers.id} and p.code = ${filters.plan} and s.ended_at is null and s.status in ('active', 'past_due', 'trialing', 'incomplete'))`
      : undefined,
    filters.past_due ? pastDueSql(now) : undefined,
  );
}

/**
 * The workspace's customers matching the filters, by name, a page at a time, with plan, payment
 * method, MRR, what they owe and whether an invoice is past due.
 */
export async function listAdminCustomers({ database }: AdminWorkspace, filters: AdminCustomerFilters, now: Date): Promise<AdminCustomerList> {
  const { db } = database;
  const pageSize = filters.per_page ?? DEFAULT_CUSTOMER_PAGE_SIZE;
  const where = conditions(filters, now);
  const [{ matching } = { matching: 0 }] = await db.select({ matching: sql<number>`count(*)::int` }).from(customers).where(where);
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const page = Math.min(filters.page ?? 1, pages);
  const rows = await db
    .select({ customer: customers, pastDue: sql<boolean>`${pastDueSql(now)}` })
    .from(customers)
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const ids = rows.map((r) => r.customer.id);
  if (ids.length === 0) return { rows: [], matching, page, pages, pageSize };

  // per customer: the live subscription first, then the newest; with the flat fees for MRR
  const subs = await db
    .select({
      customerId: subscriptions.customerId,
      status: subscriptions.status,
      endedAt: subscriptions.endedAt,
      planName: plans.name,
      interval: plans.interval,
      intervalCount: plans.intervalCount,
      flatPerPeriod: sql<string>`coalesce((select sum(${planCharges.amount}) from ${planCharges} where ${planCharges.planId} = ${plans.id} and ${planCharges.model} = 'flat'), 0)::text`,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(inArray(subscriptions.customerId, ids))
    .orderBy(sql`(${subscriptions.status} = 'canceled')`, desc(subscriptions.createdAt));
  const subscriptionByCustomer = new Map<string, (typeof subs)[number]>();
  const monthly = new Map<string, Decimal>();
  for (const s of subs) {
    if (!subscriptionByCustomer.has(s.customerId)) subscriptionByCustomer.set(s.customerId, s);
    if (s.endedAt === null && PAYING.has(s.status)) {
      monthly.set(s.customerId, (monthly.get(s.customerId) ?? new Decimal(0)).plus(monthlyRecurringAmount(s.flatPerPeriod, s.interval as PlanInterval, s.intervalCount)));
    }
  }

  const owed = await db
    .select({ customerId: invoices.customerId, currency: invoices.currency, due: sql<string>`sum(${invoices.amountDue})::text` })
    .from(invoices)
    .where(and(inArray(invoices.customerId, ids), eq(invoices.status, 'open'), gt(invoices.amountDue, '0')))
    .groupBy(invoices.customerId, invoices.currency)
    .orderBy(invoices.currency);
  const balanceByCustomer = new Map<string, { currency: string; amount: string }[]>();
  for (const o of owed) balanceByCustomer.set(o.customerId, [...(balanceByCustomer.get(o.customerId) ?? []), { currency: o.currency, amount: moneyString(o.due, o.currency) }]);

  const methods = await db
    .select({ customerId: paymentMethods.customerId, type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4 })
    .from(paymentMethods)
    .where(and(inArray(paymentMethods.customerId, ids), eq(paymentMethods.isDefault, true), isNull(paymentMethods.detachedAt)));
  const methodByCustomer = new Map(methods.map((m) => [m.customerId, m]));

  return {
    matching,
    page,
    pages,
    pageSize,
    rows: rows.map(({ customer: c, pastDue }) => {
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
        mrr: moneyString(monthly.get(c.id) ?? 0, c.currency),
        balance: balanceByCustomer.get(c.id) ?? [],
        pastDue: Boolean(pastDue),
        emailBouncedAt: c.emailBouncedAt,
        emailBounceReason: c.emailBounceReason,
      };
    }),
  };
}
