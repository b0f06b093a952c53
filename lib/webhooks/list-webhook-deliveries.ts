// GET /api/admin/billing/webhook-endpoints/[id]/deliveries: the endpoint's delivery log, newest first,
// paged with starting_after, optionally one status.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { webhookDeliveries } from '@/lib/db/schema';
import { getWebhookEndpointOrThrow } from './get-webhook-endpoint';
import { toWebhookDeliveryJson } from './to-webhook-endpoint-json';
import type { ListWebhookDeliveriesQuery } from './webhook-endpoint-schemas';

export async function listWebhookDeliveries(db: Queryable, endpointId: string, query: ListWebhookDeliveriesQuery = {}, { defaultLimit = 50 }: { defaultLimit?: number } = {}) {
  await getWebhookEndpointOrThrow(db, endpointId);
  const limit = query.limit ?? defaultLimit;
  const conditions: (SQL | undefined)[] = [eq(webhookDeliveries.endpointId, endpointId)];
  if (query.status) conditions.push(eq(webhookDeliveries.status, query.status));
  if (query.starting_after) {
    conditions.push(sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (select d.created_at, d.id from webhook_deliveries d where d.id = ${query.starting_after})`);
  }
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map(toWebhookDeliveryJson), has_more: rows.length > limit };
}
