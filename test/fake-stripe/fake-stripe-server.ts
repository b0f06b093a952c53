// A local HTTP server that speaks Stripe's wire format, for tests: the real `stripe` SDK is pointed
// at it (see stripe-client-for-fake.ts) and no test reaches the internet. It keeps a Stripe account
// in memory (customers, invoices, payments, subscriptions, …) built from Stripe's example objects,
// answers with Stripe's error objects, replays idempotent requests as Stripe does, and logs every
// request so a test can assert what was (not) sent. README.md in this folder lists what it models.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type Stripe from 'stripe';
import type { ApiHandler } from './api';
import { checkoutPage } from './checkout-page';
import { FakeAccount, emptyState, randomToken, toWire, type ChargeFailure, type FakeStripeEvent, type FakeStripeRequest, type FakeStripeState, type JsonObject } from './fake-account';
import { parseStripeForm, type FormObject } from './form-encoding';
import { hostedPage, hostedPageAction } from './hosted-pages';
import { Params } from './params';
import { render } from './render';
import { catalogRoutes } from './resources/catalog';
import { checkoutSessionRoutes, completeCheckoutSession, type CheckoutCompletion } from './resources/checkout-sessions';
import { customerRoutes } from './resources/customers';
import { eventRoutes } from './resources/events';
import { invoiceRoutes } from './resources/invoices';
import { TEST_PAYMENT_METHODS, attachPaymentMethod, completeSetupIntent, createTestPaymentMethod, paymentMethodRoutes } from './resources/payment-methods';
import { confirmIntent, paymentRoutes, settleProcessingPayment } from './resources/payments';
import { refundRoutes } from './resources/refunds';
import { renewSubscription, subscriptionRoutes, type RenewalOptions } from './resources/subscriptions';
import { compilePath, Router, type PathMatcher } from './router';
import { FakeStripeError, idempotencyError, invalidRequest, unrecognizedUrl, type StripeErrorBody } from './stripe-errors';

export type { ChargeFailure, FakeStripeEvent, FakeStripeRequest, FakeStripeState } from './fake-account';
export { TEST_PAYMENT_METHODS } from './resources/payment-methods';
export type { RenewalOptions } from './resources/subscriptions';
export type { CheckoutCompletion } from './resources/checkout-sessions';

/** The API version the fake's objects and events follow (the SDK's pinned version). */
export const FAKE_STRIPE_API_VERSION = '2026-10-28.endive';

export type FakeStripeOptions = {
  /** Port to listen on; default 0, a free port. */
  port?: number;
  /** The clock for `created` and every other timestamp; default the real one. */
  now?: () => Date;
  /**
   * Delay before each API request is handled. While it waits, its idempotency key is in flight, so
   * a concurrent request with the same key gets Stripe's 409 (the SDK retries 409s when it may retry).
   */
  latencyMs?: number;
  /**
   * Test-control endpoints served before the API (serve.ts puts them under /__fake/…, without an API
   * key): a handler's answer for the request, or undefined when the path is not one of them.
   */
  controlRoutes?: (method: string, path: string, query: URLSearchParams, body: string) => Promise<{ status: number; body: unknown }> | undefined;
};

/**
 * How failNextRequest breaks the next matching request:
 * - `error-500`: answers 500 `api_error` without doing anything (nothing saved under its idempotency key);
 * - `drop`: closes the connection without doing anything;
 * - `drop-after-processing`: does the work (and saves the answer under its idempotency key), then
 *   closes the connection: the client sees a network error although Stripe acted. The SDK retries a
 *   closed connection once even with maxNetworkRetries 0, with the same key, and gets the replay.
 */
export type RequestFailureMode = 'error-500' | 'drop' | 'drop-after-processing';

export type RequestMatch = { method?: string; path?: string | RegExp };

