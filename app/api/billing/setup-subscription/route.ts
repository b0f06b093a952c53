import { z } from 'zod';
import { planCodeSchema } from '@/lib/catalog/catalog-schemas';
import { forbidden } from '@/lib/errors/billing-error';
import { readJson, withUser, type UserContext } from '@/lib/http/route-handlers';
import { cancelOwnSubscription, setupSubscription } from '@/lib/payments/setup-subscription';
import { forCustomerScope } from '@/lib/http/customer-scope';

const bodySchema = z.strictObject({ plan_code: planCodeSchema });

/** The signed-in customer's own id (read under RLS); these routes are for customers. */
async function ownCustomerId(ctx: UserContext): Promise<string> {
  if (ctx.principal.kind !== 'customer') throw forbidden('Customers subscribe themselves; admins use /api/admin/billing/subscriptions');
  return forCustomerScope(ctx, async (_db, customerId) => customerId);
}

// POST /api/billing/setup-subscription - {plan_code} → {subscription_id, status, client_secret}:
// creates or reuses the subscription and its Stripe subscription for the plan's recurring fee
export const POST = withUser(async (ctx) => {
  const { plan_code } = await readJson(ctx.req, bodySchema);
  const customerId = await ownCustomerId(ctx);
  return Response.json(await setupSubscription(ctx.db, ctx.stripe, customerId, plan_code, { now: ctx.now, actor: ctx.principal.actor, config: ctx.config }));
});

// DELETE /api/billing/setup-subscription - cancel at the end of the current period
export const DELETE = withUser(async (ctx) => {
  const customerId = await ownCustomerId(ctx);
  return Response.json(await cancelOwnSubscription(ctx.db, ctx.stripe, customerId, { now: ctx.now, actor: ctx.principal.actor }));
});
