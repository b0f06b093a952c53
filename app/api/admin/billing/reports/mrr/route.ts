import { withAdmin } from '@/lib/http/route-handlers';
import { getMrrReport, MRR_COLUMNS } from '@/lib/revenue/mrr-report';
import { queryObject, reportRangeQuery } from '@/lib/revenue/report-query';
import { reportResponse, wantsCsv } from '@/lib/revenue/report-response';

// GET /api/admin/billing/reports/mrr?from=&to=&format= - MRR movements per currency and month, with churn
// rate and net revenue retention, as JSON or CSV
export const GET = withAdmin(async ({ req, db, now }) => {
  const { range, format } = reportRangeQuery.parse(queryObject(req.nextUrl.searchParams));
  const report = await getMrrReport(db, range, now);
  return reportResponse({ csv: wantsCsv(format, req.headers.get('accept')), name: `mrr-${range.from}-${range.to}` }, report, MRR_COLUMNS);
});
