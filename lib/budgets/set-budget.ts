// Sets (creates or replaces) a customer's budget. The currency is the customer's billing currency:
// a budget in another currency could never be compared with what they are billed. Percentages that
// were already notified in the open period stay notified when the budget changes (the crossings are
// per period and percentage, not per amount), so raising a budget mid-period does not repeat them.
import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { minorUnitDigits } from '@/lib/billing/money';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import type { Db } from '@/lib/db/client';
import { customerBudgets } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { DEFAULT_NOTIFY_AT_PERCENT, setBudgetSchema, toBudgetView, type BudgetView, type SetBudgetInput } from './budget-schemas';

const invalid = (field: string, message: string) =>
  new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field, message }] });

export async function setBudget(db: Db, customerId: string, input: SetBudgetInput, { actor, now }: { actor: Actor; now: Date }): Promise<BudgetView> {
  const parsed = setBudgetSchema.parse(input);
  return db.transaction(async (tx) => {
    const customer = await getCustomerOrThrow(tx, customerId, { lock: true });
    const currency = parsed.currency ?? customer.currency;
    if (currency !== customer.currency) throw invalid('currency', `must be the customer's billing currency, ${customer.currency}`);
    const digits = minorUnitDigits(currency);
    const decimals = parsed.amount.split('.')[1]?.length ?? 0;
    if (decimals > digits) throw invalid('amount', digits === 0 ? `must be a whole amount in ${currency}` : `must have at most ${digits} decimals in ${currency}`);

    const notifyAtPercent = parsed.notify_at_percent ?? DEFAULT_NOTIFY_AT_PERCENT;
    const before = await tx.select().from(customerBudgets).where(eq(customerBudgets.customerId, customerId)).for('update');
    const [row] = await tx
      .insert(customerBudgets)
      .values({ customerId, amount: parsed.amount, currency, notifyAtPercent, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: customerBudgets.customerId, set: { amount: parsed.amount, currency, notifyAtPercent, updatedAt: now } })
      .returning();
    const after = toBudgetView(row!);
    const previous = before[0] ? toBudgetView(before[0]) : null;
    // not an action audit-notifications.ts knows: setting a budget sends nobody anything
    await writeAuditEntries(tx, actor, [
      {
        action: 'budget.set',
        entityType: 'customer_budget',
        entityId: customerId,
        customerId,
        details: {
          before: previous && { amount: previous.amount, currency: previous.currency, notify_at_percent: previous.notify_at_percent },
          after: { amount: after.amount, currency: after.currency, notify_at_percent: after.notify_at_percent },
        },
      },
    ]);
    return after;
  });
}
