import { createAlertRule } from '@/lib/alerts/create-alert-rule';
import { createAlertRuleSchema, listAlertRulesQuery } from '@/lib/alerts/alert-rule-schemas';
import { listAlertRules } from '@/lib/alerts/list-alert-rules';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/alert-rules?limit=&starting_after= - the workspace's rules, newest first
export const GET = withAdmin(async ({ req, db }) => {
  const query = listAlertRulesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listAlertRules(db, query));
});

// POST /api/admin/billing/alert-rules - {name, kind, metric?, window, threshold, currency?, customer_id?,
// aggregate?, recurring?, notify?, enabled?}; an unknown metric or customer is a 422 naming the field
export const POST = withAdmin(async ({ req, db, actor }) => {
  const input = await readJson(req, createAlertRuleSchema);
  return Response.json(await createAlertRule(db, input, { actor }), { status: 201 });
});
