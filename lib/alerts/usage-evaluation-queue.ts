// What runs after usage is stored: the evaluators that turn new usage into alerts (and, when the lead
// adds it, budget notifications), coalesced per workspace. Every ingestion response adds the customers
// and metrics its batch touched to its workspace's pending set; one evaluation takes the whole set, and
// a workspace is evaluated at most once every COALESCE_MS, one evaluation at a time. A busy workspace
// sending a batch every few milliseconds is thus evaluated every 15 seconds, for every customer any of
// those batches touched, which keeps "within a minute of the usage" with room to spare (an evaluation
// starts at most COALESCE_MS after the usage that crossed, and has EVALUATION_BUDGET_MS to finish).
//
// Evaluators only write rows and queue messages (the outbox); nothing here renders or sends an email:
// sending is the automation run's notifications step and the after-response delivery of admin and
// customer writes (lib/notifications/deliver-after-response.ts). Rendering alert emails in the ingesting
// process once cost 14% of ingestion throughput.
import { evaluateBudgets } from '@/lib/budgets/evaluate-budgets';
import type { Database, Db } from '@/lib/db/client';
import { evaluateAlerts } from './evaluate-alerts';

/** What a batch of stored usage touched. */
export type TouchedUsage = { customerIds: string[]; metricIds: string[] };

/** One thing to do with new usage; it gets the customers and metrics touched since the last run. */
export type UsageEvaluator = {
  name: string;
  evaluate(db: Db, input: TouchedUsage & { now: Date; deadline: number }): Promise<unknown>;
};

/**
 * Every evaluator run after ingestion, in order. Customer budgets (evaluateBudgets(db, {now,
 * customerIds}), built separately) belong here as one more entry:
 *   { name: 'budgets', evaluate: (db, { now, customerIds }) => evaluateBudgets(db, { now, customerIds }) }
 */
export const USAGE_EVALUATORS: UsageEvaluator[] = [
  { name: 'alerts', evaluate: (db, { now, customerIds, metricIds, deadline }) => evaluateAlerts(db, { now, customerIds, metricIds, deadline }) },
  // customers' budgets: each percentage told once per period (lib/budgets)
  { name: 'budgets', evaluate: (db, { now, customerIds, deadline }) => evaluateBudgets(db, { now, customerIds, deadline }) },
];

/** A workspace is evaluated at most this often (≤ 30 s keeps alerts within a minute of the usage). */
export const COALESCE_MS = 15_000;
/** How long one evaluation may start new chunks of customers; what is left waits for the automation run. */
export const EVALUATION_BUDGET_MS = 20_000;

type WorkspaceQueue = {
  database: Database;
  customerIds: Set<string>;
  metricIds: Set<string>;
  /** the evaluation waiting for its turn, which the next batches join */
  next: Promise<void> | null;
  running: Promise<void> | null;
  lastStartedAt: number;
};

export type UsageEvaluationQueue = {
  /** Adds a batch's touched customers and metrics; resolves when an evaluation including them is done. */
  note(database: Database, touched: TouchedUsage): Promise<void>;
};

/**
 * A queue per process. `clock` (epoch ms) and `wait` are the only time it reads, so tests drive it;
 * the evaluators get `now` from the clock when the evaluation starts, not when the batch arrived: the
 * usage is stored by then, and the window is the one holding the moment of measuring.
 */
export function createUsageEvaluationQueue({
  evaluators = USAGE_EVALUATORS,
  intervalMs = COALESCE_MS,
  budgetMs = EVALUATION_BUDGET_MS,
  clock = () => Date.now(),
  wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
}: { evaluators?: UsageEvaluator[]; intervalMs?: number; budgetMs?: number; clock?: () => number; wait?: (ms: number) => Promise<void> } = {}): UsageEvaluationQueue {
  const queues = new Map<string, WorkspaceQueue>();

  async function evaluate(queue: WorkspaceQueue) {
    const touched: TouchedUsage = { customerIds: [...queue.customerIds], metricIds: [...queue.metricIds] };
    queue.customerIds.clear();
    queue.metricIds.clear();
    const startedAt = clock();
    queue.lastStartedAt = startedAt;
    for (const evaluator of evaluators) {
      try {
        await evaluator.evaluate(queue.database.db, { ...touched, now: new Date(startedAt), deadline: startedAt + budgetMs });
      } catch (error) {
        // the automation run evaluates everything again: nothing is lost, only later
        console.error(`[usage] the ${evaluator.name} evaluation after ingestion failed in workspace ${queue.database.workspaceId}:`, error instanceof Error ? error.message : error);
      }
    }
  }

  function schedule(queue: WorkspaceQueue): Promise<void> {
    if (queue.next) return queue.next;
    const run = async () => {
      const due = queue.lastStartedAt + intervalMs - clock();
      if (due > 0) await wait(due);
      if (queue.running) await queue.running;
      queue.next = null;
      queue.running = evaluate(queue);
      try {
        await queue.running;
      } finally {
        queue.running = null;
      }
    };
    // started on the next microtask, so `next` is recorded before the run clears it
    const next = Promise.resolve().then(run);
    queue.next = next;
    return next;
  }

  return {
    note(database, touched) {
      let queue = queues.get(database.workspaceId);
      if (!queue) {
        queue = { database, customerIds: new Set(), metricIds: new Set(), next: null, running: null, lastStartedAt: -Infinity };
        queues.set(database.workspaceId, queue);
      }
      for (const id of touched.customerIds) queue.customerIds.add(id);
      for (const id of touched.metricIds) queue.metricIds.add(id);
      return schedule(queue);
    },
  };
}
