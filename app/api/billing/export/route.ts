import { ownCustomerId } from '@/lib/customers/update-own-billing-details';
import { forbidden } from '@/lib/errors/billing-error';
import { withUser } from '@/lib/http/route-handlers';
import { customerExportResponse } from '@/lib/privacy/export-response';

// GET /api/billing/export - the signed-in customer's own data, one streamed JSON document (GDPR access and portability)
export const GET = withUser(async (ctx) => {
  if (ctx.principal.kind !== 'customer') throw forbidden('This is a customer’s own export: admins export a customer at /api/admin/billing/customers/[id]/export');
  const id = await ownCustomerId(ctx.db, ctx.principal.session);
  return customerExportResponse(ctx.database, id, ctx.now);
});
