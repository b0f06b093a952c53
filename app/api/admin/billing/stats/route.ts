import { billingConfig } from '@/lib/config/billing-config';
import { withAdmin } from '@/lib/http/route-handlers';
import { getRevenueSummary } from '@/lib/revenue/revenue-summary';

// GET /api/admin/billing/stats - customers, subscriptions by state, MRR/ARR in the default currency
// (other currencies in mrr_by_currency) and MRR by plan
export const GET = withAdmin(async ({ db }) => {
  return Response.json(await getRevenueSummary(db, billingConfig().defaultCurrency));
});
