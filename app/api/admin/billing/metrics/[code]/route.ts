import { eq } from 'drizzle-orm';
import { metricPatchSchema, toMetricView } from '@/lib/catalog/catalog-schemas';
import { updateMetric } from '@/lib/catalog/update-metric';
import { billableMetrics } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/metrics/[code] - one billable metric
export const GET = withAdmin(async ({ params, db }) => {
  const [row] = await db.select().from(billableMetrics).where(eq(billableMetrics.code, params.code ?? ''));
  if (!row) throw notFound('Metric');
  return Response.json(toMetricView(row));
});

// PATCH /api/admin/billing/metrics/[code] - {name?, unit?, description?, unit_cost?, unit_cost_currency?};
// unit_cost null clears the cost. Audit-logged with each field's before and after.
export const PATCH = withAdmin(async ({ req, params, db, actor, config }) => {
  const patch = await readJson(req, metricPatchSchema);
  return Response.json(toMetricView(await updateMetric(db, params.code ?? '', patch, { actor, defaultCurrency: config.defaultCurrency })));
});
