import 'server-only';
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { asUser } from '@/lib/db/as-user';
import { customers, invoices, planCharges, plans, subscriptions } from '@/lib/db/schema';
import { loadPeriodHoldingNow, type PeriodNow } from '@/lib/subscriptions/period-holding-now';
import { getUsageSummary, type MeteredChargeUsage } from '@/lib/usage/usage-summary';
import { customerScope } from './customer-scope';
import { invoiceDisplayStatus } from './invoice-display-status';
import { toInvoiceSummary } from './to-invoice-summary';
import type { InvoiceSummary, MoneyAmount, SubscriptionStatus } from './types';

/** An open invoice the overview points at: the one to pay first, or the oldest overdue one. */
export type OpenInvoiceRef = { id: string; number: string | null; currency: string; amountDue: string; dueDate: Date | null; issuedAt: Date | null };

export type CustomerOverview = {
  customer: { id: string; name: string; email: string; currency: string; status: 'active' | 'suspended'; suspendedAt: Date | null };
  subscription: {
    status: SubscriptionStatus;
    currentPeriodStart: Date;
    currentPeriodEnd: Date;
    trialEnd: Date | null;
    cancelAtPeriodEnd: boolean;
  } | null;
  plan: {
    name: string;
    description: string | null;
    currency: string;
    interval: string;
    intervalCount: number;
    /** fees owed every period whatever the usage */
    flatFees: { description: string; amount: string }[];
    flatTotal: string;
    /** how many charges depend on metered usage */
    usageChargeCount: number;
  } | null;
  /** what the open invoices still ask for, one entry per currency */
  amountDue: MoneyAmount[];
  openInvoiceCount: number;
  /** the earliest due date among the open invoices, and whether it has passed */
  nextDue: { date: Date; overdue: boolean } | null;
  recentInvoices: InvoiceSummary[];
  /** the oldest open invoice: where the Pay button leads */
  payFirst: OpenInvoiceRef | null;
  /** open invoices past their due date, the oldest first */
  overdue: OpenInvoiceRef[];
  /** what the open period's invoice would come to with the usage so far; null without a live subscription */
  estimate: { total: string; currency: string; periodStart: Date; periodEnd: Date; trial: boolean } | null;
  /** the open period's metered charges that include units: used and remaining of the allowance */
  allowances: MeteredChargeUsage[];
};

/**
 * The signed-in customer's account at a glance. Runs as the user under RLS, so it can only ever see
 * their own rows; null when no customer is linked to this user.
 */
