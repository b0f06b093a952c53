import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { billableMetrics } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { metricInputSchema, type MetricInput } from './catalog-schemas';

export type CreateMetricOptions = {
  /** with an actor (the admin API) the creation is audit-logged */
  actor?: Actor;
  /** what a unit cost given without unit_cost_currency is in (the workspace's default currency) */
  defaultCurrency?: string;
};

/** A unit cost given without its currency and nowhere to take one from: refused rather than guessed. */
const costCurrencyMissing = () =>
  new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field: 'unit_cost_currency', message: 'is required with unit_cost' }] });

export async function createMetric(db: Queryable, input: MetricInput, { actor, defaultCurrency }: CreateMetricOptions = {}) {
  const metric = metricInputSchema.parse(input);
  const unitCostCurrency = metric.unit_cost === undefined ? null : (metric.unit_cost_currency ?? defaultCurrency ?? null);
  if (metric.unit_cost !== undefined && unitCostCurrency === null) throw costCurrencyMissing();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(billableMetrics)
        .values({
          code: metric.code,
          name: metric.name,
          unit: metric.unit,
          aggregation: metric.aggregation,
          property: metric.property ?? null,
          dimensions: metric.dimensions,
          description: metric.description ?? null,
          unitCost: metric.unit_cost ?? null,
          unitCostCurrency: unitCostCurrency?.toLowerCase() ?? null,
        })
        .returning();
      if (actor) {
        await writeAuditEntries(tx, actor, [
          { action: 'metric.created', entityType: 'billable_metric', entityId: row!.id, details: { code: row!.code, unit_cost: row!.unitCost, unit_cost_currency: row!.unitCostCurrency, after: { code: row!.code, name: row!.name, unit: row!.unit, aggregation: row!.aggregation, property: row!.property, unit_cost: row!.unitCost, unit_cost_currency: row!.unitCostCurrency } } },
        ]);
      }
      return row!;
    });
  } catch (error) {
    if (postgresError(error)?.code === PG_UNIQUE_VIOLATION) {
      throw new BillingError({ code: 'metric_exists', status: 409, message: `A metric with code ${metric.code} already exists`, details: [{ field: 'code', message: 'is taken' }] });
    }
    throw error;
  }
}
