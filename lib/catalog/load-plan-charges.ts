// A plan's charges in the shape the pricing core rates (lib/billing/rating). The estimate on the
// dashboard and the invoice at period end both load charges here, so they rate the same way.
import { sql } from 'drizzle-orm';
import type { RatedChargeInput } from '@/lib/billing/rating';
import type { PriceTier } from '@/lib/billing/charges';
import { selectRows, type Queryable } from '@/lib/db/client';

type ChargeRow = {
  id: string;
  model: RatedChargeInput['model'];
  description: string | null;
  amount: string | null;
  unit_price: string | null;
  package_size: string | null;
  included_units: string;
  tiers: PriceTier[] | null;
  filters: Record<string, string>;
  metric_code: string | null;
  metric_name: string | null;
};

export async function loadPlanCharges(db: Queryable, planId: string): Promise<RatedChargeInput[]> {
  const rows = await selectRows<ChargeRow>(
    db,
    sql`select c.id, c.model, c.description, c.amount, c.unit_price, c.package_size, c.included_units, c.tiers, c.filters,
               m.code as metric_code, m.name as metric_name
          from plan_charges c left join billable_metrics m on m.id = c.metric_id
         where c.plan_id = ${planId}
         order by c.position`,
  );
  return rows.map((c) => ({
    id: c.id,
    metric_code: c.metric_code,
    model: c.model,
    amount: c.amount,
    unit_price: c.unit_price,
    package_size: c.package_size,
    included_units: c.included_units,
    tiers: c.tiers,
    filters: c.filters,
    description: c.description ?? c.metric_name ?? 'Subscription fee',
  }));
}
