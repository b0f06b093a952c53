import { withAdmin } from '@/lib/http/route-handlers';
import { getEmailOrThrow } from '@/lib/notifications/get-email-or-throw';

// GET /api/admin/billing/emails/[id] - one email with its html and text; another workspace's or an
// unknown id is a 404
export const GET = withAdmin(async ({ params, db }) => {
  return Response.json(await getEmailOrThrow(db, params.id ?? ''));
});
