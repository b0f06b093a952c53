// The fake's Stripe account: every object it holds (inspectable by tests), the request log, ids,
// the clock and the events Stripe would send for what happened.
import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { FormObject } from './form-encoding';
import { noSuch } from './stripe-errors';
import { fixtures } from './templates';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json };

/** Serializes a stored object as it goes over the wire (Stripe.Decimal fields become strings). */
export const toWire = (value: unknown): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

const isDecimal = (value: object): boolean => typeof (value as { isZero?: unknown }).isZero === 'function' && typeof (value as { toFixed?: unknown }).toFixed === 'function';

/** A deep copy of a stored object; Stripe.Decimal values are immutable and kept (structuredClone would strip their class). */
export function copyOf<T>(value: T): T {
  if (value === null || typeof value !== 'object' || isDecimal(value)) return value;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, copyOf(entry)])) as T;
}

/** A Stripe `event` object, shaped like fixtures3.json's event. */
export type FakeStripeEvent = {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: JsonObject; previous_attributes?: JsonObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  /** Stripe Connect: the connected account the event happened on (absent for the platform's own) */
  account?: string;
};

/** One API request the fake received. */
export type FakeStripeRequest = {
  /** The `Request-Id` the fake answered with (`req_…`). */
  requestId: string;
  method: string;
  /** The path without the query string, e.g. `/v1/invoices/in_…/finalize`. */
  path: string;
  /** Parsed parameters: the form body of a POST, the query string of a GET or DELETE. */
  params: FormObject;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  /** Stripe Connect: the `Stripe-Account` header (the connected account acted for); null for the platform's own. */
  stripeAccount: string | null;
  /** The HTTP status answered; null when the connection was dropped on purpose (failNextRequest). */
  status: number | null;
  /** True when the answer was an idempotent replay of an earlier request (nothing was done again). */
  replayed: boolean;
  /** Unix seconds. */
  at: number;
};

export type FakeStripeState = {
  customers: Map<string, Stripe.Customer>;
  /** Customers deleted through the API: what retrieving them answers from then on. */
  deletedCustomers: Map<string, Stripe.DeletedCustomer>;
  products: Map<string, Stripe.Product>;
  prices: Map<string, Stripe.Price>;
  invoiceItems: Map<string, Stripe.InvoiceItem>;
  invoices: Map<string, Stripe.Invoice>;
  invoicePayments: Map<string, Stripe.InvoicePayment>;
  paymentMethods: Map<string, Stripe.PaymentMethod>;
  setupIntents: Map<string, Stripe.SetupIntent>;
  paymentIntents: Map<string, Stripe.PaymentIntent>;
  charges: Map<string, Stripe.Charge>;
  refunds: Map<string, Stripe.Refund>;
  subscriptions: Map<string, Stripe.Subscription>;
  checkoutSessions: Map<string, Stripe.Checkout.Session>;
  events: Map<string, FakeStripeEvent>;
  requests: FakeStripeRequest[];
};

type Collection = Exclude<keyof FakeStripeState, 'requests'>;

/** Id prefixes, as Stripe's, and which collection holds them (for lookups and expansion). */
const PREFIXES: [string, Collection][] = [
  ['cus_', 'customers'],
  ['prod_', 'products'],
  ['price_', 'prices'],
  ['ii_', 'invoiceItems'],
  ['in_', 'invoices'],
  ['inpay_', 'invoicePayments'],
  ['pm_', 'paymentMethods'],
  ['seti_', 'setupIntents'],
  ['pi_', 'paymentIntents'],
  ['ch_', 'charges'],
  ['re_', 'refunds'],
  ['sub_', 'subscriptions'],
  ['cs_', 'checkoutSessions'],
  ['evt_', 'events'],
];

/** Where a request came from, recorded on the events it causes (`event.request`). */
export type RequestInfo = { id: string | null; idempotencyKey: string | null; stripeAccount?: string | null };

/** A payment attempt forced to fail (failNextCharge), whatever the payment method. */
export type ChargeFailure = { code: string; decline_code?: string; message: string };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomToken(length: number): string {
  return [...randomBytes(length)].map((byte) => BASE62[byte % 62]).join('');
}

