import { withUser } from '@/lib/http/route-handlers';
import { listPaymentMethods } from '@/lib/payments/list-payment-methods';
import { forCustomerScope } from '@/lib/http/customer-scope';

// GET /api/billing/payment-methods - the customer's cards and SEPA mandates (admins: ?customer_id=);
// `configured` says whether card payments are set up at all
export const GET = withUser(async (ctx) => {
  const data = await forCustomerScope(ctx, (db, customerId) => listPaymentMethods(db, customerId));
  return Response.json({ data, has_more: false, configured: ctx.stripe !== null }, { headers: { 'cache-control': 'no-store' } });
});
