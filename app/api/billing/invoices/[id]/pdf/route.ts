import { documentFileName } from '@/lib/documents/invoice-document';
import { renderInvoicePdf } from '@/lib/documents/invoice-pdf';
import { loadRequestedInvoice } from '@/lib/http/requested-invoice';
import { withUser } from '@/lib/http/route-handlers';

// GET /api/billing/invoices/[id]/pdf - the invoice as a PDF; another customer's, a draft shown to a
// customer, or a malformed id are all 404
export const GET = withUser(async (ctx) => {
  const view = await loadRequestedInvoice(ctx);
  const pdf = await renderInvoicePdf(view, ctx.config.bank);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${documentFileName(view, 'pdf')}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
