import { asc } from 'drizzle-orm';
import { createMetric } from '@/lib/catalog/create-metric';
import { metricInputSchema, toMetricView } from '@/lib/catalog/catalog-schemas';
import { billableMetrics } from '@/lib/db/schema';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/metrics - every billable metric
export const GET = withAdmin(async ({ db }) => {
  const rows = await db.select().from(billableMetrics).orderBy(asc(billableMetrics.code));
  return Response.json({ data: rows.map(toMetricView), has_more: false });
});

// POST /api/admin/billing/metrics - {code, name, unit, aggregation, property?, dimensions?, unit_cost?,
// unit_cost_currency?}; a code already in use is a 409. A unit cost without a currency is in the
// workspace's default currency.
export const POST = withAdmin(async ({ req, db, actor, config }) => {
  const input = await readJson(req, metricInputSchema);
  return Response.json(toMetricView(await createMetric(db, input, { actor, defaultCurrency: config.defaultCurrency })), { status: 201 });
});
