import { withAdmin } from '@/lib/http/route-handlers';
import { listUsageEvents, listUsageEventsQuery } from '@/lib/usage/list-usage-events';

// GET /api/admin/billing/usage/events?customer_id=&metric=&limit=&starting_after= - raw events, newest first
export const GET = withAdmin(async ({ req, db }) => {
  const query = listUsageEventsQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listUsageEvents(db, query));
});
