// Checkout Sessions, in setup mode: the hosted page where a customer saves a card or a SEPA mandate
// for later payments. Creating one gives a `url` on the fake (`/checkout/:id`, checkout-page.ts);
// completing it there (or with fake.completeCheckoutSession) does what Stripe does when the customer
// presses "Save": a SetupIntent is made and confirmed with the chosen test payment method, which is
// attached to the session's customer, and the session becomes `complete`, with the events Stripe
// sends for each step. Payment and subscription mode are not modelled (a 400 says so).
import type Stripe from 'stripe';
import type { ApiCall, ApiRouter } from '../api';
import type { ChargeFailure, FakeAccount } from '../fake-account';
import { applyMetadata } from '../params';
import { invalidRequest, missingParam } from '../stripe-errors';
import { fromTemplate } from '../templates';
import { TEST_PAYMENT_METHODS, completeSetupIntent } from './payment-methods';

/** Stripe keeps an unfinished session open for 24 hours by default. */
const SESSION_LIFETIME_SECONDS = 24 * 60 * 60;

/** As on setup intents, `payment_method_types` gave way to `allowed_payment_method_types` in 2026-09-30.endive. */
const TYPES_REMOVED_IN = '2026-09-30';

/** The payment method types the page offers; without a list, Stripe's dynamic choice: cards, and SEPA Direct Debit for euros. */
function typesOf(allowed: string[] | null, currency: string | null): string[] {
  if (allowed) return allowed;
  return currency === 'eur' ? ['card', 'sepa_debit'] : ['card'];
}

function createSession({ account, params, stripeVersion }: ApiCall): Stripe.Checkout.Session {
  const mode = params.oneOf('mode', ['payment', 'setup', 'subscription']);
  if (!mode) throw missingParam('mode');
  if (mode !== 'setup') throw invalidRequest(`The fake Stripe server models Checkout Sessions in setup mode only, not ${mode}.`, { param: 'mode' });
  if (params.has('payment_method_types') && (stripeVersion ?? account.apiVersion).slice(0, 10) >= TYPES_REMOVED_IN) {
    throw invalidRequest('Received unknown parameter: payment_method_types. Did you mean allowed_payment_method_types?', { param: 'payment_method_types', code: 'parameter_unknown' });
  }
  const allowed = params.strings('allowed_payment_method_types') ?? null;
  const currency = params.string('currency')?.toLowerCase() ?? null;
  // as Stripe: setup mode needs a currency to pick payment methods, unless the types are named
  if (!allowed && !currency) throw invalidRequest('currency is required in setup mode when allowed_payment_method_types is not set.', { param: 'currency', code: 'parameter_missing' });
  for (const type of allowed ?? []) {
    if (type !== 'card' && type !== 'sepa_debit') throw invalidRequest(`The fake Stripe server offers card and sepa_debit only, not ${type}.`, { param: 'allowed_payment_method_types' });
  }
  const uiMode = params.oneOf('ui_mode', ['hosted_page', 'embedded_page', 'elements', 'form']) ?? 'hosted_page';
  if (uiMode !== 'hosted_page') throw invalidRequest(`The fake Stripe server models the hosted page only, not ui_mode ${uiMode}.`, { param: 'ui_mode' });
  const successUrl = params.requiredString('success_url');
  const customerId = params.string('customer');
  const customer = customerId ? account.get('customers', customerId, 'customer', 'customer') : null;
  const created = account.now();
  const id = account.newId('cs_test_', 58);
  const setupIntentData = params.object('setup_intent_data');
  const session = fromTemplate('checkout.session', {
    id,
    object: 'checkout.session',
    allowed_payment_method_types: allowed,
    cancel_url: params.string('cancel_url') ?? null,
    client_reference_id: params.string('client_reference_id') ?? null,
    created,
    currency,
    customer: customer?.id ?? null,
    customer_email: params.string('customer_email') ?? null,
    expires_at: params.integer('expires_at') ?? created + SESSION_LIFETIME_SECONDS,
    locale: null,
    metadata: applyMetadata({}, params.metadata()),
    mode: 'setup',
    payment_method_types: typesOf(allowed, currency),
    payment_status: 'no_payment_required',
    // made when the customer confirms, as Stripe does since 2022-08-01
    setup_intent: null,
    status: 'open',
    success_url: successUrl,
    ui_mode: 'hosted_page',
    url: `${account.url}/checkout/${id}`,
  });
  // kept for the SetupIntent the session makes (setup_intent_data[metadata], [description])
  setupIntentMetadata.set(session, { metadata: applyMetadata({}, setupIntentData?.metadata()), description: setupIntentData?.string('description') ?? null });
  account.state.checkoutSessions.set(session.id, session);
  return session;
}

