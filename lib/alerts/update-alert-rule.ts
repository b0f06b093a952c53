// PATCH /api/admin/billing/alert-rules/[id]: any of its fields; `enabled: false` disables it (it is
// kept, and so are its alerts). The change is checked as the rule it leaves behind, so a PATCH cannot
// make a rule that POST would refuse. Changing the kind drops the old kind's metric and currency unless
// the change sends them: usage_amount in eur → metric_units would otherwise keep a currency it refuses.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { alertRules } from '@/lib/db/schema';
import { createAlertRuleSchema, updateAlertRuleSchema, type UpdateAlertRuleInput } from './alert-rule-schemas';
import { checkAlertRuleReferences } from './check-alert-rule-references';
import { alertRuleColumns, auditedRule } from './create-alert-rule';
import { getAlertRuleOrThrow } from './get-alert-rule';
import { toAlertRuleJson } from './to-alert-rule-json';

export async function updateAlertRule(db: Queryable, id: string, input: UpdateAlertRuleInput, { actor }: { actor: Actor }) {
  const change = updateAlertRuleSchema.parse(input);
  return db.transaction(async (tx) => {
    const { rule: before, metricCode: beforeMetric } = await getAlertRuleOrThrow(tx, id, { lock: true });
    const { id: _id, created: _c, updated: _u, preset_key: _p, ...current } = toAlertRuleJson(before, beforeMetric);
    const kindChanged = change.kind !== undefined && change.kind !== current.kind;
    const merged = { ...current, ...(kindChanged ? { metric: null, currency: null } : {}), ...change };
    const rule = createAlertRuleSchema.parse(merged);
    const { metricId } = await checkAlertRuleReferences(tx, rule);
    const [after] = await tx
      .update(alertRules)
      .set({ ...alertRuleColumns(rule, metricId), updatedAt: sql`now()` })
      .where(eq(alertRules.id, id))
      .returning();
    const was = auditedRule(before, beforeMetric);
    const is = auditedRule(after!, rule.metric);
    const changed = (Object.keys(is) as (keyof typeof is)[]).filter((f) => JSON.stringify(was[f]) !== JSON.stringify(is[f]));
    if (changed.length > 0) {
      await writeAuditEntries(tx, actor, [
        {
          action: 'alert_rule.updated',
          entityType: 'alert_rule',
          entityId: id,
          customerId: after!.customerId,
          details: { before: Object.fromEntries(changed.map((f) => [f, was[f]])), after: Object.fromEntries(changed.map((f) => [f, is[f]])) },
        },
      ]);
    }
    return toAlertRuleJson(after!, rule.metric);
  });
}
