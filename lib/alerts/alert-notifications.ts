// The messages a newly triggered alert queues, by the rule's `notify`. Only queued here (in the
// transaction that inserted the alert), never rendered or sent: sending is the outbox's job
// (lib/notifications/deliver-notifications.ts), so evaluating after an ingestion response costs the
// ingesting process no email rendering.
//
// - customer: `usage_alert` to the customer's billing emails, except the Billing Engine's spike warning
//   (a usage_amount rule on the `period` window), which is the `upcoming_invoice` email with the period's
//   cost so far. An aggregate rule's alert has no customer to tell.
// - admins: `usage_alert` without a customer, which composeEmail addresses to the workspace's admin
//   alert emails (else its company email) when it is sent, so a changed list applies to queued messages.
// - webhook: `alert.triggered`, carrying the alert's API view (endpoints that want it only).
// Dedupe keys name the alert id, so a message is queued once per alert whatever retries.
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import type { EmailPayloads } from '@/lib/notifications/email-templates/email-payloads';
import type { QueuedNotification } from '@/lib/notifications/notification-types';
import type { AlertRow, AlertRuleRow } from './alert-rule-types';
import { toAlertJson } from './to-alert-json';

export type AlertContext = {
  rule: Pick<AlertRuleRow, 'name' | 'kind' | 'windowUnit' | 'notify' | 'currency'>;
  /** the customer's name; null for an aggregate alert */
  customerName: string | null;
  /** the metric's name for metric rules */
  metricName: string | null;
  /** usage_amount: the open period's cost so far (the spike warning's amount) */
  periodCostSoFar?: string;
};

const WINDOW_WORDS = { day: 'today', week: 'this week', period: 'this billing period' } as const;

function whatIsMeasured(rule: AlertContext['rule'], metricName: string | null): string {
  if (rule.kind === 'usage_amount') return 'Usage charges';
  if (rule.kind === 'metric_amount') return `${metricName ?? 'Metric'} charges`;
  return `${metricName ?? 'Metric'} usage`;
}

/** value as a whole percentage of threshold (rounded down, so 99.9% never reads 100%). */
function percentOf(value: string, threshold: string): number {
  return new ExactDecimal(value).times(100).div(threshold).floor().toNumber();
}

export function alertNotifications(alert: AlertRow, { rule, customerName, metricName, periodCostSoFar }: AlertContext): QueuedNotification[] {
  const messages: QueuedNotification[] = [];
  const window = WINDOW_WORDS[rule.windowUnit];
  const what = whatIsMeasured(rule, metricName);
  const base = {
    metric: rule.kind === 'usage_amount' ? null : metricName,
    value: alert.value,
    threshold: alert.threshold,
    currency: alert.currency,
    period_start: alert.windowStart.toISOString(),
    period_end: alert.windowEnd.toISOString(),
    percent: percentOf(alert.value, alert.threshold),
  };
  if (rule.notify.includes('customer') && alert.customerId) {
    if (rule.kind === 'usage_amount' && rule.windowUnit === 'period') {
      const payload: EmailPayloads['upcoming_invoice'] = {
        period_start: base.period_start,
        period_end: base.period_end,
        amount: periodCostSoFar ?? alert.value,
        currency: alert.currency!,
        threshold: alert.threshold,
      };
      messages.push({ channel: 'email', template: 'upcoming_invoice', dedupeKey: `alert:${alert.id}:customer`, customerId: alert.customerId, payload });
    } else {
      const payload: EmailPayloads['usage_alert'] = { ...base, title: `${what} ${window} passed ${alert.threshold}${alert.currency ? ` ${alert.currency.toUpperCase()}` : ''}`.slice(0, 200) };
      messages.push({ channel: 'email', template: 'usage_alert', dedupeKey: `alert:${alert.id}:customer`, customerId: alert.customerId, payload });
    }
  }
  if (rule.notify.includes('admins')) {
    const payload: EmailPayloads['usage_alert'] = { ...base, title: `${customerName ?? 'All customers'}: ${rule.name} (${what.toLowerCase()} ${window})`.slice(0, 200) };
    messages.push({ channel: 'email', template: 'usage_alert', dedupeKey: `alert:${alert.id}:admins`, customerId: null, payload });
  }
  if (rule.notify.includes('webhook')) {
    messages.push({
      channel: 'webhook',
      template: 'alert.triggered',
      dedupeKey: `alert:${alert.id}:webhook`,
      customerId: alert.customerId,
      payload: { object_id: alert.id, object: toAlertJson(alert) },
    });
  }
  return messages;
}
