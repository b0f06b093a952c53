import { withAdmin } from '@/lib/http/route-handlers';
import { listEmails, listEmailsQuery } from '@/lib/notifications/list-emails';

// GET /api/admin/billing/emails?customer_id=&type=&status=&limit=&starting_after= - the workspace's
// emails, newest first; an unknown type or status is a 422 naming it
export const GET = withAdmin(async ({ req, db }) => {
  const query = listEmailsQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listEmails(db, query));
});
