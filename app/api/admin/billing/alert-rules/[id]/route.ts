import { deleteAlertRule } from '@/lib/alerts/delete-alert-rule';
import { getAlertRuleOrThrow } from '@/lib/alerts/get-alert-rule';
import { toAlertRuleJson } from '@/lib/alerts/to-alert-rule-json';
import { updateAlertRule } from '@/lib/alerts/update-alert-rule';
import { updateAlertRuleSchema } from '@/lib/alerts/alert-rule-schemas';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/alert-rules/[id] - one rule
export const GET = withAdmin(async ({ params, db }) => {
  const { rule, metricCode } = await getAlertRuleOrThrow(db, params.id ?? '');
  return Response.json(toAlertRuleJson(rule, metricCode));
});

// PATCH /api/admin/billing/alert-rules/[id] - any of its fields; {"enabled": false} disables it
export const PATCH = withAdmin(async ({ req, params, db, actor }) => {
  const change = await readJson(req, updateAlertRuleSchema);
  return Response.json(await updateAlertRule(db, params.id ?? '', change, { actor }));
});

// DELETE /api/admin/billing/alert-rules/[id] - a rule that never triggered; one with alerts is a 409 (disable it)
export const DELETE = withAdmin(async ({ params, db, actor }) => Response.json(await deleteAlertRule(db, params.id ?? '', { actor })));
