import { listAuditEntries, listAuditEntriesQuery } from '@/lib/audit/list-audit-entries';
import { withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/audit-log?entity_type=&entity_id=&action=&customer_id=&actor_type=&actor_id=&limit=&starting_after=
// - the workspace's audit entries, newest first; an unknown parameter or a malformed value is a 422 naming it
export const GET = withAdmin(async ({ req, db }) => {
  const query = listAuditEntriesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listAuditEntries(db, query));
});
