// Payment methods and setup intents, with Stripe's test payment methods.
//
// Stripe's test mode has ready-made payment method ids (`pm_card_visa`, …). Attaching one to a
// customer creates a new `pm_…` copy bound to that customer, as Stripe does. As in Stripe, a card
// that is declined outright (`pm_card_chargeDeclined`, insufficient funds, expired) is refused
// when it is attached, because attaching checks the card; `pm_card_chargeCustomerFail` attaches
// and then declines every charge. To give a customer a card that declines on charge with another
// reason, use the fake's `attachPaymentMethod` helper (no check) or `failNextCharge`.
import type Stripe from 'stripe';
import type { ApiCall, ApiRouter } from '../api';
import type { ChargeFailure, FakeAccount, RequestInfo } from '../fake-account';
import { toWire } from '../fake-account';
import { applyMetadata } from '../params';
import { cardError, invalidRequest, missingParam, noSuch } from '../stripe-errors';
import { fromTemplate } from '../templates';

/** How a test payment method behaves when charged. */
export type PaymentBehaviour =
  | { outcome: 'succeeds' }
  /** SEPA Direct Debit: the payment stays `processing` until the test settles it (settlePayment). */
  | { outcome: 'processing' }
  | { outcome: 'declines'; failure: ChargeFailure; checkedOnAttach: boolean };

type TestCard = { brand: string; last4: string; fingerprint: string; funding?: string };
type TestPaymentMethod = { card?: TestCard; sepaDebit?: { last4: string; bankCode: string; country: string; fingerprint: string }; behaviour: PaymentBehaviour };

const DECLINED: ChargeFailure = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
const INSUFFICIENT_FUNDS: ChargeFailure = { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };

/** Every test card expires 12/2034. */
export const TEST_CARD_EXPIRY = { exp_month: 12, exp_year: 2034 };

