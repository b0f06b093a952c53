import 'server-only';
import { asc, inArray } from 'drizzle-orm';
import type { ListAlertsQuery } from '@/lib/alerts/alert-rule-schemas';
import { listAlertRules } from '@/lib/alerts/list-alert-rules';
import { listAlerts } from '@/lib/alerts/list-alerts';
import type { AlertJson } from '@/lib/alerts/to-alert-json';
import type { AlertRuleJson } from '@/lib/alerts/to-alert-rule-json';
import { billableMetrics, customers } from '@/lib/db/schema';
import type { AdminWorkspace } from './require-admin';

/** How many customers the rule form's "applies to" menu offers (by name); a rule's own customer is added. */
const CUSTOMER_OPTIONS = 500;
/** Rules shown: a workspace has a handful; the API pages through more. */
const RULE_LIMIT = 100;

export type AdminAlerts = {
  rules: AlertRuleJson[];
  moreRules: boolean;
  alerts: AlertJson[];
  moreAlerts: boolean;
  /** names of the customers the rules and alerts are for, and of the menu's */
  customerNames: Map<string, string>;
  customerOptions: { id: string; name: string }[];
  metrics: { code: string; name: string; unit: string }[];
  ruleNames: Map<string, string>;
};

/** /admin/alerts: the workspace's rules, a page of its alerts (the API's lists), and the names the page shows beside them. */
export async function getAdminAlerts({ database }: AdminWorkspace, query: ListAlertsQuery, limit: number): Promise<AdminAlerts> {
  const { db } = database;
  const [rules, page, options, metrics] = await Promise.all([
    listAlertRules(db, { limit: RULE_LIMIT }),
    listAlerts(db, { ...query, limit }),
    db.select({ id: customers.id, name: customers.name }).from(customers).orderBy(asc(customers.name), asc(customers.id)).limit(CUSTOMER_OPTIONS),
    db.select({ code: billableMetrics.code, name: billableMetrics.name, unit: billableMetrics.unit }).from(billableMetrics).orderBy(asc(billableMetrics.code)),
  ]);
  const known = new Map(options.map((c) => [c.id, c.name]));
  const wanted = new Set<string>();
  for (const r of rules.data) if (r.customer_id) wanted.add(r.customer_id);
  for (const a of page.data) if (a.customer_id) wanted.add(a.customer_id);
  if (query.customer_id) wanted.add(query.customer_id);
  const missing = [...wanted].filter((id) => !known.has(id));
  if (missing.length > 0) {
    for (const c of await db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, missing))) known.set(c.id, c.name);
  }
  const customerOptions = [...options];
  for (const id of wanted) if (!options.some((c) => c.id === id) && known.has(id)) customerOptions.push({ id, name: known.get(id)! });
  // an alert's rule is among the rules shown unless the workspace has more than RULE_LIMIT
  const ruleNames = new Map(rules.data.map((r) => [r.id, r.name]));
  return { rules: rules.data, moreRules: rules.has_more, alerts: page.data, moreAlerts: page.has_more, customerNames: known, customerOptions, metrics, ruleNames };
}