export type FakeStripe = {
  /** Base URL, e.g. http://127.0.0.1:43121 (also the app's STRIPE_API_BASE). */
  url: string;
  port: number;
  /** Every object and event in the account, and the request log; live, so read it after acting. */
  readonly state: FakeStripeState;
  close(): Promise<void>;
  /** Empties the account, the log and any armed failures. */
  reset(): void;
  /**
   * The next payment attempt fails, whatever the payment method: a decline code
   * (`'insufficient_funds'`, → code card_declined) or a whole failure. Default: card_declined / generic_decline.
   */
  failNextCharge(failure?: string | Partial<ChargeFailure>): void;
  /** Breaks the next request matching `match` (method and path pattern like `/v1/invoices/:id/finalize`). */
  failNextRequest(match: RequestMatch, mode?: RequestFailureMode): void;
  /**
   * A Stripe `event` of `type` about `object` (a Stripe object, or the id of one in the account),
   * recorded in `state.events` (so GET /v1/events/:id finds it), ready to be signed with
   * `stripe.webhooks.generateTestHeaderString` and posted to the app's webhook.
   */
  eventFor(type: string, object: object | string, options?: { previousAttributes?: JsonObject; account?: string }): FakeStripeEvent;
  /** The recorded events of `type`, oldest first (the fake records what Stripe would send). */
  eventsOfType(type: string): FakeStripeEvent[];
  /**
   * Logged requests with `method` whose path matches `path` (a pattern like `/v1/invoices/:id/pay`);
   * each has `stripeAccount`, the Stripe-Account header it carried (Connect), or null.
   */
  requestsTo(method: string, path: string | RegExp): FakeStripeRequest[];
  /**
   * Test helper: attaches test payment method `testPaymentMethod` (default pm_card_visa) to the
   * customer without the card check a real attach does, so a card that declines on charge
   * (pm_card_chargeDeclined, pm_card_insufficientFunds, …) can be a customer's saved card.
   */
  attachPaymentMethod(customerId: string, testPaymentMethod?: string, options?: { asDefault?: boolean }): Stripe.PaymentMethod;
  /** What Stripe.js does when the customer completes a SetupIntent (default card pm_card_visa). */
  completeSetupIntent(setupIntentId: string, testPaymentMethod?: string): Stripe.SetupIntent;
  /**
   * What the customer does on a setup-mode Checkout Session's hosted page (`/checkout/:id`): choose
   * test payment method `testPaymentMethod` (default pm_card_visa) and "Save". The session completes
   * with its SetupIntent and the events Stripe sends; a card refused on check answers `error` instead.
   */
  completeCheckoutSession(sessionId: string, testPaymentMethod?: string): CheckoutCompletion;
  /** What Stripe.js does when the customer confirms a PaymentIntent (default card pm_card_visa). */
  confirmPaymentIntent(paymentIntentId: string, testPaymentMethod?: string): Stripe.PaymentIntent;
  /** Completes a `processing` SEPA Direct Debit payment: the money arrives, or the debit fails. */
  settlePayment(paymentIntentId: string, outcome: 'succeeded' | 'failed', failure?: ChargeFailure): Stripe.PaymentIntent;
  /**
   * What Stripe does when the subscription's period ends: the next period starts and Stripe issues its
   * invoice (lines for the new period, a number, the charge) with the events it sends; null when the
   * subscription was set to cancel at period end and ends instead. See RenewalOptions.
   */
  renewSubscription(subscriptionId: string, options?: RenewalOptions): Stripe.Invoice | null;
  /** Calls `listener` with every event as it is recorded (serve.ts delivers them to a webhook); returns the unsubscribe. */
  onEvent(listener: (event: FakeStripeEvent) => void): () => void;
};

type IdempotentResult = { method: string; path: string; fingerprint: string; status: number; body: string; requestId: string } | { inFlight: true };

/** Canonical JSON (sorted keys), to compare a replayed request's parameters with the first one's. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${fingerprint((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function authenticationError(message: string): FakeStripeError {
  return new FakeStripeError(401, { type: 'invalid_request_error', message });
}

/** The API key from `Authorization: Bearer sk_test_…` (or Basic with the key as user name, as curl -u sends). */
function apiKeyOf(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const [scheme, credentials = ''] = header.split(' ', 2) as [string, string?];
  let key = '';
  if (scheme.toLowerCase() === 'bearer') key = credentials.trim();
  else if (scheme.toLowerCase() === 'basic') key = Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (!/^sk_test_\w+$/.test(key)) {
    const masked = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
    throw authenticationError(`Invalid API Key provided: ${masked}`);
  }
  return key;
}

