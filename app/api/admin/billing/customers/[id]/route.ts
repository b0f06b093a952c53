import { toCustomerView, updateCustomerSchema } from '@/lib/customers/customer-schemas';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { updateCustomer } from '@/lib/customers/update-customer';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/customers/[id] - one customer; unknown or malformed ids are 404
export const GET = withAdmin(async ({ params, db }) => {
  return Response.json(toCustomerView(await getCustomerOrThrow(db, params.id ?? '')));
});

// PATCH /api/admin/billing/customers/[id] - any of the customer's fields; audit-logged. The currency
// is fixed once the customer has a subscription or invoices (409).
export const PATCH = withAdmin(async ({ req, params, db, now, actor }) => {
  const change = await readJson(req, updateCustomerSchema);
  return Response.json(toCustomerView(await updateCustomer(db, params.id ?? '', change, { actor, now })));
});
