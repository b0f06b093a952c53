import { withAdmin } from '@/lib/http/route-handlers';
import { queryObject, reportRangeQuery } from '@/lib/revenue/report-query';
import { reportResponse, wantsCsv } from '@/lib/revenue/report-response';
import { getRevenueReport, REVENUE_COLUMNS } from '@/lib/revenue/revenue-report';

// GET /api/admin/billing/reports/revenue?from=&to=&format= - invoiced, recognized, deferred and unbilled
// revenue per currency and month (UTC days, both included), as JSON or CSV
export const GET = withAdmin(async ({ req, db }) => {
  const { range, format } = reportRangeQuery.parse(queryObject(req.nextUrl.searchParams));
  const report = await getRevenueReport(db, range);
  return reportResponse({ csv: wantsCsv(format, req.headers.get('accept')), name: `revenue-${range.from}-${range.to}` }, report, REVENUE_COLUMNS);
});
