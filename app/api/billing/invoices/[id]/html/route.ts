import { INVOICE_HTML_CSP, renderInvoiceHtml } from '@/lib/documents/invoice-html';
import { loadRequestedInvoice } from '@/lib/http/requested-invoice';
import { withUser } from '@/lib/http/route-handlers';

// GET /api/billing/invoices/[id]/html - the invoice as a standalone printable page; another
// customer's, a draft shown to a customer, or a malformed id are all 404
export const GET = withUser(async (ctx) => {
  const view = await loadRequestedInvoice(ctx);
  return new Response(renderInvoiceHtml(view, ctx.config.bank), {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': INVOICE_HTML_CSP,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
