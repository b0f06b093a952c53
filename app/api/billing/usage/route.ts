import { z } from 'zod';
import { readJson, withAdmin, withUser } from '@/lib/http/route-handlers';
import { snapshotOpenPeriod } from '@/lib/usage/capture-usage-snapshot';
import { forCustomerScope } from '@/lib/http/customer-scope';
import { getUsageSummary } from '@/lib/usage/usage-summary';

const querySchema = z.object({
  include_estimate: z.enum(['true', 'false']).optional(),
});

// GET /api/billing/usage - today, month to date and the open period per metric, with included
// allowance and overage; ?include_estimate=true adds the invoice the open period would produce
export const GET = withUser(async (ctx) => {
  const query = querySchema.parse({ include_estimate: ctx.req.nextUrl.searchParams.get('include_estimate') ?? undefined });
  const summary = await forCustomerScope(ctx, (db, customerId) =>
    getUsageSummary(db, { customerId, now: ctx.now, includeEstimate: query.include_estimate === 'true', defaultTaxRate: ctx.config.defaultTaxRate }),
  );
  return Response.json(summary, { headers: { 'cache-control': 'no-store' } });
});

// POST /api/billing/usage - {customer_id}: snapshot the customer's open period
export const POST = withAdmin(async ({ req, db, now, actor }) => {
  const { customer_id } = await readJson(req, z.strictObject({ customer_id: z.uuid({ message: 'must be a customer id (uuid)' }) }));
  const snapshot = await db.transaction((tx) => snapshotOpenPeriod(tx, { customerId: customer_id, now, actor }));
  return Response.json(snapshot, { status: 201 });
});
