import { withAdmin } from '@/lib/http/route-handlers';
import { getMargins } from '@/lib/margins/get-margins';

// GET /api/admin/billing/margins?from=&to= - revenue, cost and gross margin of the invoices issued
// from `from` to `to` (UTC days, both included), per currency, plan and customer
export const GET = withAdmin(async ({ req, db }) => {
  const params = req.nextUrl.searchParams;
  const margins = await getMargins(db, { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined } as { from: string; to: string });
  return Response.json(margins, { headers: { 'cache-control': 'no-store' } });
});
