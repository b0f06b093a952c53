// An alert as the API shows it (GET /api/admin/billing/alerts) and as the alert.triggered webhook
// carries it in data.object: exactly the contract's fields, money and quantities as decimal strings.
import type { AlertRow } from './alert-rule-types';

export type AlertJson = {
  id: string;
  rule_id: string;
  /** null for an aggregate rule's alert (all customers together) */
  customer_id: string | null;
  window_start: string;
  window_end: string;
  value: string;
  threshold: string;
  currency: string | null;
  triggered_at: string;
  resolved_at: string | null;
};

type AlertFields = Pick<AlertRow, 'id' | 'ruleId' | 'customerId' | 'windowStart' | 'windowEnd' | 'value' | 'threshold' | 'currency' | 'triggeredAt' | 'resolvedAt'>;

const iso = (at: Date | string) => new Date(at).toISOString();

export function toAlertJson(alert: AlertFields): AlertJson {
  return {
    id: alert.id,
    rule_id: alert.ruleId,
    customer_id: alert.customerId,
    window_start: iso(alert.windowStart),
    window_end: iso(alert.windowEnd),
    value: alert.value,
    threshold: alert.threshold,
    currency: alert.currency,
    triggered_at: iso(alert.triggeredAt),
    resolved_at: alert.resolvedAt ? iso(alert.resolvedAt) : null,
  };
}
