import { z } from 'zod';
import { notFound } from '@/lib/errors/billing-error';
import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { cancelNowSchema, cancelSubscriptionNow } from '@/lib/subscriptions/cancel-subscription-now';
import { getSubscriptionView } from '@/lib/subscriptions/subscription-view';

const idSchema = z.uuid();

// POST /api/admin/billing/subscriptions/[id]/cancel - {invoice_now?, reason?}: ends the subscription now,
// its running period cut here and billed for the part before (at once with invoice_now), fees paid in
// advance credited for the rest. 409 when it has ended or Stripe bills its fee. Audit-logged.
export const POST = withAdmin(async ({ req, params, database, now, actor, config }) => {
  const id = params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Subscription');
  const input = await readJson(req, cancelNowSchema);
  const result = await cancelSubscriptionNow(database, id, input, { now, actor, config });
  return Response.json({ ...(await getSubscriptionView(database.db, result.subscription.id)), credit_note_id: result.creditNoteId, invoice_ids: result.invoiceIds });
});
