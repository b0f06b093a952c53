// Installs the default rules on a workspace that has never had a rule: when it has any (a default
// kept, or one an admin made), nothing is added, so a workspace that deleted the defaults and made
// its own does not get them back. One that deleted every rule it had is empty again and does: the
// table keeps no trace of deleted rules (the audit log does, and deletion is rare: a rule that ever
// triggered cannot be deleted, only disabled, delete-alert-rule.ts).
import { count } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { alertRules } from '@/lib/db/schema';
import { createAlertRuleSchema } from './alert-rule-schemas';
import { alertRuleColumns, auditedRule } from './create-alert-rule';
import { DEFAULT_ALERT_RULES } from './default-alert-rules';

/** How many rules were installed: 0 on a workspace that has rules already. */
export async function ensureDefaultAlertRules(db: Queryable, { currency, actor, at }: { currency: string; actor: Actor; at?: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(alertRules);
    if ((existing?.n ?? 0) > 0) return 0;
    const rows = DEFAULT_ALERT_RULES.map(({ presetKey, rule }) => ({ ...alertRuleColumns(createAlertRuleSchema.parse({ ...rule, currency }), null), presetKey }));
    // a concurrent setup that got here first installed the same preset keys: those are skipped
    const installed = await tx
      .insert(alertRules)
      .values(rows)
      .onConflictDoNothing({ target: [alertRules.workspaceId, alertRules.presetKey] })
      .returning();
    await writeAuditEntries(
      tx,
      actor,
      installed.map((r) => ({ action: 'alert_rule.created', entityType: 'alert_rule', entityId: r.id, details: { ...auditedRule(r, null), preset: true, after: auditedRule(r, null) }, ...(at ? { at } : {}) })),
    );
    return installed.length;
  });
}
