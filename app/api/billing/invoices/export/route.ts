import { exportFileName, invoiceExportCsv, parseExportRange } from '@/lib/documents/invoice-export';
import { listExportInvoices } from '@/lib/documents/list-export-invoices';
import { withAdmin } from '@/lib/http/route-handlers';

// GET /api/billing/invoices/export?from=YYYY-MM-DD&to=YYYY-MM-DD - the accounting export: every issued
// invoice whose issue date (UTC) falls in [from, to], one CSV row each. This static segment takes
// precedence over the sibling [id] route.
export const GET = withAdmin(async ({ req, db }) => {
  const range = parseExportRange(req.nextUrl.searchParams);
  const csv = invoiceExportCsv(await listExportInvoices(db, range));
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(range)}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
