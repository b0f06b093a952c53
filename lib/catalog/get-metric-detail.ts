// One billable metric for the admin catalog's metric page: the metric as the API shows it, and the
// plans whose current version prices it (a metric a plan bills cannot be dropped from under it, and an
// admin changing its unit or cost wants to know who sees the change). Null for a code the workspace
// does not have (the page answers 404).
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, planCharges, plans } from '@/lib/db/schema';
import { toMetricView } from './catalog-schemas';

export type MetricPlan = { code: string; name: string; version: number; model: string };

export type MetricDetail = { metric: ReturnType<typeof toMetricView>; plans: MetricPlan[] };

export async function getMetricDetail(db: Queryable, code: string): Promise<MetricDetail | null> {
  const [row] = await db.select().from(billableMetrics).where(eq(billableMetrics.code, code)).limit(1);
  if (!row) return null;
  const pricedBy = await db
    .selectDistinct({ code: plans.code, name: plans.name, version: plans.version, model: planCharges.model })
    .from(planCharges)
    .innerJoin(plans, eq(plans.id, planCharges.planId))
    .where(and(eq(planCharges.metricId, row.id), eq(plans.isCurrent, true)))
    .orderBy(asc(plans.code), asc(planCharges.model));
  return { metric: toMetricView(row), plans: pricedBy };
}
