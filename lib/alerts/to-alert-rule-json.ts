// An alert rule as the API shows it. The table says `window_unit` (WINDOW is reserved in SQL) and
// keeps the metric's id; the API says `window` and names the metric by its code.
import type { alertRules } from '@/lib/db/schema';

export type AlertRuleRow = typeof alertRules.$inferSelect;

export function toAlertRuleJson(r: AlertRuleRow, metricCode: string | null) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    metric: metricCode,
    window: r.windowUnit,
    threshold: r.threshold,
    currency: r.currency,
    customer_id: r.customerId,
    aggregate: r.aggregate,
    recurring: r.recurring,
    notify: r.notify as ('admins' | 'customer' | 'webhook')[],
    enabled: r.enabled,
    /** the default this rule was installed as (POST /api/billing/setup), null for one an admin made */
    preset_key: r.presetKey,
    created: r.createdAt.toISOString(),
    updated: r.updatedAt.toISOString(),
  };
}
export type AlertRuleJson = ReturnType<typeof toAlertRuleJson>;
