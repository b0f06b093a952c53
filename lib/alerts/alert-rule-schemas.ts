// Input shapes of the alert-rule and alert routes (API.md, "Monitoring, alerts and pricing tools").
// Bodies are strict: an unknown field is refused by name. What one field means depends on another
// (a metric only for metric kinds, a currency only for money, nobody to tell `customer` about an
// aggregate), so the whole rule is checked once its fields are well formed; a PATCH is checked as the
// rule it would leave behind (update-alert-rule.ts). Whether the metric and the customer exist needs
// the database: check-alert-rule-references.ts.
import { z } from 'zod';
import { currencySchema } from '@/lib/catalog/catalog-schemas';
import { ALERT_RECIPIENTS, ALERT_RULE_KINDS, ALERT_WINDOWS } from '@/lib/db/schema';
import { toExact } from '@/lib/billing/exact-decimal';

export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
export type AlertWindow = (typeof ALERT_WINDOWS)[number];
export type AlertRecipient = (typeof ALERT_RECIPIENTS)[number];

/** the kinds whose threshold is money, in the rule's currency */
export const MONEY_KINDS: readonly AlertRuleKind[] = ['usage_amount', 'metric_amount'];
/** the kinds that watch one metric */
export const METRIC_KINDS: readonly AlertRuleKind[] = ['metric_units', 'metric_amount'];

const metricCode = z.string({ error: 'must be a metric code' }).regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a metric code (lowercase letters, digits and underscores)');

// a string, never a JSON number: 0.1 as a float is not 0.1 (money is exact everywhere)
// zod runs every check even after one fails, so the positivity check converts only a well-formed
// string: "abc" is one 422 on `threshold`, never a RangeError out of the decimal library
const THRESHOLD_FORMAT = /^\d{1,18}(\.\d{1,6})?$/;
const threshold = z
  .string({ error: 'must be a decimal string such as "100" or "0.5"' })
  .regex(THRESHOLD_FORMAT, 'must be a decimal string with at most 6 decimals, such as "100" or "0.5"')
  .refine((t) => !THRESHOLD_FORMAT.test(t) || toExact(t, 'threshold').gt(0), 'must be greater than 0');

const notify = z
  .array(z.enum(ALERT_RECIPIENTS, { error: `each must be one of ${ALERT_RECIPIENTS.join(', ')}` }), { error: `must be a list of ${ALERT_RECIPIENTS.join(', ')}` })
  .min(1, 'name at least one of admins, customer, webhook')
  .refine((list) => new Set(list).size === list.length, 'name each recipient once');

const fields = {
  name: z.string({ error: 'must be a name' }).trim().min(1, 'must not be empty').max(200),
  kind: z.enum(ALERT_RULE_KINDS, { error: `must be one of ${ALERT_RULE_KINDS.join(', ')}` }),
  metric: metricCode.nullable(),
  window: z.enum(ALERT_WINDOWS, { error: `must be one of ${ALERT_WINDOWS.join(', ')}` }),
  threshold,
  currency: currencySchema.nullable(),
  customer_id: z.uuid({ message: 'must be a customer id (uuid), or null for every customer' }).nullable(),
  aggregate: z.boolean({ error: 'must be true or false' }),
  recurring: z.boolean({ error: 'must be true or false' }),
  notify,
  enabled: z.boolean({ error: 'must be true or false' }),
};

type RuleShape = {
  kind: AlertRuleKind;
  metric: string | null;
  currency: string | null;
  customer_id: string | null;
  aggregate: boolean;
  notify: AlertRecipient[];
};

/** The rules between fields, each reported on the field to change. */
function crossFieldIssues(rule: RuleShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (METRIC_KINDS.includes(rule.kind) && !rule.metric) issues.push({ path: 'metric', message: `is required for ${rule.kind}: the code of the metric to watch` });
  if (rule.kind === 'usage_amount' && rule.metric) issues.push({ path: 'metric', message: 'usage_amount watches all usage charges together: send no metric (or use metric_amount)' });
  if (MONEY_KINDS.includes(rule.kind) && !rule.currency) issues.push({ path: 'currency', message: `is required for ${rule.kind}: the threshold's currency (ISO 4217)` });
  if (rule.kind === 'metric_units' && rule.currency) issues.push({ path: 'currency', message: 'metric_units counts units, not money: send no currency' });
  if (rule.aggregate && rule.customer_id) issues.push({ path: 'customer_id', message: 'an aggregate rule adds up every customer: send customer_id null, or aggregate false' });
  if (rule.aggregate && rule.notify.includes('customer')) issues.push({ path: 'notify', message: 'an aggregate rule has no one customer to tell: notify admins or webhook' });
  return issues;
}

// only once every field is well formed: a misspelt kind is one error, not also a missing metric
const wholeRule = (rule: RuleShape, ctx: z.RefinementCtx) => {
  for (const issue of crossFieldIssues(rule)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
};

export const createAlertRuleSchema = z
  .strictObject({
    name: fields.name,
    kind: fields.kind,
    metric: fields.metric.default(null),
    window: fields.window,
    threshold: fields.threshold,
    currency: fields.currency.default(null),
    customer_id: fields.customer_id.default(null),
    aggregate: fields.aggregate.default(false),
    recurring: fields.recurring.default(true),
    notify: fields.notify.default(['admins']),
    enabled: fields.enabled.default(true),
  })
  .superRefine(wholeRule, { when: (payload) => payload.issues.length === 0 });
export type CreateAlertRuleInput = z.input<typeof createAlertRuleSchema>;
export type AlertRuleFields = z.output<typeof createAlertRuleSchema>;

export const updateAlertRuleSchema = z
  .strictObject(fields)
  .partial()
  .refine((c) => Object.keys(c).length > 0, { message: `name at least one field to change (${Object.keys(fields).join(', ')})`, when: (payload) => payload.issues.length === 0 });
export type UpdateAlertRuleInput = z.input<typeof updateAlertRuleSchema>;

export const listAlertRulesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be an alert rule id from the previous page' }).optional(),
});
export type ListAlertRulesQuery = z.output<typeof listAlertRulesQuery>;

export const ALERT_STATUSES = ['triggered', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const listAlertsQuery = z.strictObject({
  status: z.enum(ALERT_STATUSES, { error: 'must be triggered or resolved' }).optional(),
  customer_id: z.uuid({ message: 'must be a customer id (uuid)' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be an alert id from the previous page' }).optional(),
});
export type ListAlertsQuery = z.output<typeof listAlertsQuery>;
