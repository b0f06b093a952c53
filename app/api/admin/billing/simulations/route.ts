import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { simulationInputSchema } from '@/lib/pricing/pricing-schemas';
import { simulatePricing } from '@/lib/pricing/simulate-pricing';

// POST /api/admin/billing/simulations - each customer of a plan, their last invoiced period re-rated under
// proposed charges; nothing is written, so a viewer may run it too
export const POST = withAdmin(
  async ({ req, db }) => {
    const input = await readJson(req, simulationInputSchema);
    return Response.json(await simulatePricing(db, input));
  },
  { writesNothing: true },
);
