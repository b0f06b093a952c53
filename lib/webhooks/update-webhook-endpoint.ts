// PATCH /api/admin/billing/webhook-endpoints/[id]: its url, events, description, or enabled. A new
// URL is checked as a new endpoint's is. Enabling an endpoint (again) forgets its run of failures, so
// one that was disabled for failing gets three fresh days; its pending deliveries resume.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Db } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { assertWebhookUrl, type WebhookUrlOptions } from './assert-webhook-url';
import { getWebhookEndpointOrThrow } from './get-webhook-endpoint';
import { toWebhookEndpointJson } from './to-webhook-endpoint-json';
import { updateWebhookEndpointSchema, type UpdateWebhookEndpointInput } from './webhook-endpoint-schemas';

export const DISABLED_BY_ADMIN = 'disabled by an admin';

export async function updateWebhookEndpoint(db: Db, id: string, input: UpdateWebhookEndpointInput, { actor, ...urlOptions }: { actor: Actor } & WebhookUrlOptions) {
  const change = updateWebhookEndpointSchema.parse(input);
  // a malformed or unknown id is a 404 before the URL is looked up
  const current = await getWebhookEndpointOrThrow(db, id);
  if (change.url !== undefined && change.url !== current.url) await assertWebhookUrl(change.url, urlOptions);
  return db.transaction(async (tx) => {
    const before = await getWebhookEndpointOrThrow(tx, id, { lock: true });
    const set: Partial<typeof webhookEndpoints.$inferInsert> = {};
    if (change.url !== undefined) set.url = change.url;
    if (change.events !== undefined) set.events = change.events;
    if (change.description !== undefined) set.description = change.description;
    if (change.enabled !== undefined && change.enabled !== before.enabled) {
      set.enabled = change.enabled;
      set.disabledReason = change.enabled ? null : DISABLED_BY_ADMIN;
      if (change.enabled) set.failingSince = null;
    }
    const [after] = await tx
      .update(webhookEndpoints)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    const fields = ['url', 'events', 'description', 'enabled'] as const;
    const changed = fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after![f]));
    if (changed.length > 0) {
      await writeAuditEntries(tx, actor, [
        {
          action: 'webhook_endpoint.updated',
          entityType: 'webhook_endpoint',
          entityId: id,
          details: {
            before: Object.fromEntries(changed.map((f) => [f, before[f]])),
            after: Object.fromEntries(changed.map((f) => [f, after![f]])),
          },
        },
      ]);
    }
    return toWebhookEndpointJson(after!);
  });
}
