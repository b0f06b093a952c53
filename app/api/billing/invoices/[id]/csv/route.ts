import { documentFileName } from '@/lib/documents/invoice-document';
import { invoiceCsv } from '@/lib/documents/invoice-csv';
import { loadRequestedInvoice } from '@/lib/http/requested-invoice';
import { withUser } from '@/lib/http/route-handlers';

// GET /api/billing/invoices/[id]/csv - the invoice as CSV in Vigint's layout; another customer's, a
// draft shown to a customer, or a malformed id are all 404
export const GET = withUser(async (ctx) => {
  const view = await loadRequestedInvoice(ctx);
  return new Response(invoiceCsv(view), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${documentFileName(view, 'csv')}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
