// A customer moves their own subscription to another plan now, from /billing/subscription: the engine's
// plan change (change-plan.ts: the current period is cut and prorated, the new plan starts at once),
// after the checks a customer's request needs on top of an admin's. Only a plan the page offers is
// accepted: the current version of a plan of the customer's own workspace (the handle is scoped to it,
// so another business's plan code is "not found", never a hint that it exists) in the customer's
// currency. A subscription whose flat fee Stripe bills (setup-subscription) is refused: the Stripe
// price would go on charging the old fee. The engine refuses it for every caller, in an admin's words;
// here the customer is told first in theirs (we cancel it at period end and subscribe them anew).
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { plans } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import type { BillingContext } from '@/lib/invoicing/bill-period';
import { changeSubscriptionPlan } from './change-plan';
import { ownLiveSubscription } from './own-live-subscription';
import { ownPlanChangeSchema, type OwnPlanChangeInput } from './subscription-schemas';

const planField = (code: string, status: number, message: string, detail: string) =>
  new BillingError({ code, status, message, details: [{ field: 'plan_code', message: detail }] });

export async function changeOwnPlan(db: Db, customerId: string, input: OwnPlanChangeInput, ctx: BillingContext) {
  const { plan_code: planCode } = ownPlanChangeSchema.parse(input);
  const { customer, subscription } = await ownLiveSubscription(db, customerId);
  if (subscription.stripeSubscriptionId) {
    throw new BillingError({
      code: 'managed_by_stripe',
      status: 409,
      message: 'Your plan’s fee is billed through Stripe, so a plan change is made by us: contact us to change your plan',
    });
  }
  const [plan] = await db.select().from(plans).where(and(eq(plans.code, planCode), eq(plans.isCurrent, true)));
  if (!plan) throw planField('not_found', 404, 'Plan not found', 'no plan offered to you has this code');
  if (plan.currency !== customer.currency) {
    throw planField('validation_failed', 422, 'The plan bills in another currency than your account', `bills in ${plan.currency.toUpperCase()}, your account in ${customer.currency.toUpperCase()}`);
  }
  if (plan.id === subscription.planId) throw planField('same_plan', 409, `You are already on ${plan.name}`, 'is your current plan');
  // the engine re-checks what could change meanwhile (ended, same plan, currency) under its row locks
  return changeSubscriptionPlan(db, subscription.id, plan.code, ctx);
}
