import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { billingAutomationLog, plans } from '@/lib/db/schema';
import { getRevenueSummary, type RevenueSummary } from '@/lib/revenue/revenue-summary';
import type { AdminWorkspace } from './require-admin';

export type AutomationRun = {
  id: string;
  trigger: string;
  status: 'running' | 'completed' | 'partial' | 'failed';
  startedAt: Date;
  processed: number;
  invoiced: number;
  failed: number;
  durationMs: number | null;
};

export type PlanBreakdownRow = { code: string; name: string; count: number; trialing: number; revenue: string; currency: string };

export type AdminOverview = {
  summary: RevenueSummary;
  plans: PlanBreakdownRow[];
  automationRuns: AutomationRun[];
};

/** The workspace's revenue, subscriptions by plan and latest billing runs, for the admin's first page. */
export async function getAdminOverview({ database, config }: AdminWorkspace): Promise<AdminOverview> {
  const { db } = database;
  // three independent reads, concurrently
  const planNamesRead = db.select({ code: plans.code, name: plans.name }).from(plans).where(eq(plans.isCurrent, true));
  const automationRunsRead = db
    .select({
      id: billingAutomationLog.id,
      trigger: billingAutomationLog.trigger,
      status: billingAutomationLog.status,
      startedAt: billingAutomationLog.startedAt,
      processed: billingAutomationLog.processed,
      invoiced: billingAutomationLog.invoiced,
      failed: billingAutomationLog.failed,
      durationMs: billingAutomationLog.durationMs,
    })
    .from(billingAutomationLog)
    .orderBy(desc(billingAutomationLog.startedAt))
    .limit(10);
  const [summary, planNames, automationRuns] = await Promise.all([getRevenueSummary(db, config.defaultCurrency), planNamesRead, automationRunsRead]);

  const nameByCode = new Map(planNames.map((p) => [p.code, p.name]));
  const planRows = Object.entries(summary.tier_breakdown)
    .map(([code, tier]) => ({ code, name: nameByCode.get(code) ?? code, ...tier }))
    // grouped by currency (the default first) so each currency's rows end in their own total
    .sort(
      (a, b) =>
        Number(b.currency === config.defaultCurrency) - Number(a.currency === config.defaultCurrency) ||
        a.currency.localeCompare(b.currency) ||
        b.count - a.count ||
        a.name.localeCompare(b.name),
    );

  return { summary, plans: planRows, automationRuns };
}
