// A usage snapshot freezes what a customer used in a period (Lyceum's billing_usage_snapshots): every
// metric's total and every charge's filtered quantity, as decimal strings. An admin captures one of
// the open period on demand; invoicing captures the 'billing' snapshot of a closed period and rates it.
import { sql } from 'drizzle-orm';
import { usageKey } from '@/lib/billing/rating';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { selectRows, type Queryable } from '@/lib/db/client';
import { usageSnapshots } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { measureUsage, type UsageRequest } from './measure-usage';
import { findOpenPeriod } from './usage-summary';

export type UsageSnapshotView = {
  id: string;
  customer_id: string;
  subscription_id: string | null;
  billing_period_id: string | null;
  kind: 'manual' | 'billing';
  period_start: string;
  period_end: string;
  captured_at: string;
  usage: Record<string, string>;
};

type SnapshotTarget = {
  customerId: string;
  subscriptionId: string | null;
  planId: string | null;
  billingPeriodId: string | null;
  periodStart: Date;
  periodEnd: Date;
  kind: 'manual' | 'billing';
  capturedAt: Date;
};

/** What a snapshot holds: the measured usage, with every charge's key even at zero, so it shows
 * what was billable, not only what was used. */
export function snapshotUsage(measured: Record<string, string>, requests: UsageRequest[]): Record<string, string> {
  const usage: Record<string, string> = { ...measured };
  for (const r of requests) usage[usageKey(r.metric, r.filters)] ??= '0';
  return usage;
}

/** Measures and stores the usage of one period; the plan's charges decide which filtered keys it holds. */
export async function captureUsageSnapshot(db: Queryable, target: SnapshotTarget): Promise<UsageSnapshotView> {
  const charges = target.planId ? await loadPlanCharges(db, target.planId) : [];
  const requests = charges.filter((c) => c.metric_code !== null).map((c) => ({ metric: c.metric_code!, filters: c.filters }));
  const measured = await measureUsage(db, { customerId: target.customerId, from: target.periodStart, to: target.periodEnd, requests });
  const usage = snapshotUsage(measured, requests);
  const [row] = await db
    .insert(usageSnapshots)
    .values({
      customerId: target.customerId,
      subscriptionId: target.subscriptionId,
      billingPeriodId: target.billingPeriodId,
      kind: target.kind,
      periodStart: target.periodStart,
      periodEnd: target.periodEnd,
      capturedAt: target.capturedAt,
      usage,
    })
    .returning();
  return toSnapshotView(row!);
}

export function toSnapshotView(row: typeof usageSnapshots.$inferSelect): UsageSnapshotView {
  return {
    id: row.id,
    customer_id: row.customerId,
    subscription_id: row.subscriptionId,
    billing_period_id: row.billingPeriodId,
    kind: row.kind,
    period_start: row.periodStart.toISOString(),
    period_end: row.periodEnd.toISOString(),
    captured_at: row.capturedAt.toISOString(),
    usage: row.usage,
  };
}

/** POST /api/billing/usage: a manual snapshot of the customer's open period, recorded in the audit log. */
export async function snapshotOpenPeriod(
  db: Queryable,
  { customerId, now, actor }: { customerId: string; now: Date; actor: Actor },
): Promise<UsageSnapshotView> {
  const [customer] = await selectRows<{ id: string }>(db, sql`select id from customers where id = ${customerId}`);
  if (!customer) throw notFound('Customer');
  const { subscription, period } = await findOpenPeriod(db, customerId, now);
  const [periodRow] = subscription
    ? await selectRows<{ id: string }>(
        db,
        sql`select id from billing_periods where subscription_id = ${subscription.id} and period_start = ${period.start.toISOString()}::timestamptz`,
      )
    : [];
  const snapshot = await captureUsageSnapshot(db, {
    customerId,
    subscriptionId: subscription?.id ?? null,
    planId: subscription?.plan_id ?? null,
    billingPeriodId: periodRow?.id ?? null,
    periodStart: period.start,
    periodEnd: period.end,
    kind: 'manual',
    capturedAt: now,
  });
  await writeAuditEntries(db, actor, [
    {
      action: 'usage.snapshot_captured',
      entityType: 'usage_snapshot',
      entityId: snapshot.id,
      customerId,
      details: { period_start: snapshot.period_start, period_end: snapshot.period_end },
    },
  ]);
  return snapshot;
}
