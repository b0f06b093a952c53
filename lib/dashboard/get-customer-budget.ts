import 'server-only';
import { sql } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { findBudget, getBudgetStatus, type BudgetStatus } from '@/lib/budgets/get-budget';
import { asUser } from '@/lib/db/as-user';
import { selectRows } from '@/lib/db/client';
import { customerScope } from './customer-scope';

export type CustomerBudget = {
  /** the customer's billing currency: the only one a budget may be in */
  currency: string;
  /** the budget with the open period's spend against it; null when none is set */
  budget: BudgetStatus | null;
};

/**
 * The signed-in customer's budget for the settings and usage pages, read as the user under RLS (a
 * customer may read their own budget and crossings). Null when no customer is linked to this user.
 */
export async function getCustomerBudget(session: Session, { now }: { now: Date }): Promise<CustomerBudget | null> {
  const { database } = await customerScope(session);
  return asUser(database.db, session.claims, async (tx) => {
    const [customer] = await selectRows<{ id: string; currency: string }>(tx, sql`select id, currency from customers where user_id = ${session.userId} order by created_at limit 1`);
    if (!customer) return null;
    const budget = (await findBudget(tx, customer.id)) ? await getBudgetStatus(tx, customer.id, { now }) : null;
    return { currency: customer.currency, budget };
  });
}
