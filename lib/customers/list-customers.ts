// GET /api/admin/billing/customers: newest first, searched by name, email or external id, paged with
// starting_after (API.md conventions).
import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { toCustomerView, type ListCustomersQuery } from './customer-schemas';

/** `%`, `_` and `\` typed into a search are matched literally. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listCustomers(db: Queryable, query: ListCustomersQuery, { defaultLimit = 100 }: { defaultLimit?: number } = {}) {
  const limit = query.limit ?? defaultLimit;
  const conditions: (SQL | undefined)[] = [];
  if (query.query) {
    const pattern = likePattern(query.query);
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.email, pattern), ilike(customers.externalId, pattern)));
  }
  if (query.status) conditions.push(eq(customers.status, query.status));
  if (query.starting_after) {
    conditions.push(sql`(${customers.createdAt}, ${customers.id}) < (select c.created_at, c.id from customers c where c.id = ${query.starting_after})`);
  }
  const rows = await db
    .select()
    .from(customers)
    .where(and(...conditions))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map(toCustomerView), has_more: rows.length > limit };
}
