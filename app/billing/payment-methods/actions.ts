'use server';
// The payment methods page's actions: add (off to Stripe Checkout), make default, remove. Each runs
// the lib/payments verb for the signed-in customer only — their customer id is read under RLS, so a
// method id from another account is simply not found — and answers an inline message instead of a
// status code.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import Stripe from 'stripe';
import { z } from 'zod';
import { getSession } from '@/lib/auth/get-session';
import type { Session } from '@/lib/auth/claims';
import { ownCustomerId } from '@/lib/customers/update-own-billing-details';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { env } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { addPaymentMethod, PAYMENT_METHODS_PATH } from '@/lib/payments/add-payment-method';
import { removePaymentMethod } from '@/lib/payments/remove-payment-method';
import { setDefaultPaymentMethod } from '@/lib/payments/set-default-payment-method';
import { workspaceServices } from '@/lib/workspaces/workspace-services';

export type PaymentMethodActionState = {
  status: 'idle' | 'done' | 'invalid' | 'error';
  message?: string;
  /** the method the message is about, so the page shows it beside that method */
  paymentMethodId?: string;
};

async function forCustomer(session: Session) {
  const { database, workspace } = await customerScope(session);
  const customerId = await ownCustomerId(database.db, session);
  return { db: database.db, stripe: workspaceServices(workspace).stripe, customerId, actor: { type: 'user' as const, id: session.userId } };
}

/** A BillingError as the form's answer: a 422 names what was wrong with the field, anything else says what happened. */
function refused(error: unknown, paymentMethodId: string | undefined): PaymentMethodActionState {
  // Stripe said no (or could not be reached): nothing was changed here, and its reason is the one to show
  if (error instanceof Stripe.errors.StripeError) {
    console.error('[payment-methods] Stripe refused', error.message);
    return { status: 'error', message: `Stripe did not accept the change, so nothing was changed: ${error.message}`, paymentMethodId };
  }
  if (!(error instanceof BillingError)) throw error;
  if (error.status === 422) return { status: 'invalid', message: error.details[0]?.message ?? error.message, paymentMethodId };
  if (error.status === 404) return { status: 'error', message: 'That payment method is not on file for your account (it may have been removed already). Reload the page.', paymentMethodId };
  return { status: 'error', message: error.message, paymentMethodId };
}

const ENDED: PaymentMethodActionState = { status: 'error', message: 'Your session has ended: sign in again.' };

/** "Add a payment method": a Checkout Session in setup mode, and off to Stripe's page. */
export async function startAddPaymentMethod(_previous: PaymentMethodActionState, _form: FormData): Promise<PaymentMethodActionState> {
  const session = await getSession();
  if (!session) return ENDED;
  let url: string;
  try {
    const { db, stripe, customerId } = await forCustomer(session);
    // Next checks a Server Action's Origin against the host, so it is this app's own address
    const appOrigin = (await headers()).get('origin') ?? env().APP_URL;
    ({ url } = await addPaymentMethod(db, stripe, customerId, { appOrigin }));
  } catch (error) {
    if (error instanceof BillingError) return refused(error, undefined);
    console.error('[payment-methods] could not start Stripe Checkout', error);
    return { status: 'error', message: 'Stripe could not be reached to add a payment method. Nothing was changed; try again in a minute.' };
  }
  redirect(url);
}

async function makeDefault(form: FormData): Promise<PaymentMethodActionState> {
  const paymentMethodId = String(form.get('payment_method_id') ?? '');
  const session = await getSession();
  if (!session) return ENDED;
  try {
    const { db, stripe, customerId, actor } = await forCustomer(session);
    await setDefaultPaymentMethod(db, stripe, customerId, paymentMethodId, { actor });
  } catch (error) {
    return refused(error, paymentMethodId);
  }
  revalidatePath(PAYMENT_METHODS_PATH);
  return { status: 'done', message: 'Default payment method changed.', paymentMethodId };
}

async function remove(form: FormData): Promise<PaymentMethodActionState> {
  const paymentMethodId = String(form.get('payment_method_id') ?? '');
  const session = await getSession();
  if (!session) return ENDED;
  try {
    const { db, stripe, customerId, actor } = await forCustomer(session);
    const removed = await removePaymentMethod(db, stripe, customerId, paymentMethodId, { actor, now: new Date() });
    revalidatePath(PAYMENT_METHODS_PATH);
    return { status: 'done', message: removed.default_payment_method ? 'Payment method removed.' : 'Payment method removed. You have no default payment method now.', paymentMethodId };
  } catch (error) {
    return refused(error, paymentMethodId);
  }
}

const intentSchema = z.enum(['make_default', 'remove']);

/** "Make default" and "Remove" post here, told apart by `intent`, so the page has one answer to show. */
export async function changePaymentMethod(_previous: PaymentMethodActionState, form: FormData): Promise<PaymentMethodActionState> {
  const intent = intentSchema.safeParse(form.get('intent'));
  if (!intent.success) return { status: 'invalid', message: 'Choose "Make default" or "Remove".' };
  return intent.data === 'make_default' ? makeDefault(form) : remove(form);
}
