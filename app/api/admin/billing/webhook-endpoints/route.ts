import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { listWebhookEndpoints } from '@/lib/webhooks/list-webhook-endpoints';
import { createWebhookEndpointSchema, listWebhookEndpointsQuery } from '@/lib/webhooks/webhook-endpoint-schemas';

// GET /api/admin/billing/webhook-endpoints?limit=&starting_after= - newest first; never the secrets
export const GET = withAdmin(async ({ req, db }) => {
  const query = listWebhookEndpointsQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listWebhookEndpoints(db, query));
});

// POST /api/admin/billing/webhook-endpoints - {url, events, description?}; the answer is the only
// time the signing secret is shown. A URL that is not https or reaches a private address is a 422.
export const POST = withAdmin(async ({ req, db, actor }) => {
  const input = await readJson(req, createWebhookEndpointSchema);
  const created = await createWebhookEndpoint(db, input, { actor });
  return Response.json(created, { status: 201, headers: { 'cache-control': 'no-store' } });
});
