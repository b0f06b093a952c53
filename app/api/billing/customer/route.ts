import { toCustomerView } from '@/lib/customers/customer-schemas';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { ownBillingDetailsSchema, ownCustomerId, updateOwnBillingDetails } from '@/lib/customers/update-own-billing-details';
import { forbidden } from '@/lib/errors/billing-error';
import { readJson, withUser, type UserContext } from '@/lib/http/route-handlers';

function customerSession(ctx: UserContext) {
  if (ctx.principal.kind !== 'customer') throw forbidden('This is a customer’s own account: admins change customers at /api/admin/billing/customers/[id]');
  return ctx.principal.session;
}

// GET /api/billing/customer - the signed-in customer's billing account (as the admin API shows a customer)
export const GET = withUser(async (ctx) => {
  const id = await ownCustomerId(ctx.db, customerSession(ctx));
  return Response.json(toCustomerView(await getCustomerOrThrow(ctx.db, id)), { headers: { 'cache-control': 'no-store' } });
});

// PATCH /api/billing/customer - {billing_emails: [...]}: where the customer's billing mail goes (up to 5)
export const PATCH = withUser(async (ctx) => {
  const session = customerSession(ctx);
  const change = await readJson(ctx.req, ownBillingDetailsSchema);
  return Response.json(toCustomerView(await updateOwnBillingDetails(ctx.db, session, change, { now: ctx.now })));
});
