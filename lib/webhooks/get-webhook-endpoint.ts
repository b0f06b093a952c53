import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';

const idSchema = z.uuid();

/** The endpoint with this id in the caller's workspace; a malformed id is as unknown as a missing one (404). */
export async function getWebhookEndpointOrThrow(db: Queryable, id: string, { lock = false }: { lock?: boolean } = {}) {
  if (!idSchema.safeParse(id).success) throw notFound('Webhook endpoint');
  const query = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Webhook endpoint');
  return row;
}
