// The rules a workspace starts with (POST /api/billing/setup, the demo seed): Vigint's three spending
// guards and the Billing Engine's spike warning, in the workspace's default currency. Each carries a
// preset key, unique per workspace, so two setups racing install each once.
import type { CreateAlertRuleInput } from './alert-rule-schemas';

export type DefaultAlertRule = { presetKey: string; rule: Omit<CreateAlertRuleInput, 'currency'> };

export const DEFAULT_ALERT_RULES: DefaultAlertRule[] = [
  {
    presetKey: 'vigint_daily_total',
    rule: { name: 'All customers, daily', kind: 'usage_amount', window: 'day', threshold: '100', aggregate: true, recurring: true, notify: ['admins'] },
  },
  {
    presetKey: 'vigint_weekly_total',
    rule: { name: 'All customers, weekly', kind: 'usage_amount', window: 'week', threshold: '500', aggregate: true, recurring: true, notify: ['admins'] },
  },
  {
    presetKey: 'vigint_daily_customer',
    rule: { name: 'Any one customer, daily', kind: 'usage_amount', window: 'day', threshold: '50', customer_id: null, aggregate: false, recurring: true, notify: ['admins'] },
  },
  {
    // the customer is told (upcoming_invoice, sent by the evaluation) when the open period's usage charges pass it
    presetKey: 'billing_engine_spike',
    rule: { name: 'Spike warning: usage this period', kind: 'usage_amount', window: 'period', threshold: '1000', customer_id: null, aggregate: false, recurring: true, notify: ['customer'] },
  },
];
