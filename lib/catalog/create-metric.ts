import type { Queryable } from '@/lib/db/client';
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { billableMetrics } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { metricInputSchema, type MetricInput } from './catalog-schemas';

export async function createMetric(db: Queryable, input: MetricInput) {
  const metric = metricInputSchema.parse(input);
  try {
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
  } catch (error) {
    if (postgresError(error)?.code === PG_UNIQUE_VIOLATION) {
      throw new BillingError({ code: 'metric_exists', status: 409, message: `A metric with code ${metric.code} already exists`, details: [{ field: 'code', message: 'is taken' }] });
    }
    throw error;
  }
}
