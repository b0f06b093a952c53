// Stripe's webhook: verify, record once, handle, converge.
//
// Stripe delivers at least once, in any order, retrying for days. So: the signature is checked on the
// raw body before anything is written; each event id is recorded once (a duplicate is answered 200 and
// does nothing; a delivery stuck "processing" for 5 minutes, or one that failed, may be taken again);
// the handler and the "completed" mark commit together, and a handler failure rolls back and answers
// 500 so Stripe retries. Handlers converge on the object's current state, re-read from Stripe when the
// client is configured, and never move an invoice back from paid.
import { and, eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { minorUnitDigits, moneyString } from '@/lib/billing/money';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Db, type Queryable } from '@/lib/db/client';
import { reactivateIfSettled } from '@/lib/dunning/reactivate';
import { auditLog, customers, invoices, paymentMethods, payments, subscriptions, webhookEvents } from '@/lib/db/schema';

/** Stripe's default: a signature older than this is refused (replayed or badly delayed requests). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
const RECLAIM_AFTER_MS = 5 * 60_000;

export type WebhookOutcome =
  | { status: 400; code: 'invalid_signature' | 'invalid_payload'; message: string }
  | { status: 200; received: true; duplicate: boolean; handled: boolean }
  | { status: 500; code: 'handler_failed'; message: string };

type Handler = (tx: Queryable, object: Record<string, unknown>, context: { stripe: Stripe | null; now: Date; config: BillingConfig }) => Promise<void>;

const fromMinor = (amount: number, currency: string) => moneyString(new ExactDecimal(amount).div(new ExactDecimal(10).pow(minorUnitDigits(currency))), currency);
const idOf = (value: unknown): string | null => (typeof value === 'string' ? value : value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null);

/** Our invoice for a Stripe invoice: by the id we stored, else by the invoice_id we put in its metadata. */
async function ourInvoice(tx: Queryable, stripeInvoice: Record<string, unknown>) {
  const metadata = (stripeInvoice.metadata ?? {}) as Record<string, string>;
  const [row] = await tx
    .select()
    .from(invoices)
    .where(metadata.invoice_id && /^[0-9a-f-]{36}$/.test(metadata.invoice_id) ? eq(invoices.id, metadata.invoice_id) : eq(invoices.stripeInvoiceId, String(stripeInvoice.id)))
    .for('update');
  return row ?? null;
}

/** The invoice as Stripe has it now; the payload may be older than other deliveries. */
async function currentInvoice(object: Record<string, unknown>, stripe: Stripe | null): Promise<Record<string, unknown>> {
  if (!stripe) return object;
  return (await stripe.invoices.retrieve(String(object.id))) as unknown as Record<string, unknown>;
}

export type PaymentIds = { paymentIntentId: string | null; chargeId: string | null };

/**
 * The payment intent and charge that paid a Stripe invoice. Since API version 2025-03-31 an invoice
 * no longer names them: they are found through its payments and the intent's latest charge.
 */
export async function paymentIdsOf(stripe: Stripe, stripeInvoiceId: string): Promise<PaymentIds> {
  const invoice = await stripe.invoices.retrieve(stripeInvoiceId, { expand: ['payments'] });
  const paymentIntentId = idOf(invoice.payments?.data?.[0]?.payment?.payment_intent);
  if (!paymentIntentId) return { paymentIntentId: null, chargeId: null };
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  return { paymentIntentId, chargeId: idOf(intent.latest_charge) };
}

const invoiceLinks: Handler = async (tx, object) => {
  const invoice = await ourInvoice(tx, object);
  if (!invoice) return;
  await tx
    .update(invoices)
    .set({
      stripeInvoiceId: String(object.id),
      hostedInvoiceUrl: (object.hosted_invoice_url as string | null) ?? invoice.hostedInvoiceUrl,
      invoicePdf: (object.invoice_pdf as string | null) ?? invoice.invoicePdf,
      updatedAt: new Date(),
    })
    .where(eq(invoices.id, invoice.id));
};

const invoicePaid: Handler = async (tx, object, { stripe, now, config }) => {
  const ids = stripe ? await paymentIdsOf(stripe, String(object.id)) : undefined;
  const customerId = await applyPaidStripeInvoice(tx, await currentInvoice(object, stripe), now, ids);
  if (customerId) await reactivateIfSettled(tx, [customerId], { now, config, actor: { type: 'stripe', id: String(object.id) } });
};

/**
 * Records a Stripe invoice that is paid as paid here, once: the webhook and a direct charge
 * (process-payment) both end here, whichever comes first.
 */
