import { sql } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, plans } from '@/lib/db/schema';
import { DEFAULT_METRICS, DEFAULT_PLANS } from './default-catalog';
import { createMetric } from './create-metric';
import { createPlan } from './create-plan';

/** The default metrics and plans, when the catalog has none (POST /api/billing/setup and the demo seed). */
export async function ensureDefaultCatalog(db: Queryable): Promise<{ metrics: number; plans: number }> {
  const [metricCount] = await db.select({ count: sql<number>`count(*)::int` }).from(billableMetrics);
  const [planCount] = await db.select({ count: sql<number>`count(*)::int` }).from(plans);
  let metricsAdded = 0;
  let plansAdded = 0;
  if ((metricCount?.count ?? 0) === 0) {
    for (const metric of DEFAULT_METRICS) await createMetric(db, metric);
    metricsAdded = DEFAULT_METRICS.length;
  }
  if ((planCount?.count ?? 0) === 0) {
    for (const plan of DEFAULT_PLANS) await createPlan(db, plan);
    plansAdded = DEFAULT_PLANS.length;
  }
  return { metrics: metricsAdded, plans: plansAdded };
}
