// An alert as the API shows it (GET /api/admin/billing/alerts): one crossing of a rule's threshold in
// one window, for one customer (null for an aggregate rule), resolved once a later window starts below.
import type { alerts } from '@/lib/db/schema';

type AlertRow = typeof alerts.$inferSelect;

export function toAlertJson(a: AlertRow) {
  return {
    id: a.id,
    rule_id: a.ruleId,
    customer_id: a.customerId,
    window_start: a.windowStart.toISOString(),
    window_end: a.windowEnd.toISOString(),
    value: a.value,
    threshold: a.threshold,
    currency: a.currency,
    triggered_at: a.triggeredAt.toISOString(),
    resolved_at: a.resolvedAt ? a.resolvedAt.toISOString() : null,
  };
}
export type AlertJson = ReturnType<typeof toAlertJson>;
