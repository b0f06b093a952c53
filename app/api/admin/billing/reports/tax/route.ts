import { withAdmin } from '@/lib/http/route-handlers';
import { queryObject, reportRangeQuery } from '@/lib/revenue/report-query';
import { reportResponse, wantsCsv } from '@/lib/revenue/report-response';
import { getTaxReport, TAX_COLUMNS } from '@/lib/revenue/tax-report';

// GET /api/admin/billing/reports/tax?from=&to=&format= - net and tax of the invoices issued (less the
// credit notes written) in the range, per currency, country, rate and treatment, as JSON or CSV
export const GET = withAdmin(async ({ req, db }) => {
  const { range, format } = reportRangeQuery.parse(queryObject(req.nextUrl.searchParams));
  const report = await getTaxReport(db, range);
  return reportResponse({ csv: wantsCsv(format, req.headers.get('accept')), name: `tax-${range.from}-${range.to}` }, report, TAX_COLUMNS, ['country']);
});
