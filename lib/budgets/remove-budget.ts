// Removes a customer's budget. The crossings already recorded stay: they are the history of what the
// customer was told (and, should a budget be set again in the same period, what not to repeat).
import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Db } from '@/lib/db/client';
import { customerBudgets } from '@/lib/db/schema';
import { toBudgetView } from './budget-schemas';
import { noBudget } from './get-budget';

export async function removeBudget(db: Db, customerId: string, { actor }: { actor: Actor }): Promise<{ customer_id: string; deleted: true }> {
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(customerBudgets).where(eq(customerBudgets.customerId, customerId)).returning();
    if (!removed) throw noBudget();
    const budget = toBudgetView(removed);
    await writeAuditEntries(tx, actor, [
      {
        action: 'budget.removed',
        entityType: 'customer_budget',
        entityId: customerId,
        customerId,
        details: { amount: budget.amount, currency: budget.currency, notify_at_percent: budget.notify_at_percent, before: { amount: budget.amount, currency: budget.currency, notify_at_percent: budget.notify_at_percent }, after: null },
      },
    ]);
    return { customer_id: customerId, deleted: true as const };
  });
}
