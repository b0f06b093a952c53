import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { createSubscriptionSchema, listSubscriptionsQuery } from '@/lib/subscriptions/subscription-schemas';
import { getSubscriptionView, listSubscriptions } from '@/lib/subscriptions/subscription-view';

// GET /api/admin/billing/subscriptions?status=&customer_id=&plan_code=&limit=&starting_after= - newest first
export const GET = withAdmin(async ({ req, db }) => {
  const query = listSubscriptionsQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listSubscriptions(db, query));
});

// POST /api/admin/billing/subscriptions - {customer_id, plan_code, start_date?, trial_days?}: on the
// plan's current version, with its first billing period; a second live subscription is a 409, a plan
// in another currency than the customer's a 422
export const POST = withAdmin(async ({ req, db, now, actor, config }) => {
  const input = await readJson(req, createSubscriptionSchema);
  const subscription = await createSubscription(db, input, { actor, now, config: config });
  return Response.json(await getSubscriptionView(db, subscription.id), { status: 201 });
});
