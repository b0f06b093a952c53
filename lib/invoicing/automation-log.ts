// The billing runs' log: each run writes its row when it starts and completes it when it ends, and
// admins read recent runs and how they went.
import { desc, eq, sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';
import { billingAutomationLog } from '@/lib/db/schema';
import type { RunSummary } from './run-billing';

export type RunTrigger = (typeof billingAutomationLog.$inferInsert)['trigger'];
export type StepReport = { done: number; remaining: number; failed: number; duration_ms: number };

/** The run's row, stamped with the run's own clock (its `now`), like everything it bills. */
export async function startRunLog(db: Queryable, trigger: RunTrigger, now: Date): Promise<string> {
  const [log] = await db.insert(billingAutomationLog).values({ trigger, status: 'running', startedAt: now }).returning({ id: billingAutomationLog.id });
  return log!.id;
}

/**
 * Completes the run's row: completed without failures, partial when something failed beside work done,
 * failed when nothing but failures. The end is the run's `now` plus its measured duration.
 */
export async function finishRunLog(
  db: Queryable,
  runId: string,
  { now, durationMs, billing, steps, stepErrors = [] }: { now: Date; durationMs: number; billing: RunSummary; steps: Record<string, StepReport>; stepErrors?: { step: string; message: string }[] },
) {
  const failed = Object.values(steps).reduce((n, s) => n + s.failed, 0) + stepErrors.length;
  const done = Object.values(steps).reduce((n, s) => n + s.done, 0);
  await db
    .update(billingAutomationLog)
    .set({
      status: failed > 0 ? (done > 0 ? 'partial' : 'failed') : 'completed',
      finishedAt: new Date(now.getTime() + durationMs),
      processed: billing.processed,
      invoiced: billing.invoiced,
      failed: billing.failed,
      skipped: billing.skipped,
      remaining: billing.remaining,
      durationMs,
      steps,
      errors: [...billing.errors.map(({ customer_id, message }) => ({ customer_id, message })), ...stepErrors.map((e) => ({ customer_id: null, message: `${e.step}: ${e.message}` }))],
    })
    .where(eq(billingAutomationLog.id, runId));
}

export async function listBillingRuns(db: Queryable, limit: number) {
  const rows = await db.select().from(billingAutomationLog).orderBy(desc(billingAutomationLog.startedAt)).limit(limit);
  const [stats] = await selectRows<{ runs: string; completed: string; partial: string; failed: string; running: string; invoiced: string; errors: string; last_run_at: Date | null }>(
    db,
    sql`select count(*) as runs,
               count(*) filter (where status = 'completed') as completed,
               count(*) filter (where status = 'partial') as partial,
               count(*) filter (where status = 'failed') as failed,
               count(*) filter (where status = 'running') as running,
               coalesce(sum(invoiced), 0) as invoiced,
               coalesce(sum(jsonb_array_length(errors)), 0) as errors,
               max(started_at) as last_run_at
          from billing_automation_log where trigger <> 'seed'`,
  );
  const runs = Number(stats?.runs ?? 0);
  const finished = runs - Number(stats?.running ?? 0);
  return {
    data: rows.map((r) => ({
      id: r.id,
      trigger: r.trigger,
      status: r.status,
      started_at: r.startedAt.toISOString(),
      finished_at: r.finishedAt?.toISOString() ?? null,
      processed: r.processed,
      invoiced: r.invoiced,
      failed: r.failed,
      skipped: r.skipped,
      remaining: r.remaining,
      duration_ms: r.durationMs,
      steps: r.steps,
      errors: r.errors,
    })),
    stats: {
      runs,
      completed: Number(stats?.completed ?? 0),
      partial: Number(stats?.partial ?? 0),
      failed: Number(stats?.failed ?? 0),
      // completed runs as a share of finished ones, to 4 decimals; null before the first run
      success_rate: finished > 0 ? (Number(stats?.completed ?? 0) / finished).toFixed(4) : null,
      invoices_issued: Number(stats?.invoiced ?? 0),
      customer_errors: Number(stats?.errors ?? 0),
      last_run_at: stats?.last_run_at ? new Date(stats.last_run_at).toISOString() : null,
    },
  };
}
