import { createCustomer } from '@/lib/customers/create-customer';
import { createCustomerSchema, listCustomersQuery, toCustomerView } from '@/lib/customers/customer-schemas';
import { listCustomers } from '@/lib/customers/list-customers';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/customers?query=&status=&limit=&starting_after= - newest first; query
// searches name, email and external id
export const GET = withAdmin(async ({ req, db }) => {
  const query = listCustomersQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listCustomers(db, query));
});

// POST /api/admin/billing/customers - a new customer; an external_id already in use is a 409
export const POST = withAdmin(async ({ req, db, now, actor, config }) => {
  const input = await readJson(req, createCustomerSchema);
  const customer = await createCustomer(db, input, { actor, now, defaultCurrency: config.defaultCurrency });
  return Response.json(toCustomerView(customer), { status: 201 });
});
