// The lock that keeps usage out of a period while it is being invoiced.
//
// Ingestion and corrections hold it shared for their customers while they check "is this period
// invoiced?" and write; a billing run closing a customer's period holds it exclusively while it marks
// the period closing. So a close waits for batches already past their check (their events are then in
// the snapshot), and batches that come after the close see the period as closing and are refused.
//
// Transaction-scoped advisory locks rather than row locks: a FOR SHARE on customer rows writes every
// locked tuple (and a multixact when batches overlap), which costs more than the insert it protects.
// Customers hash onto 64 stripes so a batch naming thousands of customers takes at most 64 locks.
import { sql } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';

/** The first key of every usage lock ('MB'), so other advisory locks in the database never collide. */
export const USAGE_LOCK_NAMESPACE = 19778;
export const USAGE_LOCK_STRIPES = 64;

/**
 * Shared, for the customers in `customerIdsFrom` (a relation with an `id` column): many batches for the
 * same customers proceed together. Ordered, as every lock taker must be. A fragment, so ingestion takes
 * its locks in the statement that finds its customers (one round trip fewer on the hottest path).
 */
export function usageWriteLocksSql(customerIdsFrom: string): string {
  return `select pg_advisory_xact_lock_shared(${USAGE_LOCK_NAMESPACE}, s)
    from (select distinct abs(hashtext(id::text)) % ${USAGE_LOCK_STRIPES} as s from ${customerIdsFrom} order by 1) stripes`;
}

export async function lockCustomerForUsageWrite(tx: Queryable, customerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${USAGE_LOCK_NAMESPACE}, abs(hashtext(${customerId}::uuid::text)) % ${USAGE_LOCK_STRIPES})`);
}

/** Exclusive, for the transaction that marks a customer's period closing. */
export async function lockCustomerForPeriodClose(tx: Queryable, customerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${USAGE_LOCK_NAMESPACE}, abs(hashtext(${customerId}::uuid::text)) % ${USAGE_LOCK_STRIPES})`);
}

/** Exclusive for several customers at once (a billing batch), stripes taken in order. */
export async function lockCustomersForPeriodClose(tx: Queryable, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${USAGE_LOCK_NAMESPACE}, s)
    from (select distinct abs(hashtext(id::text)) % ${USAGE_LOCK_STRIPES} as s
            from unnest(${`{${customerIds.join(',')}}`}::uuid[]) as id order by 1) stripes`);
}
