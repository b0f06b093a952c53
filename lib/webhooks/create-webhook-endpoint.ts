// POST /api/admin/billing/webhook-endpoints: a new endpoint and its signing secret, which this answer
// is the only one to show. It receives the events queued from now on (queue-notifications.ts).
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Db } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { assertWebhookUrl, type WebhookUrlOptions } from './assert-webhook-url';
import { generateWebhookSecret } from './sign-webhook';
import { toWebhookEndpointJson } from './to-webhook-endpoint-json';
import { createWebhookEndpointSchema, type CreateWebhookEndpointInput } from './webhook-endpoint-schemas';

export async function createWebhookEndpoint(db: Db, input: CreateWebhookEndpointInput, { actor, ...urlOptions }: { actor: Actor } & WebhookUrlOptions) {
  const e = createWebhookEndpointSchema.parse(input);
  await assertWebhookUrl(e.url, urlOptions);
  const secret = generateWebhookSecret();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx.insert(webhookEndpoints).values({ url: e.url, events: e.events, description: e.description ?? null, secret }).returning();
    await writeAuditEntries(tx, actor, [
      {
        action: 'webhook_endpoint.created',
        entityType: 'webhook_endpoint',
        entityId: created!.id,
        // never the secret
        details: { url: created!.url, events: created!.events, description: created!.description, after: { url: created!.url, events: created!.events, description: created!.description, enabled: created!.enabled } },
      },
    ]);
    return created!;
  });
  return { ...toWebhookEndpointJson(row), secret };
}