export async function applyPaidStripeInvoice(tx: Queryable, current: Record<string, unknown>, now: Date, ids?: PaymentIds): Promise<string | null> {
  if (current.status !== 'paid') return null; // an older "paid" than a later void or refund: Stripe's state decides
  const invoice = await ourInvoice(tx, current);
  if (!invoice || invoice.status === 'paid' || invoice.status === 'void') return null;
  const paidMinor = Number(current.amount_paid ?? 0);
  const paid = fromMinor(paidMinor, invoice.currency);
  const transitions = (current.status_transitions ?? {}) as { paid_at?: number | null };
  const paidAt = transitions.paid_at ? new Date(transitions.paid_at * 1000) : now;
  const payment = (current.payments as { data?: { payment?: { payment_intent?: unknown; charge?: unknown } }[] } | undefined)?.data?.[0]?.payment;
  const [attempts] = await selectRows<{ n: string | number }>(tx, sql`select count(*) as n from payments where invoice_id = ${invoice.id}`);
  await tx
    .insert(payments)
    .values({
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      attemptNumber: Number(attempts?.n ?? 0) + 1,
      amount: paid,
      currency: invoice.currency,
      method: 'card',
      status: 'succeeded',
      stripePaymentIntentId: ids?.paymentIntentId ?? idOf(payment?.payment_intent ?? current.payment_intent),
      stripeChargeId: ids?.chargeId ?? idOf(payment?.charge ?? current.charge),
    })
    .onConflictDoNothing();
  await tx
    .update(invoices)
    .set({ status: 'paid', amountPaid: invoice.total, amountDue: '0', paidAt, nextPaymentAttemptAt: null, updatedAt: now })
    .where(eq(invoices.id, invoice.id));
  await tx.insert(auditLog).values({ actorType: 'stripe', actorId: String(current.id), action: 'invoice.paid', entityType: 'invoice', entityId: invoice.id, customerId: invoice.customerId, details: { amount: paid } });
  return invoice.customerId;
}

const invoicePaymentFailed: Handler = async (tx, object, { stripe, now }) => {
  const current = await currentInvoice(object, stripe);
  const invoice = await ourInvoice(tx, current);
  if (!invoice || invoice.status !== 'open') return; // paid or void since: nothing to record
  const attempt = Number(current.attempt_count ?? 1);
  const error = (current.last_finalization_error ?? null) as { code?: string; message?: string } | null;
  await tx
    .insert(payments)
    .values({
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      attemptNumber: attempt,
      amount: invoice.amountDue,
      currency: invoice.currency,
      method: 'card',
      status: 'failed',
      failureCode: error?.code ?? 'payment_failed',
      failureMessage: error?.message ?? 'The payment was declined',
    })
    .onConflictDoNothing(); // the same attempt delivered twice is one row
  const next = current.next_payment_attempt ? new Date(Number(current.next_payment_attempt) * 1000) : invoice.nextPaymentAttemptAt;
  await tx
    .update(invoices)
    .set({ paymentAttemptCount: sql`greatest(${invoices.paymentAttemptCount}, ${attempt})`, nextPaymentAttemptAt: next, updatedAt: now })
    .where(eq(invoices.id, invoice.id));
};

const invoiceVoided: Handler = async (tx, object, { stripe, now }) => {
  const current = await currentInvoice(object, stripe);
  if (current.status !== 'void') return;
  const invoice = await ourInvoice(tx, current);
  if (!invoice || invoice.status === 'paid' || invoice.status === 'void') return;
  await tx.update(invoices).set({ status: 'void', voidedAt: now, amountDue: '0', updatedAt: now }).where(eq(invoices.id, invoice.id));
  await tx.insert(auditLog).values({ actorType: 'stripe', actorId: String(current.id), action: 'invoice.voided', entityType: 'invoice', entityId: invoice.id, customerId: invoice.customerId, details: {} });
};

const SUBSCRIPTION_STATUS: Record<string, 'active' | 'past_due' | 'canceled' | 'trialing' | 'incomplete'> = {
  active: 'active',
  trialing: 'trialing',
  past_due: 'past_due',
  unpaid: 'past_due',
  canceled: 'canceled',
  incomplete: 'incomplete',
  incomplete_expired: 'canceled',
  paused: 'past_due',
};

const subscriptionChanged: Handler = async (tx, object, { stripe, now }) => {
  const current = stripe ? ((await stripe.subscriptions.retrieve(String(object.id))) as unknown as Record<string, unknown>) : object;
  const status = SUBSCRIPTION_STATUS[String(current.status)] ?? 'incomplete';
  const metadata = (current.metadata ?? {}) as Record<string, string>;
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(metadata.subscription_id && /^[0-9a-f-]{36}$/.test(metadata.subscription_id) ? eq(subscriptions.id, metadata.subscription_id) : eq(subscriptions.stripeSubscriptionId, String(current.id)))
    .for('update');
  if (!row || (row.status === 'canceled' && status !== 'canceled')) return; // an ended subscription never comes back
  await tx
    .update(subscriptions)
    .set({
      stripeSubscriptionId: String(current.id),
      status,
      cancelAtPeriodEnd: Boolean(current.cancel_at_period_end),
      ...(status === 'canceled' ? { canceledAt: row.canceledAt ?? now, endedAt: row.endedAt ?? now } : {}),
      updatedAt: now,
    })
    .where(eq(subscriptions.id, row.id));
};

