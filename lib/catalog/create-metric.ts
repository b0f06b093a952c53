import type { Queryable } from '@/lib/db/client';
import { billableMetrics } from '@/lib/db/schema';
import { metricInputSchema, type MetricInput } from './catalog-schemas';

export async function createMetric(db: Queryable, input: MetricInput) {
  const metric = metricInputSchema.parse(input);
  const [row] = await db
    .insert(billableMetrics)
    .values({
      code: metric.code,
      name: metric.name,
      unit: metric.unit,
      aggregation: metric.aggregation,
      property: metric.property ?? null,
      dimensions: metric.dimensions,
      description: metric.description ?? null,
    })
    .returning();
  return row!;
}
