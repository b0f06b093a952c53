// The billing batch: bill every period that has ended, oldest first, each in its own transaction, until
// none is left or the time budget is spent. The CLI (`npm run billing -- run`), process-monthly (one
// customer) and the automated-billing route all run this. Each run is written to the automation log.
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '@/lib/db/client';
import { selectRows } from '@/lib/db/client';
import { finishRunLog, startRunLog, type RunTrigger } from './automation-log';
import { billDueBatch, PeriodBillingError, type BillingContext, type PeriodOutcome } from './bill-period';
import { BillingCatalog } from './billing-catalog';
import { billDueAdvanceFees } from './invoice-advance-fees';

export type BillingFailure = { customer_id: string; period_id: string; message: string };
export type BatchResult = { outcomes: PeriodOutcome[]; failures: BillingFailure[]; remaining: number };

/** Periods due: ended and not billed, or started with their fees in advance not yet invoiced. */
async function countDue(db: Queryable, now: Date, customerId: string | null, exclude: string[]): Promise<number> {
  const [row] = await selectRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from billing_periods
         where ((status = 'open' and period_end <= ${now.toISOString()}::timestamptz)
                or (advance_fees = 'pending' and period_start <= ${now.toISOString()}::timestamptz))
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

type BatchBiller = (options: { exclude: string[]; only?: string[]; limit: number }) => Promise<PeriodOutcome[]>;

/**
 * Bills due periods in batches until none is left or `deadline` (epoch ms) passes: first the periods
 * that have ended, then the fees in advance of periods that have started. When a batch fails, its
 * periods are retried one at a time, so one bad period is recorded and left for the next run while
 * every other period is billed.
 */
export async function billDuePeriods(
  database: Database,
  ctx: BillingContext & { customerId?: string | null; deadline?: number; batchSize?: number; exclude?: string[] },
): Promise<BatchResult> {
  const outcomes: PeriodOutcome[] = [];
  const failures: BillingFailure[] = [];
  // periods that failed earlier (in this run, or an earlier pass of it) are not tried again
  const failedIds: string[] = [...(ctx.exclude ?? [])];
  const catalog = new BillingCatalog();
  const limit = ctx.batchSize ?? BILLING_BATCH_SIZE;
  const timeLeft = () => ctx.deadline === undefined || Date.now() < ctx.deadline;
  const billers: BatchBiller[] = [
    (o) => billDueBatch(database.db, { ...ctx, catalog, ...o }),
    (o) => billDueAdvanceFees(database.db, { ...ctx, catalog, ...o }),
  ];
  for (const bill of billers) {
    while (timeLeft()) {
      try {
        const batch = await bill({ exclude: failedIds, limit });
        if (batch.length === 0) break;
        outcomes.push(...batch);
      } catch (error) {
        if (!(error instanceof PeriodBillingError)) throw error;
        for (const period of error.periods) {
          try {
            outcomes.push(...(await bill({ exclude: failedIds, only: [period.id], limit: 1 })));
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

/** The billing part of a run's answer, from what billDuePeriods did. */
export function summarizeBilling(runId: string, batch: BatchResult, durationMs: number): RunSummary {
  const invoiced = batch.outcomes.filter((o) => o.outcome === 'invoiced');
  return {
    run_id: runId,
    processed: batch.outcomes.length + batch.failures.length,
    invoiced: invoiced.length,
    failed: batch.failures.length,
    skipped: batch.outcomes.length - invoiced.length,
    remaining: batch.remaining,
    duration_ms: durationMs,
    invoice_ids: invoiced.map((o) => (o.outcome === 'invoiced' ? o.invoiceId : '')),
    errors: batch.failures,
  };
}

/**
 * A logged run of billing alone (process-monthly for one customer, the demo seed). The automated run
 * (lib/automation/run-automation.ts) bills the same way and does the other steps after it.
 */
export async function runBilling(
  database: Database,
  ctx: BillingContext & { trigger: RunTrigger; budgetMs?: number; customerId?: string | null },
): Promise<RunSummary> {
  const started = Date.now();
  const runId = await startRunLog(database.db, ctx.trigger, ctx.now);
  const batch = await billDuePeriods(database, { ...ctx, deadline: ctx.budgetMs === undefined ? undefined : started + ctx.budgetMs });
  const summary = summarizeBilling(runId, batch, Date.now() - started);
  await finishRunLog(database.db, runId, { now: ctx.now, durationMs: summary.duration_ms, billing: summary, steps: { billing: { done: summary.processed - summary.failed, remaining: summary.remaining, failed: summary.failed, duration_ms: summary.duration_ms } } });
  return summary;
}
