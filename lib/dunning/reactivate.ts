import { sql } from 'drizzle-orm';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { selectRows, type Queryable } from '@/lib/db/client';
import type { DunningContext } from './dunning-records';
import { suspensionCutoff } from './dunning-policy';

/**
 * Reactivates a suspended customer once nothing of theirs is unpaid past the grace period; their
 * past-due subscriptions become active again. Called by every path that settles an invoice.
 */
export async function reactivateIfSettled(tx: Queryable, customerIds: string[], { now, config, actor }: DunningContext): Promise<number> {
  if (customerIds.length === 0) return 0;
  const graceCutoff = suspensionCutoff(config.dunning, now);
  const reactivated = await selectRows<{ id: string; email: string }>(
    tx,
    sql`update customers c set status = 'active', suspended_at = null, updated_at = now()
         where c.id = any(${`{${customerIds.join(',')}}`}::uuid[]) and c.status = 'suspended'
           and not exists (select 1 from invoices i where i.customer_id = c.id and i.status in ('open', 'uncollectible')
                            and i.due_date < ${graceCutoff.toISOString()}::timestamptz)
     returning c.id, c.email`,
  );
  if (reactivated.length === 0) return 0;
  await tx.execute(sql`update subscriptions set status = 'active', updated_at = now()
                        where customer_id = any(${`{${reactivated.map((r) => r.id).join(',')}}`}::uuid[]) and status = 'past_due'`);
  await writeAuditEntries(tx, actor, reactivated.map((r) => ({ action: 'customer.reactivated', entityType: 'customer', entityId: r.id, customerId: r.id, details: { before: { status: 'suspended' }, after: { status: 'active' }, reason: 'nothing unpaid past the grace period' } })));
  return reactivated.length;
}
