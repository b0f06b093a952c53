import { setBudgetSchema } from '@/lib/budgets/budget-schemas';
import { getBudgetStatus } from '@/lib/budgets/get-budget';
import { removeBudget } from '@/lib/budgets/remove-budget';
import { setBudget } from '@/lib/budgets/set-budget';
import { ownCustomerId } from '@/lib/customers/update-own-billing-details';
import { forbidden } from '@/lib/errors/billing-error';
import { readJson, withUser, type UserContext } from '@/lib/http/route-handlers';

/** The signed-in customer's own account (read under RLS); admins use /api/admin/billing/customers/[id]/budget. */
function customerSession(ctx: UserContext) {
  if (ctx.principal.kind !== 'customer') throw forbidden('This is a customer’s own budget: admins use /api/admin/billing/customers/[id]/budget');
  return ctx.principal.session;
}

// GET /api/billing/budget - the customer's budget and the open period's spend against it; 404 no_budget when none
export const GET = withUser(async (ctx) => {
  const customerId = await ownCustomerId(ctx.db, customerSession(ctx));
  return Response.json(await getBudgetStatus(ctx.db, customerId, { now: ctx.now }), { headers: { 'cache-control': 'no-store' } });
});

// PUT /api/billing/budget - {amount, currency?, notify_at_percent?}: sets or replaces the budget; audit-logged
export const PUT = withUser(async (ctx) => {
  const session = customerSession(ctx);
  const input = await readJson(ctx.req, setBudgetSchema);
  const customerId = await ownCustomerId(ctx.db, session);
  await setBudget(ctx.db, customerId, input, { actor: ctx.principal.actor, now: ctx.now });
  return Response.json(await getBudgetStatus(ctx.db, customerId, { now: ctx.now }));
});

// DELETE /api/billing/budget - removes the budget; 404 no_budget when none; audit-logged
export const DELETE = withUser(async (ctx) => {
  const customerId = await ownCustomerId(ctx.db, customerSession(ctx));
  return Response.json(await removeBudget(ctx.db, customerId, { actor: ctx.principal.actor }));
});