export const TEST_PAYMENT_METHODS: Record<string, TestPaymentMethod> = {
  pm_card_visa: { card: { brand: 'visa', last4: '4242', fingerprint: 'Xt5EWLLDS7FJjR1c' }, behaviour: { outcome: 'succeeds' } },
  pm_card_mastercard: { card: { brand: 'mastercard', last4: '4444', fingerprint: 'Yc8mQv2aJd9LpW3e' }, behaviour: { outcome: 'succeeds' } },
  pm_card_chargeDeclined: { card: { brand: 'visa', last4: '0002', fingerprint: 'Gd2nH7kPq4RsT1uV' }, behaviour: { outcome: 'declines', failure: DECLINED, checkedOnAttach: true } },
  pm_card_chargeDeclinedInsufficientFunds: {
    card: { brand: 'visa', last4: '9995', fingerprint: 'Fk3oJ8lQr5StU2vW' },
    behaviour: { outcome: 'declines', failure: INSUFFICIENT_FUNDS, checkedOnAttach: true },
  },
  // the name the project's brief uses for the same card
  pm_card_insufficientFunds: { card: { brand: 'visa', last4: '9995', fingerprint: 'Fk3oJ8lQr5StU2vW' }, behaviour: { outcome: 'declines', failure: INSUFFICIENT_FUNDS, checkedOnAttach: true } },
  pm_card_chargeDeclinedExpiredCard: {
    card: { brand: 'visa', last4: '0069', fingerprint: 'Hl4pK9mRs6TuV3wX' },
    behaviour: { outcome: 'declines', failure: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' }, checkedOnAttach: true },
  },
  pm_card_chargeCustomerFail: { card: { brand: 'visa', last4: '0341', fingerprint: 'Jm5qL0nSt7UvW4xY' }, behaviour: { outcome: 'declines', failure: DECLINED, checkedOnAttach: false } },
  pm_card_authenticationRequired: {
    card: { brand: 'visa', last4: '3184', fingerprint: 'Kn6rM1oTu8VwX5yZ' },
    behaviour: {
      outcome: 'declines',
      failure: { code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' },
      checkedOnAttach: false,
    },
  },
  pm_sepa_debit: { sepaDebit: { last4: '3000', bankCode: '37040044', country: 'DE', fingerprint: 'Lo7sN2pUv9WxY6zA' }, behaviour: { outcome: 'processing' } },
};

/** Behaviour of a stored payment method (copies remember the test method they came from). */
const behaviours = new WeakMap<Stripe.PaymentMethod, PaymentBehaviour>();

export function behaviourOf(method: Stripe.PaymentMethod): PaymentBehaviour {
  return behaviours.get(method) ?? { outcome: 'succeeds' };
}

/** The Stripe object for test payment method `templateId`, with the given id. */
function testPaymentMethod(account: FakeAccount, templateId: string, id: string, customer: string | null): Stripe.PaymentMethod {
  const spec = TEST_PAYMENT_METHODS[templateId]!;
  const method = fromTemplate('payment_method', {
    id,
    created: account.now(),
    customer,
    type: spec.card ? 'card' : 'sepa_debit',
    ...(spec.card
      ? {
          card: {
            brand: spec.card.brand,
            checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
            country: 'US',
            display_brand: spec.card.brand,
            ...TEST_CARD_EXPIRY,
            fingerprint: spec.card.fingerprint,
            funding: spec.card.funding ?? 'credit',
            generated_from: null,
            last4: spec.card.last4,
            networks: { available: [spec.card.brand], preferred: null },
            regulated_status: 'unregulated',
            three_d_secure_usage: { supported: true },
            wallet: null,
          },
        }
      : {}),
  });
  if (spec.sepaDebit) {
    // SEPA mandates need the account holder's name and email
    delete method.card;
    method.sepa_debit = {
      bank_code: spec.sepaDebit.bankCode,
      branch_code: null,
      country: spec.sepaDebit.country,
      fingerprint: spec.sepaDebit.fingerprint,
      generated_from: null,
      last4: spec.sepaDebit.last4,
    };
    method.billing_details = { ...method.billing_details, name: 'Jenny Rosen', email: 'jenny.rosen@example.com' };
  }
  behaviours.set(method, spec.behaviour);
  return method;
}

/** A stored copy of test payment method `templateId`, attached to `customerId` or to no one. */
export function createTestPaymentMethod(account: FakeAccount, templateId: string, customerId: string | null): Stripe.PaymentMethod {
  const method = testPaymentMethod(account, templateId, account.newId('pm_'), customerId);
  account.state.paymentMethods.set(method.id, method);
  return method;
}

/** Payment methods that were detached; Stripe does not let them be used again. */
const detached = new WeakSet<Stripe.PaymentMethod>();

/**
 * Attaches `id` (a test payment method id or a stored `pm_…`) to `customer`. A test id makes a new
 * copy; `checked: false` skips the card check a real attach does (for the test helper only).
 */
export function attachPaymentMethod(
  account: FakeAccount,
  id: string,
  customer: Stripe.Customer,
  request: RequestInfo | null,
  param?: string,
  options: { checked?: boolean } = {},
): Stripe.PaymentMethod {
  const spec = TEST_PAYMENT_METHODS[id];
  if (spec) {
    if ((options.checked ?? true) && spec.behaviour.outcome === 'declines' && spec.behaviour.checkedOnAttach) {
      throw cardError({ ...spec.behaviour.failure, ...(param ? { param } : {}) });
    }
    const method = createTestPaymentMethod(account, id, customer.id);
    account.emit('payment_method.attached', method, { request });
    return method;
  }
  const method = account.state.paymentMethods.get(id);
  if (!method) throw noSuch('PaymentMethod', id, param);
  if (method.customer === customer.id) return method;
  if (method.customer) throw invalidRequest('The payment method you provided has already been attached to a customer.', { param });
  if (detached.has(method)) {
    throw invalidRequest('This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.', { param });
  }
  method.customer = customer.id;
  account.emit('payment_method.attached', method, { request });
  return method;
}

function retrievePaymentMethod({ account, path }: ApiCall): Stripe.PaymentMethod {
  // the test ids can be retrieved too; they belong to no customer
  if (TEST_PAYMENT_METHODS[path.id!]) return testPaymentMethod(account, path.id!, path.id!, null);
  return account.get('paymentMethods', path.id!, 'PaymentMethod');
}

function attach({ account, params, path, request }: ApiCall): Stripe.PaymentMethod {
  const customerId = params.string('customer');
  if (!customerId) throw missingParam('customer');
  const customer = account.get('customers', customerId, 'customer', 'customer');
  if (!TEST_PAYMENT_METHODS[path.id!]) account.get('paymentMethods', path.id!, 'PaymentMethod');
  return attachPaymentMethod(account, path.id!, customer, request);
}

function detach({ account, path, request }: ApiCall): Stripe.PaymentMethod {
  const method = account.get('paymentMethods', path.id!, 'PaymentMethod');
  if (!method.customer) throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.');
  const customer = account.state.customers.get(method.customer as string);
  if (customer?.invoice_settings.default_payment_method === method.id) customer.invoice_settings.default_payment_method = null;
  const formerCustomer = method.customer as string;
  method.customer = null;
  detached.add(method);
  // as Stripe: the event's object belongs to no one now; previous_attributes says whose it was
  account.emit('payment_method.detached', method, { request, previousAttributes: { customer: formerCustomer } });
  return method;
}

/** `payment_method_types` gave way to `allowed_payment_method_types` on setup intents in 2026-09-30.endive. */
const SETUP_INTENT_TYPES_REMOVED_IN = '2026-09-30';

function createSetupIntent({ account, params, request, stripeVersion }: ApiCall): Stripe.SetupIntent {
  const customerId = params.string('customer');
  const customer = customerId ? account.get('customers', customerId, 'customer', 'customer') : null;
  if (params.has('payment_method_types') && (stripeVersion ?? account.apiVersion).slice(0, 10) >= SETUP_INTENT_TYPES_REMOVED_IN) {
    throw invalidRequest('Received unknown parameter: payment_method_types. Did you mean allowed_payment_method_types?', { param: 'payment_method_types', code: 'parameter_unknown' });
  }
  const allowed = params.strings('allowed_payment_method_types') ?? null;
  const types = allowed ?? params.strings('payment_method_types') ?? ['card'];
  const id = account.newId('seti_');
  const intent = fromTemplate('setup_intent', {
    id,
    client_secret: account.clientSecret(id),
    created: account.now(),
    customer: customer?.id ?? null,
    description: params.string('description') ?? null,
    metadata: applyMetadata({}, params.metadata()),
    allowed_payment_method_types: allowed as Stripe.SetupIntent.AllowedPaymentMethodType[] | null,
    payment_method_types: types,
    payment_method_options: {},
    status: 'requires_payment_method',
    usage: params.oneOf('usage', ['off_session', 'on_session']) ?? 'off_session',
  });
  account.state.setupIntents.set(intent.id, intent);
  account.emit('setup_intent.created', intent, { request });
  return intent;
}

/**
 * What Stripe.js does when the customer completes a setup intent with test payment method
 * `templateId`: the method is attached to the intent's customer and the intent succeeds (or, for
 * a card refused when checked, the intent records `last_setup_error`). A subscription waiting on
 * this intent (`pending_setup_intent`) gets it cleared, and the method as its default when it asked
 * for `payment_settings[save_default_payment_method]=on_subscription`.
 */
export function completeSetupIntent(account: FakeAccount, setupIntentId: string, templateId = 'pm_card_visa'): Stripe.SetupIntent {
  const intent = account.get('setupIntents', setupIntentId, 'setup_intent');
  const spec = TEST_PAYMENT_METHODS[templateId];
  if (!spec) throw new Error(`${templateId} is not one of the fake's test payment methods: ${Object.keys(TEST_PAYMENT_METHODS).join(', ')}`);
  if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
    throw new Error(`setup intent ${intent.id} is ${intent.status}; only an intent awaiting a payment method can be completed`);
  }
  if (spec.behaviour.outcome === 'declines' && spec.behaviour.checkedOnAttach) {
    intent.last_setup_error = { ...spec.behaviour.failure, type: 'card_error' } as Stripe.SetupIntent.LastSetupError;
    account.emit('setup_intent.setup_failed', intent);
    return intent;
  }
  const customer = typeof intent.customer === 'string' ? account.get('customers', intent.customer, 'customer') : null;
  const method = customer ? attachPaymentMethod(account, templateId, customer, null) : createTestPaymentMethod(account, templateId, null);
  intent.payment_method = method.id;
  intent.status = 'succeeded';
  intent.last_setup_error = null;
  account.emit('setup_intent.succeeded', intent);
  for (const subscription of account.state.subscriptions.values()) {
    if (subscription.pending_setup_intent !== intent.id) continue;
    const before = toWire(subscription);
    subscription.pending_setup_intent = null;
    if (subscription.payment_settings?.save_default_payment_method === 'on_subscription') subscription.default_payment_method = method.id;
    account.emitUpdated('customer.subscription.updated', before, subscription);
  }
  return intent;
}

export function paymentMethodRoutes(router: ApiRouter): void {
  router
    .add('GET', '/v1/payment_methods/:id', retrievePaymentMethod)
    .add('POST', '/v1/payment_methods/:id/attach', attach)
    .add('POST', '/v1/payment_methods/:id/detach', detach)
    .add('POST', '/v1/setup_intents', createSetupIntent)
    .add('GET', '/v1/setup_intents/:id', ({ account, path }) => account.get('setupIntents', path.id!, 'setup_intent'))
    .add('POST', '/v1/setup_intents/:id/cancel', ({ account, path, params, request }) => {
      const intent = account.get('setupIntents', path.id!, 'setup_intent');
      if (intent.status === 'succeeded' || intent.status === 'canceled') {
        throw invalidRequest(`You cannot cancel this SetupIntent because it has a status of ${intent.status}.`, { code: 'setup_intent_unexpected_state' });
      }
      intent.status = 'canceled';
      intent.cancellation_reason = params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer']) ?? null;
      account.emit('setup_intent.canceled', intent, { request });
      return intent;
    });
}
