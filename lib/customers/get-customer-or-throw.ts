import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';

const idSchema = z.uuid();

/** The customer with this id; a malformed id is as unknown as a missing one (404). */
export async function getCustomerOrThrow(db: Queryable, id: string, { lock = false }: { lock?: boolean } = {}) {
  if (!idSchema.safeParse(id).success) throw notFound('Customer');
  const query = db.select().from(customers).where(eq(customers.id, id));
  const [row] = lock ? await query.for('no key update') : await query;
  if (!row) throw notFound('Customer');
  return row;
}
