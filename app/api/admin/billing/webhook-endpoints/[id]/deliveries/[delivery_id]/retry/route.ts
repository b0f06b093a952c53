import { withAdmin } from '@/lib/http/route-handlers';
import { retryWebhookDelivery } from '@/lib/webhooks/retry-webhook-delivery';

// POST /api/admin/billing/webhook-endpoints/[id]/deliveries/[delivery_id]/retry - due now, attempted
// at once (the endpoint has 10 s to answer); answers the delivery after the attempt
export const POST = withAdmin(async ({ params, db, now }) => Response.json(await retryWebhookDelivery(db, params.id ?? '', params.delivery_id ?? '', { now })));
