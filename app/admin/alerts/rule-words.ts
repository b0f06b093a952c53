// A rule in words for the rules table: what is measured over which window, above which threshold, and
// for whom. Money through lib/format (every digit the threshold carries), units with their metric's unit.
import type { AlertRuleJson } from '@/lib/alerts/to-alert-rule-json';
import { formatUnitPrice } from '@/lib/format/format-money';
import { formatQuantityWithUnit } from '@/lib/format/format-number';

const WINDOW_WORDS: Record<AlertRuleJson['window'], string> = { day: 'in a UTC day', week: 'in an ISO week', period: 'in the open billing period' };

export function ruleWhat(rule: AlertRuleJson, metrics: Map<string, { name: string; unit: string }>): string {
  const metric = rule.metric ? metrics.get(rule.metric) : undefined;
  const metricName = metric?.name ?? rule.metric ?? '';
  const money = rule.currency ? formatUnitPrice(rule.threshold, rule.currency) : '';
  const what =
    rule.kind === 'usage_amount'
      ? `Usage charges over ${money}`
      : rule.kind === 'metric_amount'
        ? `${metricName} charges over ${money}`
        : `${metricName} over ${formatQuantityWithUnit(rule.threshold, metric?.unit ?? '')}`;
  return `${what} ${WINDOW_WORDS[rule.window]}${rule.recurring ? '' : ', once'}`;
}

export function ruleWho(rule: AlertRuleJson, customerNames: Map<string, string>): string {
  if (rule.aggregate) return 'All customers together';
  if (rule.customer_id) return customerNames.get(rule.customer_id) ?? 'One customer';
  return 'Each customer';
}

const RECIPIENT_WORDS: Record<string, string> = { admins: 'Admins', customer: 'The customer', webhook: 'Webhook' };

export const ruleNotify = (rule: AlertRuleJson) => rule.notify.map((n) => RECIPIENT_WORDS[n] ?? n).join(', ');
