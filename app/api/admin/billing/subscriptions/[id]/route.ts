import { z } from 'zod';
import { notFound } from '@/lib/errors/billing-error';
import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { changeSubscriptionPlan } from '@/lib/subscriptions/change-plan';
import { setCancellation } from '@/lib/subscriptions/set-cancellation';
import { patchSubscriptionSchema } from '@/lib/subscriptions/subscription-schemas';
import { getSubscriptionView } from '@/lib/subscriptions/subscription-view';

const idSchema = z.uuid();

// GET /api/admin/billing/subscriptions/[id] - one subscription
export const GET = withAdmin(async ({ params, db }) => {
  const id = params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Subscription');
  return Response.json(await getSubscriptionView(db, id));
});

// PATCH /api/admin/billing/subscriptions/[id] - {cancel_at_period_end: true} cancels at the end of the
// current period, false resumes, at Stripe too when Stripe bills the fee (set-cancellation.ts);
// {plan_code} moves to that plan now, prorating flat fees by time (README, "Invoicing rules"), unless
// Stripe bills the fee (409 managed_by_stripe). An ended subscription is a 409. Audit-logged.
export const PATCH = withAdmin(async ({ req, params, db, now, actor, config, stripe }) => {
  const id = params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Subscription');
  const change = await readJson(req, patchSubscriptionSchema);
  const subscription =
    change.plan_code !== undefined
      ? await changeSubscriptionPlan(db, id, change.plan_code, { now, actor, config })
      : await setCancellation(db, stripe, id, change.cancel_at_period_end!, { now, actor });
  return Response.json(await getSubscriptionView(db, subscription.id));
});