const setupIntentMetadata = new WeakMap<Stripe.Checkout.Session, { metadata: Record<string, string>; description: string | null }>();

/** The test payment methods the session's page offers, by the session's payment method types. */
export function offeredTestMethods(session: Stripe.Checkout.Session): string[] {
  return Object.entries(TEST_PAYMENT_METHODS)
    .filter(([id, spec]) => (spec.card ? session.payment_method_types.includes('card') : session.payment_method_types.includes('sepa_debit')) && id !== 'pm_card_chargeDeclinedInsufficientFunds')
    .map(([id]) => id);
}

export type CheckoutCompletion = { session: Stripe.Checkout.Session; error: ChargeFailure | null };

/**
 * What Stripe does when the customer presses "Save" on the session's page with `templateId`: a
 * SetupIntent for the session's customer (setup_intent.created), confirmed with the method, which is
 * attached to the customer (payment_method.attached, setup_intent.succeeded), and the session is
 * complete (checkout.session.completed). A card refused when checked leaves the session open with
 * the error, as Stripe's page shows it.
 */
export function completeCheckoutSession(account: FakeAccount, sessionId: string, templateId: string): CheckoutCompletion {
  const session = account.get('checkoutSessions', sessionId, 'checkout session');
  if (session.status !== 'open') throw new Error(`checkout session ${session.id} is ${session.status}; only an open session can be completed`);
  if (!offeredTestMethods(session).includes(templateId)) throw new Error(`${templateId} is not offered by checkout session ${session.id} (${session.payment_method_types.join(', ')})`);
  const spec = TEST_PAYMENT_METHODS[templateId]!;
  if (spec.behaviour.outcome === 'declines' && spec.behaviour.checkedOnAttach) return { session, error: spec.behaviour.failure };

  const extra = setupIntentMetadata.get(session);
  const intentId = account.newId('seti_');
  const intent = fromTemplate('setup_intent', {
    id: intentId,
    client_secret: account.clientSecret(intentId),
    created: account.now(),
    customer: typeof session.customer === 'string' ? session.customer : null,
    description: extra?.description ?? null,
    metadata: extra?.metadata ?? {},
    allowed_payment_method_types: session.allowed_payment_method_types as Stripe.SetupIntent.AllowedPaymentMethodType[] | null,
    payment_method_types: session.payment_method_types,
    payment_method_options: {},
    status: 'requires_payment_method',
    usage: 'off_session',
  });
  account.state.setupIntents.set(intent.id, intent);
  account.emit('setup_intent.created', intent);
  completeSetupIntent(account, intent.id, templateId);
  session.setup_intent = intent.id;
  session.status = 'complete';
  account.emit('checkout.session.completed', session);
  return { session, error: null };
}

export function checkoutSessionRoutes(router: ApiRouter): void {
  router
    .add('POST', '/v1/checkout/sessions', createSession)
    .add('GET', '/v1/checkout/sessions/:id', ({ account, path }) => account.get('checkoutSessions', path.id!, 'checkout session'))
    .add('POST', '/v1/checkout/sessions/:id/expire', ({ account, path, request }) => {
      const session = account.get('checkoutSessions', path.id!, 'checkout session');
      if (session.status !== 'open') {
        throw invalidRequest(`Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of \"${session.status}\".`);
      }
      session.status = 'expired';
      session.url = null;
      account.emit('checkout.session.expired', session, { request });
      return session;
    });
}