function buildRouter(): Router<ApiHandler> {
  const router = new Router<ApiHandler>();
  customerRoutes(router);
  catalogRoutes(router);
  invoiceRoutes(router);
  paymentMethodRoutes(router);
  checkoutSessionRoutes(router);
  paymentRoutes(router);
  subscriptionRoutes(router);
  refundRoutes(router);
  eventRoutes(router);
  return router;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  let url = '';
  const account = new FakeAccount({ url: () => url, clock: options.now ?? (() => new Date()), apiVersion: FAKE_STRIPE_API_VERSION });
  const router = buildRouter();
  /** Idempotency keys are scoped to the API key, as in Stripe. */
  let idempotent = new Map<string, IdempotentResult>();
  let armedFailures: { method?: string; matches: PathMatcher | RegExp | null; mode: RequestFailureMode }[] = [];

  function takeFailure(method: string, path: string): RequestFailureMode | null {
    const index = armedFailures.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && (!f.matches || (f.matches instanceof RegExp ? f.matches.test(path) : f.matches(path) !== null)),
    );
    if (index === -1) return null;
    const [failure] = armedFailures.splice(index, 1);
    return failure!.mode;
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  }

  /** Runs the request's handler: the status and JSON body Stripe would answer with. */
  function execute(method: string, path: string, params: FormObject, call: { requestId: string; idempotencyKey: string | null; stripeVersion: string | null; stripeAccount: string | null }) {
    try {
      const route = router.find(method, path);
      if (!route) throw unrecognizedUrl(method, path);
      const wrapped = new Params(params);
      const result = route.handler({ account, params: wrapped, path: route.params, request: { id: call.requestId, idempotencyKey: call.idempotencyKey, stripeAccount: call.stripeAccount }, stripeVersion: call.stripeVersion });
      return { status: 200, body: JSON.stringify(render(account, result, wrapped.expand())), saved: true };
    } catch (error) {
      if (error instanceof FakeStripeError) return { status: error.status, body: JSON.stringify({ error: error.body }), saved: error.savedForIdempotency };
      // a bug in the fake: answer as Stripe does for its own failures, and say what broke
      console.error('[fake-stripe] handler failed', method, path, error);
      const body: StripeErrorBody = { type: 'api_error', message: `An unknown error occurred (fake-stripe: ${(error as Error).message})` };
      return { status: 500, body: JSON.stringify({ error: body }), saved: false };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = new URL(req.url ?? '/', 'http://fake-stripe');
    const path = target.pathname;
    const raw = await readBody(req);

    const page = method === 'GET' ? hostedPage(account, path, target.searchParams) : method === 'POST' ? hostedPageAction(account, path, new URLSearchParams(raw)) : null;
    if (page) {
      res.writeHead(page.status, { 'Content-Type': page.contentType, ...(page.location ? { Location: page.location } : {}) });
      res.end(page.body);
      return;
    }
    // the hosted Checkout page: a form the browser posts back here, so GET and POST, without an API key
    const checkout = checkoutPage(account, method, path, raw);
    if (checkout) {
      res.writeHead(checkout.status, { 'Content-Type': checkout.contentType, ...(checkout.location ? { Location: checkout.location } : {}) });
      res.end(checkout.body);
      return;
    }
    const control = options.controlRoutes?.(method, path, target.searchParams, raw);
    if (control) {
      const answer = await control;
      send(res, answer.status, JSON.stringify(answer.body), {});
      return;
    }

    const requestId = `req_${randomToken(14)}`;
    const stripeVersion = typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : null;
    const idempotencyKey = method === 'POST' && typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    // Stripe Connect: the platform's key acting for a connected account. Recorded, so tests can see
    // whose account each call was for; the fake keeps one set of objects for every account.
    const stripeAccount = typeof req.headers['stripe-account'] === 'string' ? req.headers['stripe-account'] : null;
    const headers: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': stripeVersion ?? FAKE_STRIPE_API_VERSION };
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const entry: FakeStripeRequest = { requestId, method, path, params: {}, idempotencyKey, stripeVersion, stripeAccount, status: null, replayed: false, at: account.now() };
    account.state.requests.push(entry);
    const answer = (status: number, body: string, extra: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, { ...headers, ...extra });
    };
    const answerError = (error: FakeStripeError) => answer(error.status, JSON.stringify({ error: error.body }));

    let apiKey: string;
    try {
      apiKey = apiKeyOf(req);
      entry.params = parseStripeForm(method === 'POST' ? raw : target.search.slice(1));
    } catch (error) {
      if (error instanceof FakeStripeError) return answerError(error);
      return answerError(invalidRequest(`Invalid request: the ${method === 'POST' ? 'body' : 'query string'} is not valid form encoding.`));
    }

    // as in Stripe, a key is scoped to the API key and to the account it acts for
    const scope = idempotencyKey ? `${apiKey}\n${stripeAccount ?? ''}\n${idempotencyKey}` : null;
    const print = fingerprint(entry.params);
    if (scope) {
      const previous = idempotent.get(scope);
      if (previous && 'inFlight' in previous) {
        return answerError(
          idempotencyError(
            `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${idempotencyKey}. Please try again later.`,
            409,
          ),
        );
      }
      if (previous) {
        if (previous.method !== method || previous.path !== path) {
          return answerError(
            idempotencyError(
              `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${previous.method} ${previous.path}' vs '${method} ${path}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            ),
          );
        }
        if (previous.fingerprint !== print) {
          return answerError(
            idempotencyError(
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            ),
          );
        }
        // the first answer, verbatim; nothing is done again
        entry.replayed = true;
        return answer(previous.status, previous.body, { 'Idempotent-Replayed': 'true', 'Original-Request': previous.requestId });
      }
      idempotent.set(scope, { inFlight: true });
    }

    const failure = takeFailure(method, path);
    if (failure === 'error-500' || failure === 'drop') {
      if (scope) idempotent.delete(scope);
      if (failure === 'drop') {
        res.socket?.destroy();
        return;
      }
      return answer(500, JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred' } }));
    }
    if (options.latencyMs) await sleep(options.latencyMs);

    const result = execute(method, path, entry.params, { requestId, idempotencyKey, stripeVersion, stripeAccount });
    if (scope) {
      if (result.saved) idempotent.set(scope, { method, path, fingerprint: print, status: result.status, body: result.body, requestId });
      else idempotent.delete(scope);
    }
    if (failure === 'drop-after-processing') {
      res.socket?.destroy();
      return;
    }
    answer(result.status, result.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[fake-stripe] request failed', error);
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred' } }), {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  const testMethod = (id: string) => {
    if (!TEST_PAYMENT_METHODS[id]) throw new Error(`${id} is not one of the fake's test payment methods: ${Object.keys(TEST_PAYMENT_METHODS).join(', ')}`);
    return id;
  };

  return {
    url,
    port,
    get state() {
      return account.state;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
    reset() {
      account.state = emptyState();
      account.chargeFailures.length = 0;
      idempotent = new Map();
      armedFailures = [];
    },
    failNextCharge(failure = {}) {
      const given = typeof failure === 'string' ? { decline_code: failure } : failure;
      const declineCode = given.decline_code ?? (given.code ? undefined : 'generic_decline');
      const messages: Record<string, string> = {
        insufficient_funds: 'Your card has insufficient funds.',
        expired_card: 'Your card has expired.',
        incorrect_cvc: "Your card's security code is incorrect.",
      };
      account.chargeFailures.push({
        code: given.code ?? 'card_declined',
        ...(declineCode ? { decline_code: declineCode } : {}),
        message: given.message ?? messages[declineCode ?? ''] ?? 'Your card was declined.',
      });
    },
    failNextRequest(match, mode = 'error-500') {
      armedFailures.push({ method: match.method, matches: match.path === undefined ? null : match.path instanceof RegExp ? match.path : compilePath(match.path), mode });
    },
    eventFor(type, object, eventOptions = {}) {
      const subject = typeof object === 'string' ? account.lookup(object) : object;
      if (!subject) throw new Error(`eventFor: no object ${String(object)} in the fake Stripe account`);
      return account.emit(type, subject, { previousAttributes: eventOptions.previousAttributes, account: eventOptions.account });
    },
    eventsOfType(type) {
      return [...account.state.events.values()].filter((event) => event.type === type);
    },
    requestsTo(method, path) {
      const matches = path instanceof RegExp ? (p: string) => path.test(p) : ((matcher) => (p: string) => matcher(p) !== null)(compilePath(path));
      return account.state.requests.filter((request) => request.method === method.toUpperCase() && matches(request.path));
    },
    attachPaymentMethod(customerId, testPaymentMethod = 'pm_card_visa', attachOptions = {}) {
      const customer = account.get('customers', customerId, 'customer');
      const method = attachPaymentMethod(account, testMethod(testPaymentMethod), customer, null, undefined, { checked: false });
      if (attachOptions.asDefault) {
        const before = toWire(customer);
        customer.invoice_settings.default_payment_method = method.id;
        account.emitUpdated('customer.updated', before, customer);
      }
      return method;
    },
    completeSetupIntent(setupIntentId, testPaymentMethod = 'pm_card_visa') {
      return completeSetupIntent(account, setupIntentId, testMethod(testPaymentMethod));
    },
    completeCheckoutSession(sessionId, testPaymentMethod = 'pm_card_visa') {
      return completeCheckoutSession(account, sessionId, testMethod(testPaymentMethod));
    },
    confirmPaymentIntent(paymentIntentId, testPaymentMethod = 'pm_card_visa') {
      const intent = account.get('paymentIntents', paymentIntentId, 'payment_intent');
      // the card the customer typed in; it is saved to the customer only when the subscription asks for it
      const method = createTestPaymentMethod(account, testMethod(testPaymentMethod), null);
      return confirmIntent(account, intent, method);
    },
    settlePayment(paymentIntentId, outcome, failure) {
      return settleProcessingPayment(account, paymentIntentId, outcome, failure);
    },
    renewSubscription(subscriptionId, renewalOptions) {
      return renewSubscription(account, subscriptionId, renewalOptions);
    },
    onEvent(listener) {
      account.eventListeners.add(listener);
      return () => account.eventListeners.delete(listener);
    },
  };
}
