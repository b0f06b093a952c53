// What a customer may do to their own subscription from the portal starts here: the customer must be in
// good standing (a suspended account is reactivated by paying, not by changing plan) and have a live
// subscription (trialing, active or past due, not ended). The customer's id comes from the session under
// RLS (ownCustomerId); the reads here run on the workspace's privileged handle, as the writes do.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { customers, subscriptions } from '@/lib/db/schema';
import { BillingError, notFound } from '@/lib/errors/billing-error';
import { LIVE_SUBSCRIPTION_STATUSES } from './create-subscription';

export const customerSuspended = () =>
  new BillingError({
    code: 'customer_suspended',
    status: 409,
    message: 'Your account is suspended for an unpaid invoice; pay it to reactivate the account before changing your subscription',
  });

export const noLiveSubscription = () =>
  new BillingError({ code: 'no_subscription', status: 409, message: 'You have no active subscription to change; ask us to start one' });

export async function ownLiveSubscription(db: Queryable, customerId: string) {
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw notFound('Customer');
  if (customer.status === 'suspended') throw customerSuspended();
  const [subscription] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]), isNull(subscriptions.endedAt)))
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  if (!subscription) throw noLiveSubscription();
  return { customer, subscription };
}
