import 'server-only';
import { asc, isNull } from 'drizzle-orm';
import { decimalString } from '@/lib/billing/money';
import { billableMetrics } from '@/lib/db/schema';
import type { AdminWorkspace } from './require-admin';

export type MetricUnitCost = { code: string; name: string; unit: string; unitCost: string | null; unitCostCurrency: string | null };

/** The workspace's live metrics with what a unit costs, for the pricing page's unit-cost forms. */
export async function listMetricUnitCosts({ database }: AdminWorkspace): Promise<MetricUnitCost[]> {
  const rows = await database.db
    .select({ code: billableMetrics.code, name: billableMetrics.name, unit: billableMetrics.unit, unitCost: billableMetrics.unitCost, unitCostCurrency: billableMetrics.unitCostCurrency })
    .from(billableMetrics)
    .where(isNull(billableMetrics.archivedAt))
    .orderBy(asc(billableMetrics.name));
  return rows.map((r) => ({ ...r, unitCost: r.unitCost === null ? null : decimalString(r.unitCost) }));
}
