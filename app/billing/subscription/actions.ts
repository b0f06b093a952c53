'use server';
// The subscription page's form actions: change the plan now, cancel at the end of the period, resume.
// The same domain functions an API route would call (change-own-plan.ts, set-own-cancellation.ts);
// which customer is the caller's is read under RLS, so nobody can act on another account. Refusals come
// back as inline messages (the field's, or the form's) instead of a status code, and change nothing.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ZodError } from 'zod';
import { getSession } from '@/lib/auth/get-session';
import { ownCustomerId } from '@/lib/customers/update-own-billing-details';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { deliverAfterResponse } from '@/lib/notifications/deliver-after-response';
import { changeOwnPlan } from '@/lib/subscriptions/change-own-plan';
import { setOwnCancellation } from '@/lib/subscriptions/set-own-cancellation';
import { workspaceServices } from '@/lib/workspaces/workspace-services';

export type SubscriptionActionState = {
  status: 'idle' | 'done' | 'invalid' | 'error';
  /** per field (plan_code); `form` for the request as a whole */
  errors: Record<string, string>;
  /** what went wrong, in a sentence */
  message?: string;
};

const SIGNED_OUT: SubscriptionActionState = { status: 'error', errors: {}, message: 'Your session has ended: sign in again.' };

/** Runs `work` as the signed-in customer and turns a refusal into the form's state. */
async function asCustomer(
  work: (scope: { customerId: string; actor: { type: 'user'; id: string }; services: ReturnType<typeof workspaceServices>; db: Awaited<ReturnType<typeof customerScope>>['database']['db'] }) => Promise<void>,
): Promise<SubscriptionActionState> {
  const session = await getSession();
  if (!session) return SIGNED_OUT;
  try {
    const { database, workspace } = await customerScope(session);
    const customerId = await ownCustomerId(database.db, session);
    const services = workspaceServices(workspace);
    await work({ customerId, actor: { type: 'user', id: session.userId }, services, db: database.db });
    // the change is news for the customer's email and the operator's webhooks: sent once the page has its answer
    deliverAfterResponse(database, { workspace, services });
    revalidatePath('/billing/subscription');
    return { status: 'done', errors: {} };
  } catch (error) {
    const details = error instanceof ZodError ? zodDetails(error) : error instanceof BillingError ? error.details : null;
    if (details === null) throw error;
    const errors: Record<string, string> = {};
    for (const detail of details) errors[detail.field === 'plan_code' ? 'plan_code' : 'form'] ??= detail.field && detail.field !== 'plan_code' ? `${detail.field}: ${detail.message}` : detail.message;
    const message = error instanceof BillingError ? error.message : 'The request is not valid.';
    return { status: error instanceof ZodError || (error instanceof BillingError && error.status === 422) ? 'invalid' : 'error', errors, message };
  }
}

/**
 * After a change the page is loaded afresh with what was done in its address (post, redirect, get): the
 * form that asked may be gone from the new page (the plan it offered is now the current one).
 */
function doneWith(result: SubscriptionActionState, done: string): SubscriptionActionState {
  if (result.status === 'done') redirect(`/billing/subscription?done=${done}`);
  return result;
}

/** Moves the subscription to `plan_code` now; the current period is prorated (change-plan.ts). */
export async function changePlan(_previous: SubscriptionActionState, form: FormData): Promise<SubscriptionActionState> {
  const planCode = form.get('plan_code');
  const result = await asCustomer(async ({ db, customerId, actor, services }) => {
    // only the field the form has: anything else a crafted post adds is not read
    await changeOwnPlan(db, customerId, { plan_code: typeof planCode === 'string' ? planCode : '' }, { now: new Date(), actor, config: services.config });
  });
  return doneWith(result, 'changed');
}

/** Sets the subscription to end with the current period. */
export async function cancelAtPeriodEnd(_previous: SubscriptionActionState): Promise<SubscriptionActionState> {
  const result = await asCustomer(async ({ db, customerId, actor, services }) => {
    await setOwnCancellation(db, services.stripe, customerId, true, { now: new Date(), actor });
  });
  return doneWith(result, 'cancelled');
}

/** Takes a cancellation at period end back: the subscription renews as before. */
export async function resumeSubscription(_previous: SubscriptionActionState): Promise<SubscriptionActionState> {
  const result = await asCustomer(async ({ db, customerId, actor, services }) => {
    await setOwnCancellation(db, services.stripe, customerId, false, { now: new Date(), actor });
  });
  return doneWith(result, 'resumed');
}
