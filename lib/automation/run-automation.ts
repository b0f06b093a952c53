// The automated run (Vercel Cron at least daily, `npm run billing -- run`): for every workspace, bill
// every period that has ended (and the fees in advance of those that have started), mirror the new
// invoices to Stripe, dun, send what is queued, evaluate alerts, in that order (the messages the alerts
// step queues are sent by the next run's notifications step, or sooner by the after-response delivery
// of an admin's or customer's change), and apply the workspace's retention (which also deletes the
// Stripe customers of erased customers that Stripe could not be told about when they were erased).
// Each workspace works in its own scope (lib/db/client.ts), with its own settings and Stripe client
// (workspace-services.ts), and writes its own row in the run log.
//
// Time is shared fairly at two levels. Within a pass, each workspace in turn gets what is left of the
// budget divided by the workspaces still to go in the pass, and shares that among its steps the same
// way; a workspace or step that finishes early leaves its time to the next. Passes repeat while time is
// left and some step somewhere made progress with work remaining, the least-served workspace first. So
// one workspace with a huge backlog takes its share and then waits its turn: the others are billed in
// the same run. A step that throws is recorded and the run goes on. Every step is resumable: what a
// killed run left undone, the next run finds and finishes, without duplicates.
import { evaluateBudgets } from '@/lib/budgets/evaluate-budgets';
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Database } from '@/lib/db/client';
import { DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { runDunning, type DunningSummary } from '@/lib/dunning/run-dunning';
import { finishRunLog, startRunLog, type RunTrigger, type StepReport } from '@/lib/invoicing/automation-log';
import { billDuePeriods, summarizeBilling, type BatchResult, type RunSummary } from '@/lib/invoicing/run-billing';
import { mirrorPendingInvoices } from '@/lib/stripe/mirror-pending';
import { deliverNotifications } from '@/lib/notifications/deliver-notifications';
import { evaluateAlerts } from '@/lib/alerts/evaluate-alerts';
import { applyRetention } from '@/lib/privacy/apply-retention';
import { eraseErasedCustomersAtStripe } from '@/lib/privacy/erase-at-stripe';
import { pseudonymizeExpiredInvoices } from '@/lib/privacy/pseudonymize-expired-invoices';
import { getRetentionSettings } from '@/lib/privacy/retention-settings';
import { listWorkspaces } from '@/lib/workspaces/find-workspace';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { workspaceServices, type ServicesFor } from '@/lib/workspaces/workspace-services';

export const AUTOMATION_STEPS = ['billing', 'stripe', 'dunning', 'notifications', 'alerts', 'retention'] as const;
export type AutomationStep = (typeof AUTOMATION_STEPS)[number];

type StepsAndPayments = {
  steps: Record<AutomationStep, StepReport>;
  stripe: { configured: boolean; mirrored: number; failed: number };
  dunning: DunningSummary | null;
};

/** What the run did in one workspace; `run_id` is that workspace's row in its run log. */
export type WorkspaceAutomationSummary = RunSummary & StepsAndPayments & { id: string; slug: string };

/**
 * The whole run: the counts summed over the workspaces (duration_ms is the run's own), and each
 * workspace's. The top-level `run_id` is the `default` workspace's log row when it took part.
 */
export type AutomationSummary = RunSummary & StepsAndPayments & { workspaces: WorkspaceAutomationSummary[] };

export type AutomationContext = {
  now: Date;
  actor: Actor;
  trigger: RunTrigger;
  budgetMs?: number;
  /** the workspaces to run; default every workspace of the installation */
  workspaces?: Workspace[];
  /** each workspace's settings and Stripe client; default its own (workspaceConfig, stripeForWorkspace) */
  services?: ServicesFor;
};

type StepOutcome = { done: number; remaining: number; failed: number };
type Deadline = number | undefined;

/** One workspace's part of the run: its scope, its services, what its steps did so far. */
type WorkspaceRun = {
  workspace: Workspace;
  runId: string;
  config: BillingConfig;
  stripe: Stripe | null;
  steps: Record<AutomationStep, (stepDeadline: Deadline) => Promise<StepOutcome>>;
  billing: BatchResult;
  mirrored: { mirrored: number; failed: number };
  dunning: DunningSummary | null;
  reports: Record<AutomationStep, StepReport>;
  stepErrors: { step: AutomationStep; message: string }[];
  /** the steps that get another pass: they made progress and have work left */
  pending: AutomationStep[];
  /** time spent on this workspace so far, which orders the later passes */
  spentMs: number;
  /** the last customer the alerts step evaluated when the deadline stopped it; null: start from the first */
  alertsResumeAfter: string | null;
  /** erased customers whose Stripe customer failed to delete in this run: left for the next run */
  stripeErasureFailures: string[];
};

/** A fair share of what is left until `deadline`: the remaining time over the `left` takers still to go. */
const shareOf = (deadline: Deadline, left: number): Deadline => (deadline === undefined ? undefined : Date.now() + Math.max(0, deadline - Date.now()) / left);

async function openWorkspaceRun(installationDb: Database, workspace: Workspace, services: ServicesFor, ctx: AutomationContext): Promise<WorkspaceRun> {
  const database = installationDb.inWorkspace(workspace.id);
  const workspaceServicesNow = services(workspace);
  const { config, stripe } = workspaceServicesNow;
  const runId = await startRunLog(database.db, ctx.trigger, ctx.now);
  const run: WorkspaceRun = {
    workspace,
    runId,
    config,
    stripe,
    billing: { outcomes: [], failures: [], remaining: 0 },
    mirrored: { mirrored: 0, failed: 0 },
    dunning: null,
    reports: Object.fromEntries(AUTOMATION_STEPS.map((name) => [name, { done: 0, remaining: 0, failed: 0, duration_ms: 0 }])) as Record<AutomationStep, StepReport>,
    stepErrors: [],
    pending: [...AUTOMATION_STEPS],
    spentMs: 0,
    alertsResumeAfter: null,
    stripeErasureFailures: [],
    steps: {
      billing: async (stepDeadline) => {
        const batch = await billDuePeriods(database, { now: ctx.now, actor: ctx.actor, config, deadline: stepDeadline, exclude: run.billing.failures.map((f) => f.period_id) });
        run.billing.outcomes.push(...batch.outcomes);
        run.billing.failures.push(...batch.failures);
        run.billing.remaining = batch.remaining;
        return { done: batch.outcomes.length, remaining: batch.remaining, failed: batch.failures.length };
      },
      stripe: async (stepDeadline) => {
        if (!stripe) return { done: 0, remaining: 0, failed: 0 };
        const result = await mirrorPendingInvoices(database.db, stripe, { deadline: stepDeadline });
        run.mirrored.mirrored += result.mirrored;
        run.mirrored.failed += result.failures.length;
        // what failed is left for the next run, not counted as work this run could still do
        return { done: result.mirrored, remaining: Math.max(0, result.remaining - result.failures.length), failed: result.failures.length };
      },
      dunning: async (stepDeadline) => {
        const result = await runDunning(database.db, stripe, { now: ctx.now, actor: ctx.actor, config, deadline: stepDeadline });
        run.dunning = run.dunning ? addDunning(run.dunning, result) : result;
        const done = result.overdue + result.retried + result.suspended + result.reactivated + result.asked_for_payment_method;
        return { done, remaining: result.remaining, failed: 0 };
      },
      notifications: async (stepDeadline) => {
        const sent = await deliverNotifications(database, { now: ctx.now, workspace, services: workspaceServicesNow, deadline: stepDeadline });
        return { done: sent.done, remaining: sent.remaining, failed: sent.failed };
      },
      // the backstop of the evaluation after ingestion: every customer against every enabled rule at
      // the run's clock; a later pass of the same run resumes after the last customer evaluated
      alerts: async (stepDeadline) => {
        const result = await evaluateAlerts(database.db, { now: ctx.now, deadline: stepDeadline, afterCustomerId: run.alertsResumeAfter, actor: ctx.actor });
        run.alertsResumeAfter = result.lastCustomerId;
        // budgets are the customer's own thresholds, checked in the same step (lib/budgets)
        const budgets = await evaluateBudgets(database.db, { now: ctx.now, deadline: stepDeadline });
        return { done: result.done + budgets.done, remaining: result.remaining + budgets.remaining, failed: result.failed + budgets.failed };
      },
      // storage limitation: what the workspace's retention settings say is past its age goes, in bounded
      // batches, and erased customers' invoices past the legal retention lose the buyer's name. Erasure
      // reaches Stripe here too: an erased customer whose Stripe customer could not be deleted at the
      // time (Stripe down or not configured) has it deleted now, each tried once per run.
      retention: async (stepDeadline) => {
        const deleted = await applyRetention(database.db, await getRetentionSettings(database.db), { now: ctx.now, deadline: stepDeadline });
        const invoices = await pseudonymizeExpiredInvoices(database.db, { now: ctx.now, years: config.invoiceRetentionYears, deadline: stepDeadline });
        const atStripe = await eraseErasedCustomersAtStripe(database.db, stripe, { now: ctx.now, actor: ctx.actor, deadline: stepDeadline, exclude: run.stripeErasureFailures });
        run.stripeErasureFailures.push(...atStripe.failures.map((f) => f.customer_id));
        return { done: deleted.done + invoices.done + atStripe.done, remaining: deleted.remaining + invoices.remaining + atStripe.remaining, failed: atStripe.failures.length };
      },
    },
  };
  return run;
}

/** One pass over the workspace's pending steps, each with its share of the workspace's time. */
async function runPass(run: WorkspaceRun, workspaceDeadline: Deadline): Promise<void> {
  const pass = run.pending;
  const progressed = new Set<AutomationStep>();
  for (const [i, name] of pass.entries()) {
    const stepDeadline = shareOf(workspaceDeadline, pass.length - i);
    const stepStarted = Date.now();
    const report = run.reports[name];
    try {
      const outcome = await run.steps[name](stepDeadline);
      Object.assign(report, { done: report.done + outcome.done, remaining: outcome.remaining, failed: report.failed + outcome.failed });
      if (outcome.done > 0) progressed.add(name);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[automation] workspace ${run.workspace.slug}: the ${name} step failed: ${message}`);
      run.stepErrors.push({ step: name, message });
      report.failed += 1;
    }
    report.duration_ms += Date.now() - stepStarted;
  }
  // A step that made no progress (its work is locked by a concurrent run, or failing) is not asked again.
  run.pending = AUTOMATION_STEPS.filter((name) => progressed.has(name) && run.reports[name].remaining > 0);
}

export async function runAutomation(database: Database, ctx: AutomationContext): Promise<AutomationSummary> {
  const started = Date.now();
  const deadline = ctx.budgetMs === undefined ? undefined : started + ctx.budgetMs;
  const workspaces = ctx.workspaces ?? (await listWorkspaces(database.installation.db));
  if (workspaces.length === 0) throw new Error('there is no workspace to run: run the migrations');

  const runs: WorkspaceRun[] = [];
  for (const workspace of workspaces) {
    const opened = Date.now();
    const run = await openWorkspaceRun(database, workspace, ctx.services ?? workspaceServices, ctx);
    run.spentMs += Date.now() - opened;
    runs.push(run);
  }

  let pass = runs;
  while (pass.length) {
    for (const [i, run] of pass.entries()) {
      const workspaceStarted = Date.now();
      await runPass(run, shareOf(deadline, pass.length - i));
      run.spentMs += Date.now() - workspaceStarted;
    }
    // Without a budget every step of every workspace drained its backlog in one pass. With one, those
    // that stopped at their share with work left get another pass while time lasts, the workspace that
    // has had the least time first (the sort is stable: ties keep the installation's order).
    const timeLeft = deadline !== undefined && Date.now() < deadline;
    pass = timeLeft ? runs.filter((run) => run.pending.length > 0).sort((a, b) => a.spentMs - b.spentMs) : [];
  }

  const summaries: WorkspaceAutomationSummary[] = [];
  for (const run of runs) {
    const finishing = Date.now();
    const durationMs = run.spentMs;
    const billing = summarizeBilling(run.runId, run.billing, durationMs);
    await finishRunLog(database.inWorkspace(run.workspace.id).db, run.runId, { now: ctx.now, durationMs, billing, steps: run.reports, stepErrors: run.stepErrors });
    run.spentMs += Date.now() - finishing;
    summaries.push({
      id: run.workspace.id,
      slug: run.workspace.slug,
      ...billing,
      steps: run.reports,
      stripe: { configured: run.stripe !== null, mirrored: run.mirrored.mirrored, failed: run.mirrored.failed },
      dunning: run.dunning,
    });
  }
  return totalOf(summaries, Date.now() - started);
}

/** The run as a whole: every count summed over its workspaces. */
function totalOf(workspaces: WorkspaceAutomationSummary[], durationMs: number): AutomationSummary {
  const sum = (pick: (w: WorkspaceAutomationSummary) => number) => workspaces.reduce((n, w) => n + pick(w), 0);
  const steps = Object.fromEntries(
    AUTOMATION_STEPS.map((name) => [
      name,
      {
        done: sum((w) => w.steps[name].done),
        remaining: sum((w) => w.steps[name].remaining),
        failed: sum((w) => w.steps[name].failed),
        duration_ms: sum((w) => w.steps[name].duration_ms),
      },
    ]),
  ) as Record<AutomationStep, StepReport>;
  const dunned = workspaces.map((w) => w.dunning).filter((d): d is DunningSummary => d !== null);
  return {
    run_id: (workspaces.find((w) => w.id === DEFAULT_WORKSPACE_ID) ?? workspaces[0]!).run_id,
    processed: sum((w) => w.processed),
    invoiced: sum((w) => w.invoiced),
    failed: sum((w) => w.failed),
    skipped: sum((w) => w.skipped),
    remaining: sum((w) => w.remaining),
    duration_ms: durationMs,
    invoice_ids: workspaces.flatMap((w) => w.invoice_ids),
    errors: workspaces.flatMap((w) => w.errors),
    steps,
    stripe: { configured: workspaces.some((w) => w.stripe.configured), mirrored: sum((w) => w.stripe.mirrored), failed: sum((w) => w.stripe.failed) },
    // null only when the step failed on every pass in every workspace
    dunning: dunned.length ? dunned.reduce((a, b) => ({ ...addDunning(a, b), remaining: a.remaining + b.remaining })) : null,
    workspaces,
  };
}

/** Two passes of one workspace's dunning: the counts add up, `remaining` is what the later one left. */
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
