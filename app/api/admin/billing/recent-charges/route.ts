import { withAdmin } from '@/lib/http/route-handlers';
import { listRecentCharges, recentChargesQuery } from '@/lib/revenue/list-recent-charges';

// GET /api/admin/billing/recent-charges?limit=&starting_after= - the latest payment attempts, newest first
export const GET = withAdmin(async ({ req, db }) => {
  const query = recentChargesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listRecentCharges(db, query));
});
