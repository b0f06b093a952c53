// Tells customers when their open period's spend reaches a percentage of their budget, once per
// period and percentage. The budget_notifications row (primary key customer, period start, percent)
// is the once: it is inserted ON CONFLICT DO NOTHING, and only the rows this run inserted queue an
// email, in the same transaction, so two evaluations at once (ingestion's after-hook and the
// automation run) tell a crossing once. A new period has a new period start, so its percentages fire
// again. When one evaluation finds several percentages newly reached (spend jumped from 0 to 120%),
// each gets its row but the customer gets one email, about the highest: three emails in one minute
// saying 50%, 80% and 100% would be noise.
import { sql } from 'drizzle-orm';
import Decimal from 'decimal.js';
import { toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { selectRows, type Db } from '@/lib/db/client';
import { formatMoney } from '@/lib/format/format-money';
import { queueNotifications } from '@/lib/notifications/queue-notifications';
import type { QueuedNotification } from '@/lib/notifications/notification-types';
import type { EmailPayloads } from '@/lib/notifications/email-templates/email-payloads';
import { openPeriodSpends, type OpenPeriodSpend } from './open-period-spend';

export type EvaluateBudgetsResult = {
  /** budgets evaluated */
  done: number;
  /** budgets left for the next run because the deadline passed */
  remaining: number;
  /** budgets whose batch failed (logged; the next run tries them again) */
  failed: number;
};

export type EvaluateBudgetsOptions = {
  now: Date;
  /** only these customers' budgets (ingestion's after-hook: the customers a batch touched) */
  customerIds?: string[];
  /** epoch ms: no new batch starts after it */
  deadline?: number;
  batchSize?: number;
};

const DEFAULT_BATCH_SIZE = 200;

type BudgetRow = { customer_id: string; amount: string; currency: string; notify_at_percent: number[] };
type Crossing = { customerId: string; periodStart: Date; percent: number; budgetAmount: string; spend: string; currency: string };

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/** The percentages of `budget` that `spend` has reached (spend ≥ amount × p / 100); none across currencies. */
export function reachedPercentages(budget: BudgetRow, spend: OpenPeriodSpend): number[] {
  // a budget whose currency no longer matches the bill (the customer's currency changed before any
  // subscription) is not compared: the customer sees it on the settings page and sets it again
  if (spend.currency !== budget.currency) return [];
  const spent = toExact(spend.spend, 'spend');
  const amount = toExact(budget.amount, 'amount');
  return budget.notify_at_percent.filter((p) => spent.gte(amount.times(p).div(100)));
}

function alertEmail(crossing: Crossing, periodEnd: Date): QueuedNotification {
  const { customerId, periodStart, percent, budgetAmount, spend, currency } = crossing;
  const percentUsed = toExact(spend).times(100).div(toExact(budgetAmount)).toDecimalPlaces(2, Decimal.ROUND_DOWN).toNumber();
  // value and threshold as the other threshold alerts carry them (email-samples.fixture.ts): the spend
  // against the whole budget, with `percent` the share used; the title names the percentage crossed
  const payload: EmailPayloads['budget_alert'] = {
    title: `You have used ${percent}% of your ${formatMoney(budgetAmount, currency)} budget`,
    value: spend,
    threshold: budgetAmount,
    currency,
    period_start: periodStart.toISOString(),
    period_end: periodEnd.toISOString(),
    percent: percentUsed,
  };
  return {
    channel: 'email',
    template: 'budget_alert',
    dedupeKey: `budget_alert:${customerId}:${periodStart.toISOString()}:${percent}`,
    customerId,
    payload,
  };
}

/** One batch in one transaction: read the spends, record the crossings, queue the emails of the new ones. */
async function evaluateBatch(db: Db, budgets: BudgetRow[], now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const spends = await openPeriodSpends(tx, budgets.map((b) => b.customer_id), now);
    const crossings: Crossing[] = [];
    for (const budget of budgets) {
      const spend = spends.get(budget.customer_id);
      if (!spend) continue;
      for (const percent of reachedPercentages(budget, spend)) {
        crossings.push({ customerId: budget.customer_id, periodStart: spend.periodStart, percent, budgetAmount: moneyString(budget.amount, budget.currency), spend: spend.spend, currency: budget.currency });
      }
    }
    if (crossings.length === 0) return;
    const rows = crossings.map((c) => ({ c: c.customerId, s: c.periodStart.toISOString(), p: c.percent, a: c.budgetAmount, v: c.spend, cur: c.currency }));
    const inserted = await selectRows<{ customer_id: string; percent: number }>(
      tx,
      sql`insert into budget_notifications (customer_id, period_start, percent, budget_amount, spend, currency, notified_at)
          select r.c, r.s, r.p, r.a, r.v, r.cur, ${now.toISOString()}::timestamptz
            from json_to_recordset(${JSON.stringify(rows)}::json) as r(c uuid, s timestamptz, p integer, a numeric, v numeric, cur text)
          on conflict (customer_id, period_start, percent) do nothing
          returning customer_id, percent`,
    );
    // per customer, the highest percentage this run recorded is the one the email is about
    const highest = new Map<string, number>();
    for (const row of inserted) highest.set(row.customer_id, Math.max(highest.get(row.customer_id) ?? 0, row.percent));
    const emails: QueuedNotification[] = [];
    for (const [customerId, percent] of highest) {
      const crossing = crossings.find((c) => c.customerId === customerId && c.percent === percent)!;
      emails.push(alertEmail(crossing, spends.get(customerId)!.periodEnd));
    }
    await queueNotifications(tx, emails);
  });
}

/**
 * Evaluates every budget of the workspace `db` is scoped to (only `customerIds`' when given), in
 * batches of `batchSize` customers, until none is left or `deadline` passes. Each batch costs a
 * handful of queries whatever its size (openPeriodSpends, one insert, one outbox insert).
 */
export async function evaluateBudgets(db: Db, { now, customerIds, deadline, batchSize = DEFAULT_BATCH_SIZE }: EvaluateBudgetsOptions): Promise<EvaluateBudgetsResult> {
  const result: EvaluateBudgetsResult = { done: 0, remaining: 0, failed: 0 };
  if (customerIds && customerIds.length === 0) return result;
  const only = customerIds ? sql`and customer_id = any(${uuidArray(customerIds)}::uuid[])` : sql``;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    if (deadline !== undefined && Date.now() >= deadline) {
      const [left] = await selectRows<{ n: string | number }>(db, sql`select count(*) as n from customer_budgets where customer_id > ${after}::uuid ${only}`);
      result.remaining = Number(left?.n ?? 0);
      return result;
    }
    const budgets = await selectRows<BudgetRow>(
      db,
      sql`select customer_id, amount, currency, notify_at_percent from customer_budgets
           where customer_id > ${after}::uuid ${only}
           order by customer_id limit ${batchSize}`,
    );
    if (budgets.length === 0) return result;
    after = budgets[budgets.length - 1]!.customer_id;
    try {
      await evaluateBatch(db, budgets, now);
      result.done += budgets.length;
    } catch (error) {
      // one bad batch must not stop the others; its crossings are found again by the next evaluation
      console.error(`[budgets] a batch of ${budgets.length} budgets failed:`, error);
      result.failed += budgets.length;
    }
  }
}
