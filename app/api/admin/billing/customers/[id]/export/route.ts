import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { withAdmin } from '@/lib/http/route-handlers';
import { customerExportResponse } from '@/lib/privacy/export-response';

// GET /api/admin/billing/customers/[id]/export - everything held about the customer, one streamed JSON document (GDPR access)
export const GET = withAdmin(async ({ params, database, now }) => {
  const customer = await getCustomerOrThrow(database.db, params.id ?? '');
  return customerExportResponse(database, customer.id, now);
});
