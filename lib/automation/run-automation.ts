// The automated run (Vercel Cron at least daily, `npm run billing -- run`): bill every period that has
// ended (and the fees in advance of those that have started), mirror the new invoices to Stripe, dun,
// send what is queued, evaluate alerts, in that order. Each step drains its backlog in loops until it
// is empty or the step's share of the time budget is spent; a step that finishes early leaves its time
// to the next, and passes repeat while time is left and work remains, so no step starves another. A
// step that throws is recorded and the run goes on. Every step is resumable: what a killed run left
// undone, the next run finds and finishes, without duplicates.
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Database } from '@/lib/db/client';
import { runDunning, type DunningSummary } from '@/lib/dunning/run-dunning';
import { finishRunLog, startRunLog, type RunTrigger, type StepReport } from '@/lib/invoicing/automation-log';
import { billDuePeriods, summarizeBilling, type BatchResult, type RunSummary } from '@/lib/invoicing/run-billing';
import { mirrorPendingInvoices } from '@/lib/stripe/mirror-pending';

export const AUTOMATION_STEPS = ['billing', 'stripe', 'dunning', 'notifications', 'alerts'] as const;
export type AutomationStep = (typeof AUTOMATION_STEPS)[number];

export type AutomationSummary = RunSummary & {
  steps: Record<AutomationStep, StepReport>;
  stripe: { configured: boolean; mirrored: number; failed: number };
  dunning: DunningSummary | null;
};

type AutomationContext = { now: Date; config: BillingConfig; actor: Actor; trigger: RunTrigger; budgetMs?: number };
type StepOutcome = { done: number; remaining: number; failed: number };

/** Messages waiting in the outbox; the notifications step (with the email issue) sends them. */
async function queuedMessages(database: Database, now: Date): Promise<number> {
  const [row] = await selectRows<{ n: string | number }>(
    database.db,
    sql`select count(*) as n from notification_outbox where status = 'pending' and send_after <= ${now.toISOString()}::timestamptz`,
  );
  return Number(row?.n ?? 0);
}

export async function runAutomation(database: Database, stripe: Stripe | null, ctx: AutomationContext): Promise<AutomationSummary> {
  const started = Date.now();
  const deadline = ctx.budgetMs === undefined ? undefined : started + ctx.budgetMs;
  const runId = await startRunLog(database.db, ctx.trigger, ctx.now);

  const billing: BatchResult = { outcomes: [], failures: [], remaining: 0 };
  const mirrored = { mirrored: 0, failed: 0 };
  let dunning: DunningSummary | null = null;

  const steps: Record<AutomationStep, (stepDeadline: number | undefined) => Promise<StepOutcome>> = {
    billing: async (stepDeadline) => {
      const batch = await billDuePeriods(database, { ...ctx, deadline: stepDeadline, exclude: billing.failures.map((f) => f.period_id) });
      billing.outcomes.push(...batch.outcomes);
      billing.failures.push(...batch.failures);
      billing.remaining = batch.remaining;
      return { done: batch.outcomes.length, remaining: batch.remaining, failed: batch.failures.length };
    },
    stripe: async (stepDeadline) => {
      if (!stripe) return { done: 0, remaining: 0, failed: 0 };
      const result = await mirrorPendingInvoices(database.db, stripe, { deadline: stepDeadline });
      mirrored.mirrored += result.mirrored;
      mirrored.failed += result.failures.length;
      // what failed is left for the next run, not counted as work this run could still do
      return { done: result.mirrored, remaining: Math.max(0, result.remaining - result.failures.length), failed: result.failures.length };
    },
    dunning: async (stepDeadline) => {
      const result = await runDunning(database.db, stripe, { ...ctx, deadline: stepDeadline });
      dunning = dunning ? addDunning(dunning, result) : result;
      const done = result.overdue + result.retried + result.suspended + result.reactivated + result.asked_for_payment_method;
      return { done, remaining: result.remaining, failed: 0 };
    },
    notifications: async () => ({ done: 0, remaining: await queuedMessages(database, ctx.now), failed: 0 }),
    // no alert rules exist yet (the monitoring issue adds them): there is nothing to evaluate
    alerts: async () => ({ done: 0, remaining: 0, failed: 0 }),
  };

  const reports = Object.fromEntries(AUTOMATION_STEPS.map((name) => [name, { done: 0, remaining: 0, failed: 0, duration_ms: 0 }])) as Record<AutomationStep, StepReport>;
  const stepErrors: { step: AutomationStep; message: string }[] = [];
  let pass: AutomationStep[] = [...AUTOMATION_STEPS];
  while (pass.length) {
    const progressed = new Set<AutomationStep>();
    for (const [i, name] of pass.entries()) {
      // a fair share of what is left of the budget: the remaining time over the steps still to run
      const stepDeadline = deadline === undefined ? undefined : Date.now() + Math.max(0, deadline - Date.now()) / (pass.length - i);
      const stepStarted = Date.now();
      const report = reports[name];
      try {
        const outcome = await steps[name](stepDeadline);
        Object.assign(report, { done: report.done + outcome.done, remaining: outcome.remaining, failed: report.failed + outcome.failed });
        if (outcome.done > 0) progressed.add(name);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[automation] the ${name} step failed: ${message}`);
        stepErrors.push({ step: name, message });
        report.failed += 1;
      }
      report.duration_ms += Date.now() - stepStarted;
    }
    // Without a budget every step drained its backlog in one pass. With one, the steps that stopped at
    // their share with work left get another pass while time lasts; a step that made no progress (its
    // work is locked by a concurrent run, or failing) is not asked again.
    const timeLeft = deadline !== undefined && Date.now() < deadline;
    pass = timeLeft ? AUTOMATION_STEPS.filter((name) => progressed.has(name) && reports[name].remaining > 0) : [];
  }

  const durationMs = Date.now() - started;
  const summary = summarizeBilling(runId, billing, durationMs);
  await finishRunLog(database.db, runId, { now: ctx.now, durationMs, billing: summary, steps: reports, stepErrors });
  return { ...summary, steps: reports, stripe: { configured: stripe !== null, mirrored: mirrored.mirrored, failed: mirrored.failed }, dunning };
}

function addDunning(a: DunningSummary, b: DunningSummary): DunningSummary {
  return {
    overdue: a.overdue + b.overdue,
    retried: a.retried + b.retried,
    recovered: a.recovered + b.recovered,
    suspended: a.suspended + b.suspended,
    reactivated: a.reactivated + b.reactivated,
    asked_for_payment_method: a.asked_for_payment_method + b.asked_for_payment_method,
    remaining: b.remaining,
  };
}
