import { withAdmin } from '@/lib/http/route-handlers';
import { getRevenueSummary } from '@/lib/revenue/revenue-summary';

// GET /api/admin/billing/stats - customers, subscriptions by state, MRR/ARR in the default currency
// (other currencies in mrr_by_currency) and MRR by plan
export const GET = withAdmin(async ({ db, config }) => {
  return Response.json(await getRevenueSummary(db, config.defaultCurrency));
});
