// Collecting invoices: PaymentIntents, charges and invoice payments.
//
// As in Stripe since 2025-03-31.basil, an invoice reaches its PaymentIntent through an
// `invoice_payment` (`invoice.payments`, includable) and exposes the intent's client secret as
// `invoice.confirmation_secret` (includable). A charge attempt creates a `ch_…` whatever the
// outcome; a declined one leaves the intent in `requires_payment_method` with `last_payment_error`
// and the invoice open. SEPA Direct Debit is asynchronous: the intent stays `processing` and the
// charge `pending` until the test settles it (settlePayment).
import type Stripe from 'stripe';
import type { ApiRouter } from '../api';
import { toWire, type ChargeFailure, type FakeAccount, type RequestInfo } from '../fake-account';
import { listOf, newestFirst } from '../render';
import { cardError, invalidRequest } from '../stripe-errors';
import { fixtures, fromTemplate } from '../templates';
import { behaviourOf } from './payment-methods';

type Outcome = 'succeeded' | 'processing' | 'failed';

/** The invoice's default invoice payment and its PaymentIntent, created on first need. */
export function openPaymentFor(account: FakeAccount, invoice: Stripe.Invoice, request: RequestInfo | null): { payment: Stripe.InvoicePayment; intent: Stripe.PaymentIntent } {
  const existing = [...account.state.invoicePayments.values()].find((p) => p.invoice === invoice.id && p.is_default && p.status === 'open');
  if (existing) return { payment: existing, intent: account.get('paymentIntents', existing.payment.payment_intent as string, 'payment_intent') };
  const id = account.newId('pi_');
  const created = account.now();
  const intent = fromTemplate('payment_intent', {
    id,
    amount: invoice.amount_remaining,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: account.clientSecret(id),
    confirmation_method: 'automatic',
    created,
    currency: invoice.currency,
    customer: typeof invoice.customer === 'string' ? invoice.customer : null,
    customer_account: null,
    description: invoice.parent?.type === 'subscription_details' ? 'Subscription creation' : 'Payment for Invoice',
    excluded_payment_method_types: null,
    latest_charge: null,
    metadata: {},
    on_behalf_of: null,
    payment_method: null,
    payment_method_options: {},
    payment_method_types: invoice.currency === 'eur' ? ['card', 'sepa_debit'] : ['card'],
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_group: null,
  });
  account.state.paymentIntents.set(intent.id, intent);
  const payment = fromTemplate('invoice_payment', {
    id: account.newId('inpay_'),
    amount_paid: null,
    amount_requested: invoice.amount_remaining,
    created,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    payment: { type: 'payment_intent', payment_intent: intent.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  });
  account.state.invoicePayments.set(payment.id, payment);
  account.emit('payment_intent.created', intent, { request });
  return { payment, intent };
}

function paymentMethodDetails(method: Stripe.PaymentMethod, amount: number, outcome: Outcome): Stripe.Charge.PaymentMethodDetails {
  if (method.sepa_debit) {
    const sepa = method.sepa_debit;
    return {
      type: 'sepa_debit',
      sepa_debit: { bank_code: sepa.bank_code, branch_code: sepa.branch_code, country: sepa.country, fingerprint: sepa.fingerprint, last4: sepa.last4, mandate: null, transaction_id: null },
    } as Stripe.Charge.PaymentMethodDetails;
  }
  const card = method.card!;
  const example = (fixtures.resources.charge.payment_method_details as { card: Stripe.Charge.PaymentMethodDetails.Card }).card;
  return {
    type: 'card',
    card: {
      ...structuredClone(example),
      amount_authorized: outcome === 'succeeded' ? amount : null,
      authorization_code: outcome === 'succeeded' ? '123456' : null,
      brand: card.brand,
      // off-session charges send no CVC
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: null },
      country: card.country,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: card.fingerprint ?? null,
      funding: card.funding,
      installments: null,
      last4: card.last4,
      mandate: null,
      network: card.brand,
      network_transaction_id: null,
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: null,
      wallet: null,
    } as Stripe.Charge.PaymentMethodDetails.Card,
  } as Stripe.Charge.PaymentMethodDetails;
}