export async function getCustomerOverview(session: Session, now: Date): Promise<CustomerOverview | null> {
  const { database, config } = await customerScope(session);
  return asUser(database.db, session.claims, async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id, name: customers.name, email: customers.email, currency: customers.currency, status: customers.status, suspendedAt: customers.suspendedAt })
      .from(customers)
      .where(eq(customers.userId, session.userId))
      .limit(1);
    if (!customer) return null;

    // the live subscription if there is one, otherwise the most recent
    const [current] = await tx
      .select({ subscription: subscriptions, plan: plans })
      .from(subscriptions)
      .innerJoin(plans, eq(plans.id, subscriptions.planId))
      .where(eq(subscriptions.customerId, customer.id))
      .orderBy(sql`(${subscriptions.status} = 'canceled')`, desc(subscriptions.createdAt))
      .limit(1);

    let plan: CustomerOverview['plan'] = null;
    let periodNow: PeriodNow | null = null;
    if (current) {
      const charges = await tx
        .select({ model: planCharges.model, description: planCharges.description, amount: planCharges.amount })
        .from(planCharges)
        .where(eq(planCharges.planId, current.plan.id))
        .orderBy(asc(planCharges.position));
      const flat = charges.filter((c) => c.model === 'flat' && c.amount !== null);
      const flatTotal = flat.reduce((sum, c) => sum.plus(toExact(c.amount!, 'amount')), toExact(0));
      plan = {
        name: current.plan.name,
        description: current.plan.description,
        currency: current.plan.currency,
        interval: current.plan.interval,
        intervalCount: current.plan.intervalCount,
        flatFees: flat.map((c) => ({ description: c.description ?? 'Subscription fee', amount: c.amount! })),
        flatTotal: moneyString(flatTotal, current.plan.currency),
        usageChargeCount: charges.length - flat.length,
      };
      periodNow = await loadPeriodHoldingNow(tx, current.subscription.id, now);
    }

    // oldest first: the first one is what the Pay button opens
    const open = await tx
      .select({
        id: invoices.id,
        number: invoices.number,
        currency: invoices.currency,
        amountDue: invoices.amountDue,
        dueDate: invoices.dueDate,
        overdueAt: invoices.overdueAt,
        issuedAt: invoices.issuedAt,
      })
      .from(invoices)
      .where(and(eq(invoices.customerId, customer.id), eq(invoices.status, 'open')))
      .orderBy(sql`${invoices.issuedAt} asc nulls last`, asc(invoices.createdAt));
    const ref = (row: (typeof open)[number]): OpenInvoiceRef => ({
      id: row.id,
      number: row.number,
      currency: row.currency,
      amountDue: row.amountDue,
      dueDate: row.dueDate,
      issuedAt: row.issuedAt,
    });
    const overdue = open.filter((row) => invoiceDisplayStatus({ status: 'open', ...row }, now) === 'overdue').map(ref);
    const dueByCurrency = new Map<string, ReturnType<typeof toExact>>();
    for (const row of open) {
      dueByCurrency.set(row.currency, (dueByCurrency.get(row.currency) ?? toExact(0)).plus(toExact(row.amountDue, 'amount_due')));
    }
    if (dueByCurrency.size === 0) dueByCurrency.set(customer.currency, toExact(0));
    let nextDue: CustomerOverview['nextDue'] = null;
    for (const row of open) {
      if (!row.dueDate || (nextDue && nextDue.date <= row.dueDate)) continue;
      nextDue = { date: row.dueDate, overdue: invoiceDisplayStatus({ status: 'open', ...row }, now) === 'overdue' };
    }

    // drafts are still being prepared by the operator; customers see finalized invoices only
    const recent = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.customerId, customer.id), ne(invoices.status, 'draft')))
      .orderBy(sql`${invoices.issuedAt} desc nulls last`, desc(invoices.createdAt))
      .limit(5);

    // the estimate and allowances are the usage page's, for the period holding now
    const usage = current && periodNow ? await getUsageSummary(tx, { customerId: customer.id, now, includeEstimate: true, defaultTaxRate: config.defaultTaxRate }) : null;
    const estimate = usage?.subscription && usage.estimate
      ? {
          total: usage.estimate.total,
          currency: usage.estimate.currency,
          periodStart: new Date(usage.estimate.period_start),
          periodEnd: new Date(usage.estimate.period_end),
          trial: usage.estimate.trial,
        }
      : null;
    const allowances = (usage?.subscription ? usage.metrics : []).filter((c) => !toExact(c.included, 'included').isZero());

    return {
      customer,
      subscription: current
        ? {
            status: current.subscription.status,
            // the period holding now, even when the billing run has not rolled the subscription over yet
            currentPeriodStart: periodNow!.start,
            currentPeriodEnd: periodNow!.end,
            trialEnd: current.subscription.trialEnd,
            cancelAtPeriodEnd: current.subscription.cancelAtPeriodEnd,
          }
        : null,
      plan,
      amountDue: [...dueByCurrency].map(([currency, amount]) => ({ currency, amount: moneyString(amount, currency) })),
      openInvoiceCount: open.length,
      nextDue,
      recentInvoices: recent.map((row) => toInvoiceSummary(row, now)),
      payFirst: open[0] ? ref(open[0]) : null,
      overdue,
      estimate,
      allowances,
    };
  });
}
