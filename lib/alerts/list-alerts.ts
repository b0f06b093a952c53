// GET /api/admin/billing/alerts?status=triggered|resolved&customer_id=: newest crossing first, paged
// with starting_after. `triggered` are the alerts still open (not resolved yet).
import { and, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { alerts } from '@/lib/db/schema';
import type { ListAlertsQuery } from './alert-rule-schemas';
import { toAlertJson } from './to-alert-json';

export async function listAlerts(db: Queryable, query: ListAlertsQuery = {}, { defaultLimit = 100 }: { defaultLimit?: number } = {}) {
  const limit = query.limit ?? defaultLimit;
  const conditions: (SQL | undefined)[] = [];
  if (query.status === 'triggered') conditions.push(isNull(alerts.resolvedAt));
  if (query.status === 'resolved') conditions.push(isNotNull(alerts.resolvedAt));
  if (query.customer_id) conditions.push(eq(alerts.customerId, query.customer_id));
  if (query.starting_after) {
    conditions.push(sql`(${alerts.triggeredAt}, ${alerts.id}) < (select a.triggered_at, a.id from alerts a where a.id = ${query.starting_after})`);
  }
  const rows = await db
    .select()
    .from(alerts)
    .where(and(...conditions))
    .orderBy(desc(alerts.triggeredAt), desc(alerts.id))
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map(toAlertJson), has_more: rows.length > limit };
}
