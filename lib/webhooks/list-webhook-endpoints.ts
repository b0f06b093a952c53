// GET /api/admin/billing/webhook-endpoints: newest first, paged with starting_after (API.md
// conventions); never the secrets.
import { and, desc, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { toWebhookEndpointJson } from './to-webhook-endpoint-json';
import type { ListWebhookEndpointsQuery } from './webhook-endpoint-schemas';

export async function listWebhookEndpoints(db: Queryable, query: ListWebhookEndpointsQuery = {}, { defaultLimit = 100 }: { defaultLimit?: number } = {}) {
  const limit = query.limit ?? defaultLimit;
  const conditions: (SQL | undefined)[] = [];
  if (query.starting_after) {
    conditions.push(sql`(${webhookEndpoints.createdAt}, ${webhookEndpoints.id}) < (select e.created_at, e.id from webhook_endpoints e where e.id = ${query.starting_after})`);
  }
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(...conditions))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map(toWebhookEndpointJson), has_more: rows.length > limit };
}
