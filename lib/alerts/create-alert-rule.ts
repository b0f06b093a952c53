// POST /api/admin/billing/alert-rules: a rule the evaluation (evaluate-alerts.ts) watches from the
// next usage or automation run on. Validated whole before anything is written.
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { alertRules } from '@/lib/db/schema';
import { createAlertRuleSchema, type AlertRuleFields, type CreateAlertRuleInput } from './alert-rule-schemas';
import { checkAlertRuleReferences } from './check-alert-rule-references';
import { toAlertRuleJson, type AlertRuleRow } from './to-alert-rule-json';

/** The columns of a rule whose fields are valid and whose metric is `metricId`. */
export function alertRuleColumns(r: AlertRuleFields, metricId: string | null) {
  return {
    name: r.name,
    kind: r.kind,
    metricId,
    windowUnit: r.window,
    threshold: r.threshold,
    currency: r.currency,
    customerId: r.customer_id,
    aggregate: r.aggregate,
    recurring: r.recurring,
    notify: r.notify,
    enabled: r.enabled,
  } satisfies Partial<typeof alertRules.$inferInsert>;
}

/** What the audit log keeps of a rule: its fields as the API names them. */
export const auditedRule = (r: AlertRuleRow, metricCode: string | null) => {
  const { id: _id, created: _created, updated: _updated, ...fields } = toAlertRuleJson(r, metricCode);
  return fields;
};

export async function createAlertRule(db: Queryable, input: CreateAlertRuleInput, { actor, presetKey = null }: { actor: Actor; presetKey?: string | null }) {
  const rule = createAlertRuleSchema.parse(input);
  return db.transaction(async (tx) => {
    const { metricId } = await checkAlertRuleReferences(tx, rule);
    const [created] = await tx.insert(alertRules).values({ ...alertRuleColumns(rule, metricId), presetKey }).returning();
    await writeAuditEntries(tx, actor, [
      { action: 'alert_rule.created', entityType: 'alert_rule', entityId: created!.id, customerId: created!.customerId, details: { ...auditedRule(created!, rule.metric), after: auditedRule(created!, rule.metric) } },
    ]);
    return toAlertRuleJson(created!, rule.metric);
  });
}
