// DELETE /api/admin/billing/alert-rules/[id]: removes a rule that never triggered (a mistake, a test).
// A rule with alerts is refused with 409: its alerts are the workspace's history of what crossed
// which threshold and name their rule, so such a rule is disabled instead (PATCH enabled: false),
// which stops it and keeps them. The rule row is locked, so an evaluation recording an alert for it
// meanwhile waits, and then fails on the foreign key rather than leaving an alert without its rule.
import { count, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { alertRules, alerts } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { auditedRule } from './create-alert-rule';
import { getAlertRuleOrThrow } from './get-alert-rule';

export async function deleteAlertRule(db: Queryable, id: string, { actor }: { actor: Actor }) {
  return db.transaction(async (tx) => {
    const { rule, metricCode } = await getAlertRuleOrThrow(tx, id, { lock: true });
    const [triggered] = await tx.select({ n: count() }).from(alerts).where(eq(alerts.ruleId, id));
    if ((triggered?.n ?? 0) > 0) {
      throw new BillingError({
        code: 'rule_has_alerts',
        status: 409,
        message: `This rule has triggered ${triggered!.n} alert${triggered!.n === 1 ? '' : 's'}, which keep its name: disable it instead (PATCH {"enabled": false})`,
      });
    }
    await tx.delete(alertRules).where(eq(alertRules.id, id));
    await writeAuditEntries(tx, actor, [{ action: 'alert_rule.deleted', entityType: 'alert_rule', entityId: id, customerId: rule.customerId, details: { ...auditedRule(rule, metricCode), before: auditedRule(rule, metricCode), after: null } }]);
    return { id, deleted: true as const };
  });
}
