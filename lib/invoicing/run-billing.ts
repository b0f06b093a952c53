// The billing batch: bill every period that has ended, oldest first, each in its own transaction, until
// none is left or the time budget is spent. The CLI (`npm run billing -- run`), process-monthly (one
// customer) and the automated-billing route all run this. Each run is written to the automation log.
import { eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '@/lib/db/client';
import { selectRows } from '@/lib/db/client';
import { billingAutomationLog } from '@/lib/db/schema';
import { billDueBatch, BillingCatalog, PeriodBillingError, type BillingContext, type PeriodOutcome } from './bill-period';

export type BillingFailure = { customer_id: string; period_id: string; message: string };
export type BatchResult = { outcomes: PeriodOutcome[]; failures: BillingFailure[]; remaining: number };

async function countDue(db: Queryable, now: Date, customerId: string | null, exclude: string[]): Promise<number> {
  const [row] = await selectRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from billing_periods
         where status = 'open' and period_end <= ${now.toISOString()}::timestamptz
           ${customerId ? sql`and customer_id = ${customerId}` : sql``}
           ${exclude.length ? sql`and id <> all(${`{${exclude.join(',')}}`}::uuid[])` : sql``}`,
  );
  return Number(row?.n ?? 0);
}

/** Periods billed per transaction: big enough that round trips stop mattering, small enough to hold briefly. */
export const BILLING_BATCH_SIZE = 50;

const failureOf = (error: PeriodBillingError, period: { id: string; customerId: string }): BillingFailure => ({
  customer_id: period.customerId,
  period_id: period.id,
  message: error.cause instanceof Error ? error.cause.message : String(error.cause),
});

/**
 * Bills due periods in batches until none is left or `deadline` (epoch ms) passes. When a batch fails,
 * its periods are retried one at a time, so one bad period is recorded and left open for the next run
 * while every other period is billed.
 */
export async function billDuePeriods(
  database: Database,
  ctx: BillingContext & { customerId?: string | null; deadline?: number; batchSize?: number },
): Promise<BatchResult> {
  const outcomes: PeriodOutcome[] = [];
  const failures: BillingFailure[] = [];
  const failedIds: string[] = [];
  const catalog = new BillingCatalog();
  const options = { ...ctx, catalog, exclude: failedIds };
  while (ctx.deadline === undefined || Date.now() < ctx.deadline) {
    try {
      const batch = await billDueBatch(database.db, { ...options, limit: ctx.batchSize ?? BILLING_BATCH_SIZE });
      if (batch.length === 0) break;
      outcomes.push(...batch);
    } catch (error) {
      if (!(error instanceof PeriodBillingError)) throw error;
      for (const period of error.periods) {
        try {
          outcomes.push(...(await billDueBatch(database.db, { ...options, only: [period.id], limit: 1 })));
        } catch (single) {
          if (!(single instanceof PeriodBillingError)) throw single;
          failedIds.push(period.id);
          // the message goes to the log and the automation record; nothing internal reaches an HTTP answer
          console.error(`[billing] ${single.message}`);
          failures.push(failureOf(single, period));
        }
      }
    }
  }
  const remaining = await countDue(database.db, ctx.now, ctx.customerId ?? null, failedIds);
  return { outcomes, failures, remaining };
}

export type RunSummary = {
  run_id: string;
  processed: number;
  invoiced: number;
  failed: number;
  skipped: number;
  remaining: number;
  duration_ms: number;
  invoice_ids: string[];
  errors: BillingFailure[];
};

/** A logged run over every customer. `budgetMs` keeps it under a serverless function's maxDuration. */
export async function runBilling(
  database: Database,
  ctx: BillingContext & { trigger: 'cron' | 'manual' | 'cli' | 'seed'; budgetMs?: number; customerId?: string | null },
): Promise<RunSummary> {
  const started = Date.now();
  const [log] = await database.db
    .insert(billingAutomationLog)
    // stamped with the run's own clock (ctx.now), like everything it bills; the duration is measured
    .values({ trigger: ctx.trigger, status: 'running', startedAt: ctx.now })
    .returning({ id: billingAutomationLog.id });
  const batch = await billDuePeriods(database, { ...ctx, deadline: ctx.budgetMs === undefined ? undefined : started + ctx.budgetMs });
  const invoiced = batch.outcomes.filter((o) => o.outcome === 'invoiced');
  const summary: RunSummary = {
    run_id: log!.id,
    processed: batch.outcomes.length + batch.failures.length,
    invoiced: invoiced.length,
    failed: batch.failures.length,
    skipped: batch.outcomes.length - invoiced.length,
    remaining: batch.remaining,
    duration_ms: Date.now() - started,
    invoice_ids: invoiced.map((o) => (o.outcome === 'invoiced' ? o.invoiceId : '')),
    errors: batch.failures,
  };
  await database.db
    .update(billingAutomationLog)
    .set({
      status: summary.failed > 0 ? (summary.invoiced + summary.skipped > 0 ? 'partial' : 'failed') : 'completed',
      finishedAt: new Date(ctx.now.getTime() + summary.duration_ms),
      processed: summary.processed,
      invoiced: summary.invoiced,
      failed: summary.failed,
      skipped: summary.skipped,
      remaining: summary.remaining,
      durationMs: summary.duration_ms,
      errors: summary.errors.map(({ customer_id, message }) => ({ customer_id, message })),
    })
    .where(eq(billingAutomationLog.id, log!.id));
  return summary;
}
