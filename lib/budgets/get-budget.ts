// A customer's budget and where the open period stands against it: GET /api/billing/budget, the
// admin's GET …/customers/[id]/budget, and the settings and usage pages.
import { and, eq } from 'drizzle-orm';
import Decimal from 'decimal.js';
import { toExact } from '@/lib/billing/exact-decimal';
import type { Queryable } from '@/lib/db/client';
import { budgetNotifications, customerBudgets } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { toBudgetView, type BudgetView } from './budget-schemas';
import { openPeriodSpends } from './open-period-spend';

export type BudgetStatus = BudgetView & {
  /** the open billing period and what it costs so far (its estimated invoice's subtotal, before tax) */
  current_period: {
    start: string;
    end: string;
    spend: string;
    /** spend as a percentage of the budget, two decimals, rounded down ("80.00" is 80%) */
    percent_used: string;
    /** the percentages already notified in this period, ascending */
    notified_at_percent: number[];
  };
};

export const noBudget = () => new BillingError({ code: 'no_budget', status: 404, message: 'No budget is set for this customer' });

export async function findBudget(db: Queryable, customerId: string) {
  const [row] = await db.select().from(customerBudgets).where(eq(customerBudgets.customerId, customerId));
  return row ?? null;
}

/** Spend as a percentage of `amount`, two decimals rounded down, so 99.999% never reads as 100%. */
export function percentOfBudget(spend: string, amount: string): string {
  return toExact(spend, 'spend').times(100).div(toExact(amount, 'amount')).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
}

/** The budget with the open period's spend; 404 `no_budget` when the customer has none. */
export async function getBudgetStatus(db: Queryable, customerId: string, { now }: { now: Date }): Promise<BudgetStatus> {
  const row = await findBudget(db, customerId);
  if (!row) throw noBudget();
  const budget = toBudgetView(row);
  const spend = (await openPeriodSpends(db, [customerId], now)).get(customerId)!;
  const notified = await db
    .select({ percent: budgetNotifications.percent })
    .from(budgetNotifications)
    .where(and(eq(budgetNotifications.customerId, customerId), eq(budgetNotifications.periodStart, spend.periodStart)));
  return {
    ...budget,
    current_period: {
      start: spend.periodStart.toISOString(),
      end: spend.periodEnd.toISOString(),
      spend: spend.spend,
      percent_used: percentOfBudget(spend.spend, budget.amount),
      notified_at_percent: notified.map((n) => n.percent).sort((a, b) => a - b),
    },
  };
}
