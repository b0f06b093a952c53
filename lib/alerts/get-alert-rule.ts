import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { alertRules, billableMetrics } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';

const idSchema = z.uuid();

/** The rule with this id in the caller's workspace, and its metric's code; a malformed id is as unknown as a missing one (404). */
export async function getAlertRuleOrThrow(db: Queryable, id: string, { lock = false }: { lock?: boolean } = {}) {
  if (!idSchema.safeParse(id).success) throw notFound('Alert rule');
  const query = db.select().from(alertRules).where(eq(alertRules.id, id));
  const [rule] = lock ? await query.for('update') : await query;
  if (!rule) throw notFound('Alert rule');
  const [metric] = rule.metricId ? await db.select({ code: billableMetrics.code }).from(billableMetrics).where(eq(billableMetrics.id, rule.metricId)) : [];
  return { rule, metricCode: metric?.code ?? null };
}
