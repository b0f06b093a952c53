// The shapes evaluation works with: a rule as stored (alert_rules) and an alert as stored (alerts).
import type { ALERT_RULE_KINDS, ALERT_WINDOWS, alertRules, alerts } from '@/lib/db/schema';

export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
export type AlertWindowUnit = (typeof ALERT_WINDOWS)[number];
export type AlertRuleRow = typeof alertRules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
