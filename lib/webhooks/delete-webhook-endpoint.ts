// DELETE /api/admin/billing/webhook-endpoints/[id]: the endpoint and its delivery log (the events
// themselves stay in the outbox); nothing more is sent to it.
import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Db } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { getWebhookEndpointOrThrow } from './get-webhook-endpoint';

export async function deleteWebhookEndpoint(db: Db, id: string, { actor }: { actor: Actor }) {
  return db.transaction(async (tx) => {
    const endpoint = await getWebhookEndpointOrThrow(tx, id, { lock: true });
    // its webhook_deliveries go with it (on delete cascade)
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await writeAuditEntries(tx, actor, [
      { action: 'webhook_endpoint.deleted', entityType: 'webhook_endpoint', entityId: id, details: { url: endpoint.url, events: endpoint.events, before: { url: endpoint.url, events: endpoint.events, enabled: endpoint.enabled }, after: null } },
    ]);
    return { id, deleted: true as const };
  });
}
