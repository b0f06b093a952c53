// Endpoints and deliveries as the API shows them. The secret is never part of these: it is shown once,
// in the answer that creates the endpoint (create-webhook-endpoint.ts).
import type { webhookDeliveries, webhookEndpoints } from '@/lib/db/schema';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The event's id, in the body and in `webhook-id`: its outbox row's uuid, prefixed, the same on every retry. */
export function webhookEventId(outboxId: string): string {
  return `msg_${outboxId.replace(/-/g, '')}`;
}

export function toWebhookEndpointJson(e: EndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    /** since when every attempt has failed; null while deliveries succeed */
    failing_since: iso(e.failingSince),
    created: e.createdAt.toISOString(),
    updated: e.updatedAt.toISOString(),
  };
}
export type WebhookEndpointJson = ReturnType<typeof toWebhookEndpointJson>;

export function toWebhookDeliveryJson(d: DeliveryRow) {
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    event_id: webhookEventId(d.messageId),
    type: d.eventType,
    status: d.status,
    attempts: d.attempts,
    response_status: d.responseStatus,
    last_error: d.lastError,
    // only a pending delivery has a next attempt
    next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    delivered_at: iso(d.deliveredAt),
    created: d.createdAt.toISOString(),
  };
}
export type WebhookDeliveryJson = ReturnType<typeof toWebhookDeliveryJson>;
