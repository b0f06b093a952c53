// What a rule names must exist in the workspace: its metric (by code) and its one customer. Both are
// fields of the body, so an unknown one is a 422 naming the field, as a malformed one is.
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { billableMetrics, customers } from '@/lib/db/schema';
import { BillingError, type ErrorDetail } from '@/lib/errors/billing-error';

/** The metric's id (null when the rule names none); throws a 422 naming each field that names nothing. */
export async function checkAlertRuleReferences(db: Queryable, rule: { metric: string | null; customer_id: string | null }): Promise<{ metricId: string | null }> {
  const details: ErrorDetail[] = [];
  let metricId: string | null = null;
  if (rule.metric) {
    const [metric] = await db.select({ id: billableMetrics.id }).from(billableMetrics).where(eq(billableMetrics.code, rule.metric));
    if (metric) metricId = metric.id;
    else details.push({ field: 'metric', message: `no metric with the code ${JSON.stringify(rule.metric)} in this workspace` });
  }
  if (rule.customer_id) {
    const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, rule.customer_id));
    if (!customer) details.push({ field: 'customer_id', message: 'no customer with this id in this workspace' });
  }
  if (details.length > 0) throw new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details });
  return { metricId };
}
