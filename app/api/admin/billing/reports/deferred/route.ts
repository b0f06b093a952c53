import { withAdmin } from '@/lib/http/route-handlers';
import { deferredQuery, queryObject } from '@/lib/revenue/report-query';
import { reportResponse, wantsCsv } from '@/lib/revenue/report-response';
import { DEFERRED_COLUMNS, getDeferredReport, todayOf } from '@/lib/revenue/revenue-report';

// GET /api/admin/billing/reports/deferred?as_of=&format= - revenue invoiced and not yet earned at the end
// of the UTC day as_of (default: today), per currency, as JSON or CSV
export const GET = withAdmin(async ({ req, db, now }) => {
  const query = deferredQuery.parse(queryObject(req.nextUrl.searchParams));
  const asOf = query.as_of ?? todayOf(now);
  const report = await getDeferredReport(db, asOf);
  return reportResponse({ csv: wantsCsv(query.format, req.headers.get('accept')), name: `deferred-${asOf}` }, report, DEFERRED_COLUMNS);
});
