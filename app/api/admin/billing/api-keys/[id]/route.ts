import { z } from 'zod';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { notFound } from '@/lib/errors/billing-error';
import { withAdmin } from '@/lib/http/route-handlers';

// DELETE /api/admin/billing/api-keys/[id] - revoke; the key stops working at once
export const DELETE = withAdmin(async ({ params, db, actor, now }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound('API key');
  return Response.json(await revokeApiKey(db, id.data, actor, now));
});