function chargeOutcome(outcome: Outcome, failure: ChargeFailure | undefined): Stripe.Charge.Outcome | null {
  if (outcome === 'processing') return null;
  const common = { advice_code: null, network_advice_code: null, network_decline_code: null, risk_level: 'normal', risk_score: 20 };
  if (outcome === 'succeeded') return { ...common, network_status: 'approved_by_network', reason: null, seller_message: 'Payment complete.', type: 'authorized' };
  return {
    ...common,
    network_status: 'declined_by_network',
    reason: failure?.decline_code ?? failure?.code ?? null,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

function lastPaymentError(failure: ChargeFailure, charge: Stripe.Charge, method: Stripe.PaymentMethod): Stripe.PaymentIntent.LastPaymentError {
  return {
    charge: charge.id,
    code: failure.code,
    ...(failure.decline_code ? { decline_code: failure.decline_code } : {}),
    doc_url: `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, '-')}`,
    message: failure.message,
    payment_method: method,
    type: 'card_error',
  } as Stripe.PaymentIntent.LastPaymentError;
}

/** One charge attempt of `intent` with `method`: records the charge and moves the intent on. */
function attemptCharge(account: FakeAccount, intent: Stripe.PaymentIntent, method: Stripe.PaymentMethod, request: RequestInfo | null): { charge: Stripe.Charge; failure?: ChargeFailure } {
  if (method.type === 'sepa_debit' && intent.currency !== 'eur') {
    throw invalidRequest(`The currency provided (${intent.currency}) is invalid. Payments with sepa_debit support the following currencies: eur.`, {
      param: 'payment_method',
      code: 'payment_intent_invalid_parameter',
    });
  }
  const behaviour = behaviourOf(method);
  const failure = account.chargeFailures.shift() ?? (behaviour.outcome === 'declines' ? behaviour.failure : undefined);
  const outcome: Outcome = failure ? 'failed' : behaviour.outcome === 'processing' ? 'processing' : 'succeeded';
  const id = account.newId('ch_');
  const charge = fromTemplate('charge', {
    id,
    amount: intent.amount,
    amount_captured: outcome === 'succeeded' ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    billing_details: structuredClone(method.billing_details) as Stripe.Charge.BillingDetails,
    captured: outcome === 'succeeded',
    created: account.now(),
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    metadata: {},
    on_behalf_of: null,
    outcome: chargeOutcome(outcome, failure),
    paid: outcome === 'succeeded',
    payment_intent: intent.id,
    payment_method: method.id,
    payment_method_details: paymentMethodDetails(method, intent.amount, outcome),
    receipt_url: outcome === 'failed' ? null : `${account.url}/receipts/${id}`,
    refunded: false,
    review: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: outcome === 'processing' ? 'pending' : outcome,
  });
  // `refunds` is includable (expand[]=refunds), not part of a charge by default
  delete charge.refunds;
  account.state.charges.set(charge.id, charge);
  intent.latest_charge = charge.id;
  if (failure) {
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = lastPaymentError(failure, charge, method);
    account.emit('charge.failed', charge, { request });
    account.emit('payment_intent.payment_failed', intent, { request });
    return { charge, failure };
  }
  intent.payment_method = method.id;
  intent.last_payment_error = null;
  if (outcome === 'processing') {
    intent.status = 'processing';
    account.emit('charge.pending', charge, { request });
    account.emit('payment_intent.processing', intent, { request });
  } else {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    account.emit('charge.succeeded', charge, { request });
    account.emit('payment_intent.succeeded', intent, { request });
  }
  return { charge };
}

function invoiceOfIntent(account: FakeAccount, intent: Stripe.PaymentIntent): { invoice: Stripe.Invoice; payment: Stripe.InvoicePayment } | null {
  const payment = [...account.state.invoicePayments.values()].find((p) => p.payment.payment_intent === intent.id);
  const invoice = payment ? account.state.invoices.get(payment.invoice as string) : undefined;
  return payment && invoice ? { invoice, payment } : null;
}

/** Brings the invoice (and its subscription) in line with a succeeded or failed intent. */
function settleInvoice(account: FakeAccount, intent: Stripe.PaymentIntent, request: RequestInfo | null): void {
  const found = invoiceOfIntent(account, intent);
  if (!found) return;
  const { invoice, payment } = found;
  if (intent.status === 'requires_payment_method') {
    account.emit('invoice.payment_failed', invoice, { request });
    return;
  }
  if (intent.status !== 'succeeded') return;
  const now = account.now();
  payment.status = 'paid';
  payment.amount_paid = intent.amount_received;
  payment.status_transitions.paid_at = now;
  invoice.amount_paid += intent.amount_received;
  invoice.amount_remaining = Math.max(0, invoice.amount_due - invoice.amount_paid);
  invoice.status = 'paid';
  invoice.status_transitions.paid_at = now;
  invoice.next_payment_attempt = null;
  account.emit('invoice.paid', invoice, { request });
  account.emit('invoice.payment_succeeded', invoice, { request });
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription = typeof subscriptionId === 'string' ? account.state.subscriptions.get(subscriptionId) : undefined;
  if (subscription) {
    const before = toWire(subscription);
    // the first payment starts it; paying the latest invoice brings a past-due one back
    if (subscription.status === 'incomplete' || (subscription.status === 'past_due' && subscription.latest_invoice === invoice.id)) subscription.status = 'active';
    const method = typeof intent.payment_method === 'string' ? account.state.paymentMethods.get(intent.payment_method) : undefined;
    if (subscription.payment_settings?.save_default_payment_method === 'on_subscription' && method) {
      // the payment method the customer paid with is saved to them and becomes the subscription's default
      if (!method.customer) {
        method.customer = subscription.customer as string;
        account.emit('payment_method.attached', method, { request });
      }
      subscription.default_payment_method = method.id;
    }
    account.emitUpdated('customer.subscription.updated', before, subscription, request);
  }
}

/**
 * Charges `method` for an open invoice (POST /v1/invoices/:id/pay, or a subscription's first
 * invoice). A decline is Stripe's 402 card_error, carrying the charge and the PaymentIntent; the
 * invoice stays open with `attempt_count` incremented.
 */
export function collectInvoice(account: FakeAccount, invoice: Stripe.Invoice, method: Stripe.PaymentMethod, request: RequestInfo | null): Stripe.Invoice {
  const { intent } = openPaymentFor(account, invoice, request);
  const { charge, failure } = attemptCharge(account, intent, method, request);
  invoice.attempted = true;
  invoice.attempt_count += 1;
  settleInvoice(account, intent, request);
  if (failure) {
    throw cardError({ ...failure, charge: charge.id, payment_intent: toWire(intent), payment_method: toWire(method) });
  }
  return invoice;
}

/**
 * What Stripe.js does when the customer confirms a PaymentIntent on the client with test payment
 * method `method` (e.g. from `latest_invoice.confirmation_secret`). Returns the intent: succeeded,
 * processing (SEPA), or requires_payment_method with `last_payment_error` after a decline.
 */
export function confirmIntent(account: FakeAccount, intent: Stripe.PaymentIntent, method: Stripe.PaymentMethod): Stripe.PaymentIntent {
  if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
    throw new Error(`payment intent ${intent.id} is ${intent.status}; only an intent awaiting payment can be confirmed`);
  }
  attemptCharge(account, intent, method, null);
  const found = invoiceOfIntent(account, intent);
  if (found) {
    found.invoice.attempted = true;
    found.invoice.attempt_count += 1;
  }
  settleInvoice(account, intent, null);
  return intent;
}

/** Completes a `processing` payment (SEPA Direct Debit) the way the bank eventually answers. */
export function settleProcessingPayment(account: FakeAccount, intentId: string, outcome: 'succeeded' | 'failed', failure?: ChargeFailure): Stripe.PaymentIntent {
  const intent = account.get('paymentIntents', intentId, 'payment_intent');
  if (intent.status !== 'processing') throw new Error(`payment intent ${intent.id} is ${intent.status}, not processing`);
  const charge = account.get('charges', intent.latest_charge as string, 'charge');
  const method = account.get('paymentMethods', charge.payment_method!, 'PaymentMethod');
  if (outcome === 'succeeded') {
    charge.status = 'succeeded';
    charge.paid = true;
    charge.captured = true;
    charge.amount_captured = charge.amount;
    charge.outcome = chargeOutcome('succeeded', undefined);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    account.emit('charge.succeeded', charge);
    account.emit('payment_intent.succeeded', intent);
  } else {
    const reason = failure ?? { code: 'insufficient_funds', message: "The customer's account has insufficient funds to cover this payment." };
    charge.status = 'failed';
    charge.failure_code = reason.code;
    charge.failure_message = reason.message;
    charge.outcome = chargeOutcome('failed', reason);
    charge.receipt_url = null;
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = lastPaymentError(reason, charge, method);
    account.emit('charge.failed', charge);
    account.emit('payment_intent.payment_failed', intent);
  }
  settleInvoice(account, intent, null);
  return intent;
}

/** Cancels the invoice's open PaymentIntent, as voiding an invoice does. */
export function cancelOpenPayment(account: FakeAccount, invoice: Stripe.Invoice, request: RequestInfo | null): void {
  for (const payment of account.state.invoicePayments.values()) {
    if (payment.invoice !== invoice.id || payment.status !== 'open') continue;
    payment.status = 'canceled';
    payment.status_transitions.canceled_at = account.now();
    const intent = account.state.paymentIntents.get(payment.payment.payment_intent as string);
    if (intent && intent.status !== 'succeeded' && intent.status !== 'processing') {
      intent.status = 'canceled';
      intent.canceled_at = account.now();
      intent.cancellation_reason = 'void_invoice';
      account.emit('payment_intent.canceled', intent, { request });
    }
  }
}

export function paymentRoutes(router: ApiRouter): void {
  router
    .add('GET', '/v1/payment_intents/:id', ({ account, path }) => account.get('paymentIntents', path.id!, 'payment_intent'))
    .add('GET', '/v1/charges/:id', ({ account, path }) => account.get('charges', path.id!, 'charge'))
    .add('GET', '/v1/invoice_payments/:id', ({ account, path }) => account.get('invoicePayments', path.id!, 'invoice payment'))
    .add('GET', '/v1/invoice_payments', ({ account, params }) => {
      const invoice = params.string('invoice');
      const payments = [...account.state.invoicePayments.values()].filter((p) => !invoice || p.invoice === invoice);
      return listOf('/v1/invoice_payments', newestFirst(payments), params);
    });
}
