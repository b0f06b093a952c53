// GET /api/admin/billing/alert-rules: newest first, paged with starting_after (API.md conventions),
// each with its metric's code.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { alertRules, billableMetrics } from '@/lib/db/schema';
import type { ListAlertRulesQuery } from './alert-rule-schemas';
import { toAlertRuleJson } from './to-alert-rule-json';

export async function listAlertRules(db: Queryable, query: ListAlertRulesQuery = {}, { defaultLimit = 100 }: { defaultLimit?: number } = {}) {
  const limit = query.limit ?? defaultLimit;
  const conditions: (SQL | undefined)[] = [];
  if (query.starting_after) {
    conditions.push(sql`(${alertRules.createdAt}, ${alertRules.id}) < (select r.created_at, r.id from alert_rules r where r.id = ${query.starting_after})`);
  }
  const rows = await db
    .select({ rule: alertRules, metricCode: billableMetrics.code })
    .from(alertRules)
    .leftJoin(billableMetrics, eq(billableMetrics.id, alertRules.metricId))
    .where(and(...conditions))
    .orderBy(desc(alertRules.createdAt), desc(alertRules.id))
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map((r) => toAlertRuleJson(r.rule, r.metricCode)), has_more: rows.length > limit };
}
