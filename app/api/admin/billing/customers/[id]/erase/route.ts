import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { eraseCustomer, eraseCustomerSchema } from '@/lib/privacy/erase-customer';

// POST /api/admin/billing/customers/[id]/erase - {reason}: erases the customer's personal data, then their Stripe customer (or leaves that to the automation run); 409 while a subscription is live or money is due
export const POST = withAdmin(async ({ req, params, database, now, actor, stripe }) => {
  const input = await readJson(req, eraseCustomerSchema);
  return Response.json(await eraseCustomer(database, params.id ?? '', input, { actor, now, stripe }));
});
