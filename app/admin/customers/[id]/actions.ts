'use server';
// The /admin/customers/[id] page's changes, as Server Actions through the same domain functions as the
// API (`POST /api/billing/process-monthly`, `PATCH /api/admin/billing/customers/[id]`, `POST
// /api/billing/invoices`, `POST` and `PATCH /api/admin/billing/subscriptions`, `POST
// /api/admin/billing/usage/corrections`): the same validation, audit entries and notifications, in the
// workspace the switcher chose, as the signed-in admin. Viewers are refused here whatever the page shows.
import { customerChangesOf, readCustomerForm } from '@/lib/customers/customer-form';
import { toCustomerView } from '@/lib/customers/customer-schemas';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { updateCustomer } from '@/lib/customers/update-customer';
import { createOneTimeInvoice, oneTimeInvoiceSchema } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { stripeForWorkspace } from '@/lib/stripe/stripe-client';
import { cancelSubscriptionNow } from '@/lib/subscriptions/cancel-subscription-now';
import { changeSubscriptionPlan } from '@/lib/subscriptions/change-plan';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { setCancellation } from '@/lib/subscriptions/set-cancellation';
import { createSubscriptionSchema, patchSubscriptionSchema } from '@/lib/subscriptions/subscription-schemas';
import { correctUsageEvent, usageCorrectionSchema } from '@/lib/usage/correct-usage-event';
import { actingAdmin } from '@/lib/admin-overview/require-admin';
import { customerFieldErrors, failure, refreshCustomer as refresh, text, VIEW_ONLY, type CustomerActionState } from '../admin-action';

export type { CustomerActionState } from '../admin-action';

/** Bill every period of the customer that has ended, now; a second click bills nothing twice. */
export async function billNowAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const { scope, actor } = admin;
  const run = await runBilling(scope.database, { now: new Date(), config: scope.config, actor, trigger: 'manual', customerId });
  refresh(customerId);
  if (run.failed > 0) return { status: 'error', message: `Billing failed: ${run.errors.map((e) => e.message).join('; ')}` };
  return { status: 'done', message: run.invoiced === 0 ? 'Nothing to bill: no period of this customer has ended unbilled.' : `${run.invoiced} ${run.invoiced === 1 ? 'invoice' : 'invoices'} issued.` };
}

/** Suspend (nothing more is billed to a suspended account's Stripe card) or reactivate. */
export async function setCustomerStatusAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const status = text(form, 'status');
  try {
    await updateCustomer(admin.scope.database.db, customerId, { status: status as 'active' | 'suspended' }, { actor: admin.actor, now: new Date() });
    refresh(customerId);
    return { status: 'done', message: status === 'suspended' ? 'Customer suspended.' : 'Customer reactivated.' };
  } catch (error) {
    return failure(error);
  }
}

/** A one-time invoice of one line, finalized and numbered at once (the API takes several lines). */
export async function oneTimeInvoiceAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const values = { description: text(form, 'description'), quantity: text(form, 'quantity'), unit_price: text(form, 'unit_price'), due_days: text(form, 'due_days') };
  try {
    const input = oneTimeInvoiceSchema.parse({
      customer_id: customerId,
      items: [{ description: values.description, quantity: values.quantity, unit_price: values.unit_price }],
      finalize: true,
      // a typed "abc" becomes NaN, which the schema refuses on due_days
      ...(values.due_days === '' ? {} : { due_days: Number(values.due_days) }),
    });
    const invoice = await createOneTimeInvoice(admin.scope.database.db, input, { now: new Date(), config: admin.scope.config, actor: admin.actor });
    refresh(customerId);
    return { status: 'done', message: `Invoice ${invoice.number} issued.`, invoiceId: invoice.id };
  } catch (error) {
    return { ...failure(error), values };
  }
}

/** The profile's fields as the form sent them; only those that differ from what is stored are changed. */
export async function updateCustomerAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const values = readCustomerForm((name) => form.get(name));
  try {
    const current = toCustomerView(await getCustomerOrThrow(admin.scope.database.db, customerId));
    const changes = customerChangesOf(values, current);
    if (Object.keys(changes).length === 0) return { status: 'done', message: 'Nothing changed.', values };
    await updateCustomer(admin.scope.database.db, customerId, changes, { actor: admin.actor, now: new Date() });
    refresh(customerId);
    return { status: 'done', message: `Saved: ${Object.keys(changes).join(', ').replaceAll('_', ' ')}.` };
  } catch (error) {
    return { ...failure(error, customerFieldErrors, (path) => path.split('.')[0]!), values };
  }
}

