// A customer budget as the API takes and shows it (PUT/GET /api/billing/budget and the admin's
// /api/admin/billing/customers/[id]/budget), shared by the routes and the settings page's form.
import { z } from 'zod';
import { moneyString } from '@/lib/billing/money';
import { currencySchema } from '@/lib/catalog/catalog-schemas';
import type { customerBudgets } from '@/lib/db/schema';

export const DEFAULT_NOTIFY_AT_PERCENT = [50, 80, 100];
export const MAX_NOTIFY_PERCENTAGES = 10;
export const MAX_NOTIFY_PERCENT = 1000;

// The shape only; how many decimals the currency allows is checked once the currency is known
// (setBudget: the customer's billing currency when the body names none).
const AMOUNT_MESSAGE = 'must be a decimal string greater than 0, such as "250.00"';
// one pattern (a digit other than 0 somewhere is "greater than 0"), so a bad amount gets one message
const amountSchema = z.string({ error: AMOUNT_MESSAGE }).regex(/^(?=.*[1-9])\d{1,15}(\.\d{1,6})?$/, AMOUNT_MESSAGE);

const percentSchema = z
  .number({ error: 'each percentage must be a whole number' })
  .int('each percentage must be a whole number')
  .min(1, 'each percentage must be between 1 and 1000')
  .max(MAX_NOTIFY_PERCENT, 'each percentage must be between 1 and 1000');

/** The percentages of the budget at which the customer is told: distinct, stored in ascending order. */
export const notifyAtPercentSchema = z
  .array(percentSchema, { error: 'must be a list of whole percentages such as [50, 80, 100]' })
  .min(1, 'name at least one percentage')
  .max(MAX_NOTIFY_PERCENTAGES, `name at most ${MAX_NOTIFY_PERCENTAGES} percentages`)
  .refine((list) => new Set(list).size === list.length, 'each percentage may appear once')
  .transform((list) => [...list].sort((a, b) => a - b));

/** PUT: the whole budget; currency defaults to the customer's, percentages to 50, 80 and 100. */
export const setBudgetSchema = z.strictObject({
  amount: amountSchema,
  currency: currencySchema.optional(),
  notify_at_percent: notifyAtPercentSchema.optional(),
});
export type SetBudgetInput = z.input<typeof setBudgetSchema>;

type BudgetRow = typeof customerBudgets.$inferSelect;

export type BudgetView = {
  customer_id: string;
  amount: string;
  currency: string;
  notify_at_percent: number[];
  created: string;
  updated: string;
};

export function toBudgetView(row: BudgetRow): BudgetView {
  return {
    customer_id: row.customerId,
    amount: moneyString(row.amount, row.currency),
    currency: row.currency,
    notify_at_percent: [...row.notifyAtPercent].sort((a, b) => a - b),
    created: row.createdAt.toISOString(),
    updated: row.updatedAt.toISOString(),
  };
}
