import 'server-only';
// The ingestion route's hook: once the response is on its way (Next's after()), add what the batch
// touched to its workspace's pending evaluation (usage-evaluation-queue.ts). The request itself pays
// for nothing but adding ids to two in-memory sets; the evaluation reads the rollups afterwards.
import { after } from 'next/server';
import type { Database } from '@/lib/db/client';
import { createUsageEvaluationQueue, type TouchedUsage } from './usage-evaluation-queue';

/** One per server process: batches of every request in this process are coalesced together. */
const queue = createUsageEvaluationQueue();

export function evaluateAfterIngestion(database: Database, touched: TouchedUsage): void {
  if (touched.customerIds.length === 0) return;
  try {
    // after() keeps a serverless function alive until the evaluation that includes this batch is done
    after(() => queue.note(database, touched));
  } catch {
    // called outside a Next request (a test calling the route function itself): the automation run
    // evaluates these customers as its backstop
  }
}
