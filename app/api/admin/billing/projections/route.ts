import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { projectCosts, projectionInputSchema } from '@/lib/pricing/project-costs';

// POST /api/admin/billing/projections - the CostProjector: {expected_calls_per_month, api_cost_per_call,
// proposed_price_per_1k, service_type?} → a month's cost, revenue, profit, margin and a recommendation,
// in the workspace's default currency. It writes nothing, so viewers may use it too.
export const POST = withAdmin(
  async ({ req, config }) => {
    const input = await readJson(req, projectionInputSchema);
    return Response.json(projectCosts(input, config.defaultCurrency));
  },
  { writesNothing: true },
);
