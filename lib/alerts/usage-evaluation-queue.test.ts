import { describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { createUsageEvaluationQueue, type UsageEvaluator } from './usage-evaluation-queue';

/** A database handle the queue only reads workspaceId and db from; the evaluators here are fakes. */
const workspace = (id: string) => ({ workspaceId: id, db: {} }) as unknown as Database;

function harness() {
  let clock = 1_000_000;
  const waits: { ms: number; release: () => void }[] = [];
  const calls: { workspace: string; customerIds: string[]; metricIds: string[]; now: Date }[] = [];
  const evaluator: UsageEvaluator = {
    name: 'record',
    evaluate: async (_db, input) => {
      calls.push({ workspace: 'x', customerIds: [...input.customerIds].sort(), metricIds: [...input.metricIds].sort(), now: input.now });
    },
  };
  const queue = createUsageEvaluationQueue({
    evaluators: [evaluator],
    intervalMs: 10_000,
    clock: () => clock,
    wait: (ms) => new Promise<void>((release) => waits.push({ ms, release })),
  });
  return { queue, calls, waits, advance: (ms: number) => (clock += ms) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the evaluation after ingestion', () => {
  it('evaluates the first batch at once, then coalesces the next ones into one evaluation an interval later', async () => {
    const { queue, calls, waits, advance } = harness();
    await queue.note(workspace('w1'), { customerIds: ['c1'], metricIds: ['m1'] });
    expect(calls).toEqual([{ workspace: 'x', customerIds: ['c1'], metricIds: ['m1'], now: new Date(1_000_000) }]);

    advance(2_000);
    const second = queue.note(workspace('w1'), { customerIds: ['c2'], metricIds: ['m1'] });
    const third = queue.note(workspace('w1'), { customerIds: ['c3', 'c2'], metricIds: ['m2'] });
    await flush();
    expect(waits.map((w) => w.ms)).toEqual([8_000]);
    expect(calls).toHaveLength(1);
    advance(8_000);
    waits[0]!.release();
    await Promise.all([second, third]);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({ workspace: 'x', customerIds: ['c2', 'c3'], metricIds: ['m1', 'm2'], now: new Date(1_010_000) });
  });

  it('keeps workspaces apart: each has its own pending set and interval', async () => {
    const { queue, calls, waits } = harness();
    await queue.note(workspace('w1'), { customerIds: ['a'], metricIds: [] });
    await queue.note(workspace('w2'), { customerIds: ['b'], metricIds: [] });
    expect(calls.map((c) => c.customerIds)).toEqual([['a'], ['b']]);
    expect(waits).toEqual([]);
  });

  it('an evaluator that throws does not stop the others or the queue', async () => {
    const seen: string[] = [];
    const queue = createUsageEvaluationQueue({
      evaluators: [
        { name: 'broken', evaluate: async () => { throw new Error('boom'); } },
        { name: 'budgets', evaluate: async (_db, { customerIds }) => { seen.push(...customerIds); } },
      ],
      clock: () => 0,
      wait: async () => {},
    });
    const errors = console.error;
    console.error = () => {};
    try {
      await queue.note(workspace('w1'), { customerIds: ['c1'], metricIds: [] });
    } finally {
      console.error = errors;
    }
    expect(seen).toEqual(['c1']);
  });
});
