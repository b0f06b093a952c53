import { setBudgetSchema } from '@/lib/budgets/budget-schemas';
import { getBudgetStatus } from '@/lib/budgets/get-budget';
import { removeBudget } from '@/lib/budgets/remove-budget';
import { setBudget } from '@/lib/budgets/set-budget';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/customers/[id]/budget - the customer's budget and open-period spend; 404 no_budget when none
export const GET = withAdmin(async ({ params, db, now }) => {
  const customer = await getCustomerOrThrow(db, params.id ?? '');
  return Response.json(await getBudgetStatus(db, customer.id, { now }));
});

// PUT /api/admin/billing/customers/[id]/budget - sets the budget on the customer's behalf (as the customer's PUT)
export const PUT = withAdmin(async ({ req, params, db, now, actor }) => {
  const input = await readJson(req, setBudgetSchema);
  const customer = await getCustomerOrThrow(db, params.id ?? '');
  await setBudget(db, customer.id, input, { actor, now });
  return Response.json(await getBudgetStatus(db, customer.id, { now }));
});

// DELETE /api/admin/billing/customers/[id]/budget - removes it; 404 no_budget when none
export const DELETE = withAdmin(async ({ params, db, actor }) => {
  const customer = await getCustomerOrThrow(db, params.id ?? '');
  return Response.json(await removeBudget(db, customer.id, { actor }));
});
