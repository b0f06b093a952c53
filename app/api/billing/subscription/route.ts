import { notFound } from '@/lib/errors/billing-error';
import { withUser } from '@/lib/http/route-handlers';
import { getCustomerSubscription } from '@/lib/subscriptions/subscription-view';
import { forCustomerScope } from '@/lib/http/customer-scope';

// GET /api/billing/subscription - the customer's subscription: {tier, status, current_period_start,
// current_period_end, cancel_at_period_end, amount, interval, currency}; admins name ?customer_id=
export const GET = withUser(async (ctx) => {
  const subscription = await forCustomerScope(ctx, (db, customerId) => getCustomerSubscription(db, customerId, ctx.now));
  if (!subscription) throw notFound('Subscription');
  return Response.json(subscription, { headers: { 'cache-control': 'no-store' } });
});
