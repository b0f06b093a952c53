// A change to a billable metric's name, unit, description or unit cost. Unlike a plan it is not
// versioned: none of these changes what was counted or billed. The unit cost feeds the margins report
// (lib/margins), which prices every billed unit at the cost the metric carries when the report runs.
import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { decimalString } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { metricPatchSchema, type MetricPatch } from './catalog-schemas';

type MetricRow = typeof billableMetrics.$inferSelect;
type Changes = Record<string, { from: string | null; to: string | null }>;

const invalid = (field: string, message: string) => new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field, message }] });

/** Applies `patch` to metric `code` in one transaction, audit-logged with each field's before and after. */
export async function updateMetric(db: Queryable, code: string, patchInput: MetricPatch, { actor, defaultCurrency }: { actor: Actor; defaultCurrency: string }): Promise<MetricRow> {
  const patch = metricPatchSchema.parse(patchInput);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(billableMetrics).where(eq(billableMetrics.code, code)).for('update');
    if (!current) throw notFound('Metric');

    let unitCost = current.unitCost;
    let unitCostCurrency = current.unitCostCurrency;
    if (patch.unit_cost === null) {
      if (patch.unit_cost_currency !== undefined) throw invalid('unit_cost_currency', 'leave it out when clearing unit_cost');
      [unitCost, unitCostCurrency] = [null, null];
    } else if (patch.unit_cost !== undefined) {
      unitCost = patch.unit_cost;
      unitCostCurrency = patch.unit_cost_currency ?? current.unitCostCurrency ?? defaultCurrency.toLowerCase();
    } else if (patch.unit_cost_currency !== undefined) {
      if (current.unitCost === null) throw invalid('unit_cost_currency', 'the metric has no unit_cost; give unit_cost with it');
      unitCostCurrency = patch.unit_cost_currency;
    }

    const next = {
      name: patch.name ?? current.name,
      unit: patch.unit ?? current.unit,
      description: patch.description === undefined ? current.description : patch.description,
      unitCost,
      unitCostCurrency,
    };
    const shown = (value: string | null, isDecimal = false) => (value === null ? null : isDecimal ? decimalString(value) : value);
    const changes: Changes = {};
    const compare = (field: string, from: string | null, to: string | null) => {
      if (from !== to) changes[field] = { from, to };
    };
    compare('name', current.name, next.name);
    compare('unit', current.unit, next.unit);
    compare('description', current.description, next.description);
    compare('unit_cost', shown(current.unitCost, true), shown(next.unitCost, true));
    compare('unit_cost_currency', current.unitCostCurrency, next.unitCostCurrency);
    // nothing different: no write and no audit entry, so a retried PATCH leaves one trace
    if (Object.keys(changes).length === 0) return current;

    const [row] = await tx.update(billableMetrics).set(next).where(eq(billableMetrics.id, current.id)).returning();
    await writeAuditEntries(tx, actor, [
      {
        action: 'metric.updated',
        entityType: 'billable_metric',
        entityId: current.id,
        details: {
          code,
          changes,
          before: Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.from])),
          after: Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.to])),
        },
      },
    ]);
    return row!;
  });
}
