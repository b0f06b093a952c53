import { withAdmin } from '@/lib/http/route-handlers';
import { listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';
import { listWebhookDeliveriesQuery } from '@/lib/webhooks/webhook-endpoint-schemas';

// GET /api/admin/billing/webhook-endpoints/[id]/deliveries?status=&limit=&starting_after= - the
// endpoint's delivery log, newest first
export const GET = withAdmin(async ({ req, params, db }) => {
  const query = listWebhookDeliveriesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listWebhookDeliveries(db, params.id ?? '', query));
});
