// The billing runs' log as admins read it: recent runs and how they went.
import { desc, sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';
import { billingAutomationLog } from '@/lib/db/schema';

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