/** A subscription to a plan's current version from now, with the plan's trial unless told otherwise. */
export async function subscribeAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const values = { plan_code: text(form, 'plan_code'), trial_days: text(form, 'trial_days') };
  try {
    const input = createSubscriptionSchema.parse({
      customer_id: customerId,
      plan_code: values.plan_code,
      // a typed "abc" becomes NaN, which the schema refuses on trial_days
      ...(values.trial_days === '' ? {} : { trial_days: Number(values.trial_days) }),
    });
    await createSubscription(admin.scope.database.db, input, { now: new Date(), config: admin.scope.config, actor: admin.actor });
    refresh(customerId);
    return { status: 'done', message: `Subscribed to ${input.plan_code}.` };
  } catch (error) {
    return { ...failure(error, undefined, (path) => path.split('.')[0]!), values };
  }
}

/**
 * Moves the live subscription to another plan now, prorating flat fees by time (change-plan.ts); one
 * whose fee Stripe bills is refused with what to do instead, shown beside the form.
 */
export async function changePlanAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const values = { plan_code: text(form, 'plan_code') };
  try {
    const { plan_code } = patchSubscriptionSchema.parse(values);
    await changeSubscriptionPlan(admin.scope.database.db, text(form, 'subscription_id'), plan_code!, { now: new Date(), config: admin.scope.config, actor: admin.actor });
    refresh(customerId);
    return { status: 'done', message: `Moved to ${plan_code}.` };
  } catch (error) {
    return { ...failure(error), values };
  }
}

/**
 * Cancels at the end of the current period, or takes that back (the only cancellation billing has), at
 * Stripe too when Stripe bills the fee (set-cancellation.ts).
 */
export async function setCancellationAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const cancel = text(form, 'cancel_at_period_end') === 'true';
  try {
    await setCancellation(admin.scope.database.db, stripeForWorkspace(admin.scope.workspace), text(form, 'subscription_id'), cancel, { actor: admin.actor, now: new Date() });
    refresh(customerId);
    return { status: 'done', message: cancel ? 'Cancels at the end of the current period.' : 'Resumed: it renews as before.' };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Ends the subscription now (after the page's confirmation): the running period cut here and billed
 * for its part, at once when "Issue the final invoice now" is ticked, fees paid in advance credited.
 */
export async function cancelNowAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const values = { reason: text(form, 'reason'), invoice_now: text(form, 'invoice_now') };
  try {
    const { scope, actor } = admin;
    const result = await cancelSubscriptionNow(
      scope.database,
      text(form, 'subscription_id'),
      { invoice_now: values.invoice_now === 'on', ...(values.reason ? { reason: values.reason } : {}) },
      { now: new Date(), config: scope.config, actor },
    );
    refresh(customerId);
    const billed = values.invoice_now === 'on' ? (result.invoiceIds.length ? 'Its last part is invoiced.' : 'Nothing was left to invoice.') : 'The next billing run invoices its last part.';
    const credited = result.creditNoteId ? ' The fees paid in advance for the rest of the period are credited.' : '';
    return { status: 'done', message: `Cancelled now. ${billed}${credited}`, ...(result.invoiceIds[0] ? { invoiceId: result.invoiceIds[0] } : {}) };
  } catch (error) {
    return { ...failure(error), values };
  }
}

/** Voids a usage event or sets its quantity, with the reason the audit log keeps. */
export async function correctUsageAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const customerId = text(form, 'customer_id');
  const admin = await actingAdmin(`/admin/customers/${customerId}`);
  if (!admin) return VIEW_ONLY;
  const values = { event_id: text(form, 'event_id'), action: text(form, 'action'), quantity: text(form, 'quantity'), reason: text(form, 'reason') };
  try {
    const correction = usageCorrectionSchema.parse({
      action: values.action,
      customer_id: customerId,
      event_id: values.event_id,
      reason: values.reason,
      ...(values.action === 'adjust' ? { quantity: values.quantity } : {}),
    });
    const corrected = await correctUsageEvent(admin.scope.database.db, correction, { actor: admin.actor, now: new Date() });
    refresh(customerId);
    return { status: 'done', message: corrected.voided ? `Event ${corrected.event_id} voided.` : `Event ${corrected.event_id} set to ${corrected.quantity}.` };
  } catch (error) {
    return { ...failure(error), values };
  }
}