export function emptyState(): FakeStripeState {
  return {
    customers: new Map(),
    deletedCustomers: new Map(),
    products: new Map(),
    prices: new Map(),
    invoiceItems: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    paymentMethods: new Map(),
    setupIntents: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    subscriptions: new Map(),
    checkoutSessions: new Map(),
    events: new Map(),
    requests: [],
  };
}

export class FakeAccount {
  state: FakeStripeState = emptyState();
  readonly chargeFailures: ChargeFailure[] = [];
  /** Told of every recorded event (FakeStripe.onEvent). */
  readonly eventListeners = new Set<(event: FakeStripeEvent) => void>();

  constructor(
    private readonly options: {
      /** The server's base URL, e.g. http://127.0.0.1:4242 (known once it listens). */
      url: () => string;
      clock: () => Date;
      apiVersion: string;
    },
  ) {}

  get url(): string {
    return this.options.url();
  }

  get apiVersion(): string {
    return this.options.apiVersion;
  }

  /** Unix seconds, as every Stripe timestamp. */
  now(): number {
    return Math.floor(this.options.clock().getTime() / 1000);
  }

  /** An id like Stripe's: the prefix, then random base62 (`in_1Pgc6tB7WZ01zgkWu9fdqL6I`). */
  newId(prefix: string, length = 24): string {
    return `${prefix}${randomToken(length)}`;
  }

  /** A client secret as Stripe forms them: `<intent id>_secret_<random>`. */
  clientSecret(intentId: string): string {
    return `${intentId}_secret_${randomToken(25)}`;
  }

  /** Any stored object by id, for expansion. */
  lookup(id: string): object | undefined {
    const entry = PREFIXES.find(([prefix]) => id.startsWith(prefix));
    // Stripe expands a deleted customer to its stub ({id, object, deleted: true})
    return entry ? (this.state[entry[1]].get(id) ?? (entry[1] === 'customers' ? this.state.deletedCustomers.get(id) : undefined)) : undefined;
  }

  /** The object `id` in `collection`, or Stripe's "No such …" error (404 for the URL's object, 400 for a parameter). */
  get<C extends Collection>(collection: C, id: string, kind: string, param?: string): NonNullable<ReturnType<FakeStripeState[C]['get']>> {
    const found = (this.state[collection] as Map<string, unknown>).get(id);
    if (found === undefined) throw noSuch(kind, id, param);
    return found as NonNullable<ReturnType<FakeStripeState[C]['get']>>;
  }

  /** Builds an event about `object` (a snapshot taken now) without recording it. */
  buildEvent(type: string, object: object, options: { request?: RequestInfo | null; previousAttributes?: JsonObject; account?: string | null } = {}): FakeStripeEvent {
    // an event caused by a request acting for a connected account happened on that account
    const connected = options.account ?? options.request?.stripeAccount ?? null;
    // key order and fields as in Stripe's example event
    const template = fixtures.resources.event;
    return {
      ...(structuredClone(template) as object),
      api_version: this.apiVersion,
      created: this.now(),
      data: { object: toWire(object), ...(options.previousAttributes ? { previous_attributes: options.previousAttributes } : {}) },
      id: this.newId('evt_'),
      livemode: false,
      object: 'event',
      pending_webhooks: 1,
      request: { id: options.request?.id ?? null, idempotency_key: options.request?.idempotencyKey ?? null },
      type,
      ...(connected ? { account: connected } : {}),
    };
  }

  /** Records the event Stripe would send for something that just happened. */
  emit(type: string, object: object, options: { request?: RequestInfo | null; previousAttributes?: JsonObject; account?: string | null } = {}): FakeStripeEvent {
    const event = this.buildEvent(type, object, options);
    this.state.events.set(event.id, event);
    for (const listener of this.eventListeners) listener(event);
    return event;
  }

  /** Emits `<type>` with `previous_attributes` holding the top-level fields that differ from `before`. */
  emitUpdated(type: string, before: JsonObject, after: object, request?: RequestInfo | null): FakeStripeEvent | null {
    const now = toWire(after);
    const previous: JsonObject = {};
    for (const key of Object.keys(now)) {
      if (JSON.stringify(before[key]) !== JSON.stringify(now[key])) previous[key] = before[key] ?? null;
    }
    if (Object.keys(previous).length === 0) return null;
    return this.emit(type, after, { request, previousAttributes: previous });
  }
}
