// The plans and metrics a billing run rates with. A plan version's charges never change (a change
// makes a new version), so they are read once per run rather than once per period.
import { sql } from 'drizzle-orm';
import type { RatedChargeInput } from '@/lib/billing/rating';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import { selectRows, type Queryable } from '@/lib/db/client';
import { loadMetrics, type MetricInfo } from '@/lib/usage/measure-usage';

export type PlanInfo = { id: string; code: string; currency: string; charges: RatedChargeInput[] };

/** Plans and metrics for a run, each read once. */
export class BillingCatalog {
  private plans = new Map<string, PlanInfo>();
  private metrics: MetricInfo[] | null = null;

  async plan(tx: Queryable, planId: string): Promise<PlanInfo> {
    let plan = this.plans.get(planId);
    if (!plan) {
      const [row] = await selectRows<Omit<PlanInfo, 'charges'>>(tx, sql`select id, code, currency from plans where id = ${planId}`);
      if (!row) throw new Error(`plan ${planId} not found`);
      plan = { ...row, charges: await loadPlanCharges(tx, planId) };
      this.plans.set(planId, plan);
    }
    return plan;
  }

  async plansOf(tx: Queryable, planIds: string[]): Promise<Map<string, PlanInfo>> {
    const plans = new Map<string, PlanInfo>();
    for (const id of new Set(planIds)) plans.set(id, await this.plan(tx, id));
    return plans;
  }

  async allMetrics(tx: Queryable): Promise<MetricInfo[]> {
    this.metrics ??= await loadMetrics(tx);
    return this.metrics;
  }
}

