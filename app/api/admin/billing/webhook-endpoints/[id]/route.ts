import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { deleteWebhookEndpoint } from '@/lib/webhooks/delete-webhook-endpoint';
import { getWebhookEndpointOrThrow } from '@/lib/webhooks/get-webhook-endpoint';
import { toWebhookEndpointJson } from '@/lib/webhooks/to-webhook-endpoint-json';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';
import { updateWebhookEndpointSchema } from '@/lib/webhooks/webhook-endpoint-schemas';

// GET /api/admin/billing/webhook-endpoints/[id] - one endpoint, without its secret
export const GET = withAdmin(async ({ params, db }) => Response.json(toWebhookEndpointJson(await getWebhookEndpointOrThrow(db, params.id ?? ''))));

// PATCH /api/admin/billing/webhook-endpoints/[id] - any of url, events, description, enabled
export const PATCH = withAdmin(async ({ req, params, db, actor }) => {
  const change = await readJson(req, updateWebhookEndpointSchema);
  return Response.json(await updateWebhookEndpoint(db, params.id ?? '', change, { actor }));
});

// DELETE /api/admin/billing/webhook-endpoints/[id] - the endpoint and its delivery log
export const DELETE = withAdmin(async ({ params, db, actor }) => Response.json(await deleteWebhookEndpoint(db, params.id ?? '', { actor })));
