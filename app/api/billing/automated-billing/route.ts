import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { billingConfig } from '@/lib/config/billing-config';
import { isCronRequest, withAdmin, withCron } from '@/lib/http/route-handlers';
import { listBillingRuns } from '@/lib/invoicing/automation-log';
import { runAutomation } from '@/lib/automation/run-automation';
import { stripeFromEnv } from '@/lib/stripe/stripe-client';

// vercel.json gives billing routes 300 s; the run shares 240 s among its steps and stops well before
// that, and the next run picks up what each step reports as remaining.
const RUN_BUDGET_MS = 240_000;

const runBatch = withCron(async ({ database, now, actor }) => {
  const run = await runAutomation(database, stripeFromEnv(), { now, config: billingConfig(), actor, trigger: 'cron', budgetMs: RUN_BUDGET_MS });
  return Response.json({
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
  });
});

const showLog = withAdmin(async ({ req, db }) => {
  const { limit } = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).parse({ limit: req.nextUrl.searchParams.get('limit') ?? undefined });
  return Response.json(await listBillingRuns(db, limit));
});

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

// GET /api/billing/automated-billing - Vercel Cron (Bearer $CRON_SECRET) runs the batch; an admin
// session or key gets the run log {data, stats}; anyone else gets 401
export function GET(req: NextRequest, context: RouteContext) {
  return isCronRequest(req) ? runBatch(req, context) : showLog(req, context);
}

// POST /api/billing/automated-billing - the same batch, for schedulers that POST
export const POST = runBatch;
