import 'server-only';
// Which customer a customer-facing request is about (usage, payment methods, the subscription). Admins name any customer with ?customer_id=; a customer reads their
// own, inside an RLS transaction, and naming anyone else is a 404 (API.md: another customer's resource
// does not exist for you).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { selectRows, type Queryable } from '@/lib/db/client';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import type { UserContext } from '@/lib/http/route-handlers';

const customerIdParam = z.uuid({ message: 'must be a customer id (uuid)' });

export async function forCustomerScope<T>(ctx: UserContext, work: (db: Queryable, customerId: string) => Promise<T>): Promise<T> {
  const requested = ctx.req.nextUrl.searchParams.get('customer_id');
  const parsed = requested === null ? null : customerIdParam.safeParse(requested);
  if (parsed && !parsed.success) {
    throw new BillingError({ code: 'validation_failed', status: 422, message: 'The request is not valid', details: [{ field: 'customer_id', message: 'must be a customer id (uuid)' }] });
  }
  if (ctx.principal.kind === 'admin') {
    if (!requested) {
      throw new BillingError({ code: 'validation_failed', status: 422, message: 'Name the customer', details: [{ field: 'customer_id', message: 'is required for admins' }] });
    }
    return work(ctx.db, requested);
  }
  const userId = ctx.principal.session.userId;
  return ctx.asUser(async (tx) => {
    const [own] = await selectRows<{ id: string }>(tx, sql`select id from customers where user_id = ${userId} order by created_at limit 1`);
    if (!own) throw notFound('Billing account');
    if (requested && requested !== own.id) throw notFound('Customer');
    return work(tx, own.id);
  });
}
