// POST /api/admin/billing/webhook-endpoints/[id]/deliveries/[delivery_id]/retry: a failed or pending
// delivery is due again now and attempted at once; the answer is the delivery after that attempt. A
// failed one gets one more attempt (failed again if it fails); a pending one keeps its schedule if it
// fails. The event's body and id are the ones first sent, so the receiver can tell a repeat.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { webhookDeliveries } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { deliverDueWebhooks, type DeliverWebhooksOptions } from './deliver-due-webhooks';
import { getWebhookEndpointOrThrow } from './get-webhook-endpoint';
import { toWebhookDeliveryJson } from './to-webhook-endpoint-json';

const idSchema = z.uuid();

export async function retryWebhookDelivery(db: Db, endpointId: string, deliveryId: string, options: Omit<DeliverWebhooksOptions, 'only'>) {
  const endpoint = await getWebhookEndpointOrThrow(db, endpointId);
  if (!idSchema.safeParse(deliveryId).success) throw notFound('Webhook delivery');
  const [delivery] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)));
  if (!delivery) throw notFound('Webhook delivery');
  if (!endpoint.enabled) {
    throw new BillingError({ code: 'endpoint_disabled', status: 409, message: 'The endpoint is disabled: enable it first (its pending deliveries then resume)' });
  }
  if (delivery.status === 'succeeded') {
    throw new BillingError({ code: 'invalid_transition', status: 409, message: 'The delivery has succeeded already' });
  }
  await db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: options.now, updatedAt: sql`now()` })
    .where(and(eq(webhookDeliveries.id, deliveryId), inArray(webhookDeliveries.status, ['pending', 'failed'])));
  await deliverDueWebhooks(db, { ...options, only: [deliveryId] });
  const [after] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  if (!after) throw notFound('Webhook delivery');
  return toWebhookDeliveryJson(after);
}