const paymentMethodAttached: Handler = async (tx, object) => {
  const stripeCustomerId = idOf(object.customer);
  if (!stripeCustomerId) return;
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  if (!customer) return;
  const card = (object.card ?? null) as { brand?: string; last4?: string; exp_month?: number; exp_year?: number } | null;
  const sepa = (object.sepa_debit ?? null) as { last4?: string } | null;
  await tx
    .insert(paymentMethods)
    .values({
      customerId: customer.id,
      stripePaymentMethodId: String(object.id),
      type: String(object.type),
      brand: card?.brand ?? null,
      last4: card?.last4 ?? sepa?.last4 ?? null,
      expMonth: card?.exp_month ?? null,
      expYear: card?.exp_year ?? null,
    })
    .onConflictDoUpdate({ target: paymentMethods.stripePaymentMethodId, set: { detachedAt: null } });
};

const chargeRefunded: Handler = async (tx, object) => {
  const currency = String(object.currency);
  const refunded = fromMinor(Number(object.amount_refunded ?? 0), currency);
  await tx
    .update(payments)
    .set({ amountRefunded: refunded, status: object.refunded ? 'refunded' : sql`${payments.status}`, updatedAt: new Date() })
    .where(and(eq(payments.stripeChargeId, String(object.id))));
};

const HANDLERS: Record<string, Handler> = {
  'invoice.created': invoiceLinks,
  'invoice.finalized': invoiceLinks,
  'invoice.paid': invoicePaid,
  'invoice.payment_succeeded': invoicePaid,
  'invoice.payment_failed': invoicePaymentFailed,
  'invoice.voided': invoiceVoided,
  'customer.subscription.created': subscriptionChanged,
  'customer.subscription.updated': subscriptionChanged,
  'customer.subscription.deleted': subscriptionChanged,
  'payment_method.attached': paymentMethodAttached,
  'charge.refunded': chargeRefunded,
};

export const HANDLED_EVENT_TYPES = Object.keys(HANDLERS);

export async function receiveStripeWebhook(
  db: Db,
  { rawBody, signature, secret, stripe, now, config }: { rawBody: string; signature: string | null; secret: string; stripe: Stripe | null; now: Date; config: BillingConfig },
): Promise<WebhookOutcome> {
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    const isSignature = error instanceof Stripe.errors.StripeSignatureVerificationError;
    return { status: 400, code: isSignature ? 'invalid_signature' : 'invalid_payload', message: isSignature ? 'The Stripe signature is missing, wrong or too old' : 'The body is not a Stripe event' };
  }

  // Claim the event: new, failed before, or stuck processing past the reclaim time. Anything else is a
  // duplicate delivery (done, or being handled right now by another invocation).
  const [claimed] = await selectRows<{ id: string }>(
    db,
    sql`insert into webhook_events (id, type, status, payload, locked_at)
        values (${event.id}, ${event.type}, 'processing', ${JSON.stringify(event)}::jsonb, ${now.toISOString()}::timestamptz)
        on conflict (id) do update set status = 'processing', attempts = webhook_events.attempts + 1, locked_at = excluded.locked_at, last_error = null
         where webhook_events.status = 'failed'
            or (webhook_events.status = 'processing' and webhook_events.locked_at < ${new Date(now.getTime() - RECLAIM_AFTER_MS).toISOString()}::timestamptz)
        returning id`,
  );
  if (!claimed) return { status: 200, received: true, duplicate: true, handled: false };

  const handler = HANDLERS[event.type];
  try {
    await db.transaction(async (tx) => {
      if (handler) await handler(tx, event.data.object as unknown as Record<string, unknown>, { stripe, now, config });
      await tx.update(webhookEvents).set({ status: 'completed', processedAt: now, lockedAt: null }).where(eq(webhookEvents.id, event.id));
    });
    return { status: 200, received: true, duplicate: false, handled: Boolean(handler) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[stripe-webhook] ${event.type} ${event.id} failed: ${message}`);
    await db.update(webhookEvents).set({ status: 'failed', lastError: message.slice(0, 1000), lockedAt: null }).where(eq(webhookEvents.id, event.id));
    return { status: 500, code: 'handler_failed', message: 'The event could not be processed; Stripe will retry it' };
  }
}
