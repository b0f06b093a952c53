import { listAlertsQuery } from '@/lib/alerts/alert-rule-schemas';
import { listAlerts } from '@/lib/alerts/list-alerts';
import { withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/alerts?status=triggered|resolved&customer_id=&limit=&starting_after= - newest first
export const GET = withAdmin(async ({ req, db }) => {
  const query = listAlertsQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listAlerts(db, query));
});
