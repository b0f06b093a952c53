import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { isCronRequest, withAdmin, withCron } from '@/lib/http/route-handlers';
import { listBillingRuns } from '@/lib/invoicing/automation-log';
import { runAutomation, type AutomationSummary, type WorkspaceAutomationSummary } from '@/lib/automation/run-automation';

// vercel.json gives billing routes 300 s; the run shares 240 s among the workspaces and their steps
// and stops well before that, and the next run picks up what each reports as remaining.
const RUN_BUDGET_MS = 240_000;

/** The counts of a run (the whole, or one workspace's part): what the answer shows of it. */
function counts(run: AutomationSummary | WorkspaceAutomationSummary) {
  return {
    run_id: run.run_id,
    processed: run.processed,
    invoiced: run.invoiced,
    failed: run.failed,
    skipped: run.skipped,
    remaining: run.remaining,
    duration_ms: run.duration_ms,
    steps: Object.fromEntries(Object.entries(run.steps).map(([name, step]) => [name, { done: step.done, remaining: step.remaining, failed: step.failed, duration_ms: step.duration_ms }])),
    stripe: run.stripe,
    dunning: run.dunning,
  };
}

// every workspace, each in its own scope with its own settings and Stripe client
const runBatch = withCron(async ({ database, now, actor }) => {
  const run = await runAutomation(database, { now, actor, trigger: 'cron', budgetMs: RUN_BUDGET_MS });
  return Response.json({ ...counts(run), workspaces: run.workspaces.map((w) => ({ id: w.id, slug: w.slug, ...counts(w) })) });
});

const showLog = withAdmin(async ({ req, db }) => {
  const { limit } = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).parse({ limit: req.nextUrl.searchParams.get('limit') ?? undefined });
  return Response.json(await listBillingRuns(db, limit));
});

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

// GET /api/billing/automated-billing - Vercel Cron (Bearer $CRON_SECRET) runs the batch for every
// workspace; an admin session or key gets its workspace's run log {data, stats}; anyone else gets 401
export function GET(req: NextRequest, context: RouteContext) {
  return isCronRequest(req) ? runBatch(req, context) : showLog(req, context);
}

// POST /api/billing/automated-billing - the same batch, for schedulers that POST
export const POST = runBatch;
