// Subscriptions: create (with its first invoice), retrieve, update, cancel, list.
//
// Where the client secret is (payment_behavior=default_incomplete):
// - first invoice with something due: the subscription is `incomplete`, its first invoice is open,
//   and the secret of the invoice's PaymentIntent is `latest_invoice.confirmation_secret.client_secret`
//   (`pi_…_secret_…`; ask for `expand[]=latest_invoice.confirmation_secret`);
// - nothing due (a metered or free price): the invoice is paid at once, the subscription is `active`,
//   and a SetupIntent collects the card: `pending_setup_intent.client_secret` (`seti_…_secret_…`;
//   ask for `expand[]=pending_setup_intent`).
// Renewals happen when a test says so (renewSubscription, fake.renewSubscription): the next period
// starts and its invoice is issued as Stripe issues it (draft, then finalized and charged); a
// subscription set to cancel at period end ends instead.
import Stripe from 'stripe';
import type { ApiCall, ApiRouter } from '../api';
import { copyOf, toWire, type FakeAccount, type RequestInfo } from '../fake-account';
import { applyMetadata, type Params } from '../params';
import { listOf, newestFirst } from '../render';
import { FakeStripeError, invalidRequest, missingParam } from '../stripe-errors';
import { fromTemplate } from '../templates';
import { planFor } from './catalog';
import { customersPaymentMethod } from './customers';
import { addLine, finalizeInvoice, newInvoice } from './invoices';
import { collectInvoice } from './payments';

const PAYMENT_BEHAVIOURS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;

/** The end of a billing period, clamping to the month's last day as Stripe does (Jan 31 → Feb 28). */
export function periodEnd(start: number, interval: Stripe.Price.Recurring.Interval, count: number): number {
  const date = new Date(start * 1000);
  if (interval === 'day' || interval === 'week') return start + count * (interval === 'week' ? 7 : 1) * 86_400;
  const months = interval === 'year' ? 12 * count : count;
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}

function money(amount: Stripe.Decimal, currency: string): string {
  const exact = amount.div(Stripe.Decimal.from(100), 34, 'half-even');
  const cents = exact.toFixed(2, 'half-even');
  // $20.00, but a sub-cent price in full ($0.0025)
  const major = Stripe.Decimal.from(cents).eq(exact) ? cents : exact.toString();
  const symbol = ({ usd: '$', eur: '€', gbp: '£' } as Record<string, string>)[currency];
  return symbol ? `${symbol}${major}` : `${major} ${currency.toUpperCase()}`;
}

type ItemRequest = { price: Stripe.Price; quantity: number };

/** What each item bills for a period: licensed items in advance (quantity × unit amount), metered ones at 0. */
function billedLines(items: ItemRequest[]) {
  return items.map(({ price, quantity }) => {
    const metered = price.recurring!.usage_type === 'metered';
    const unit = price.unit_amount_decimal ?? Stripe.Decimal.from(0);
    const billedQuantity = metered ? 0 : quantity;
    return { price, unit, billedQuantity, amount: Stripe.Decimal.from(billedQuantity).mul(unit).round('half-up', { mode: 'decimal-places', value: 0 }).toNumber() };
  });
}

/** One invoice line per subscription item, for the period [start, end). */
function addSubscriptionLines(account: FakeAccount, invoice: Stripe.Invoice, subscription: Stripe.Subscription, start: number, end: number): void {
  const items = subscription.items.data;
  const lines = billedLines(items.map((item) => ({ price: item.price, quantity: item.quantity ?? 1 })));
  items.forEach((item, index) => {
    const { price, unit, billedQuantity, amount } = lines[index]!;
    const productName = account.state.products.get(price.product as string)?.name ?? 'Subscription';
    addLine(
      invoice,
      fromTemplate('line_item', {
        id: account.newId('il_'),
        amount,
        currency: price.currency,
        description: `${billedQuantity} × ${productName} (at ${money(unit, price.currency)} / ${price.recurring!.interval})`,
        discountable: true,
        invoice: invoice.id,
        metadata: {},
        parent: {
          type: 'subscription_item_details',
          invoice_item_details: null,
          subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: subscription.id, subscription_item: item.id },
        },
        period: { start, end },
        pricing: { type: 'price_details', price_details: { price: price.id, product: price.product as string }, unit_amount_decimal: unit },
        quantity: billedQuantity,
        quantity_decimal: Stripe.Decimal.from(billedQuantity),
        subscription: subscription.id,
        subtotal: amount,
      }),
    );
  });
}

function itemRequests(account: FakeAccount, params: Params): ItemRequest[] {
  const items = params.objects('items');
  if (!items || items.length === 0) throw missingParam('items');
  const requested = items.map((item) => {
    const price = account.get('prices', item.requiredString('price'), 'price', item.name('price'));
    if (price.type !== 'recurring') {
      throw invalidRequest('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', { param: item.name('price') });
    }
    return { price, quantity: item.integer('quantity', { min: 0 }) ?? 1 };
  });
  const currencies = new Set(requested.map((r) => r.price.currency));
  if (currencies.size > 1) throw invalidRequest('All prices on a subscription must have the same currency.', { param: 'items' });
  return requested;
}

function createSubscription({ account, params, request }: ApiCall): Stripe.Subscription {
  const customerId = params.string('customer');
  if (!customerId) throw missingParam('customer');
  const customer = account.get('customers', customerId, 'customer', 'customer');
  for (const unsupported of ['trial_period_days', 'trial_end', 'add_invoice_items', 'discounts', 'billing_cycle_anchor']) {
    if (params.has(unsupported)) throw invalidRequest(`The fake Stripe server does not model ${unsupported} on subscriptions.`, { param: unsupported });
  }
  const requested = itemRequests(account, params);
  const paymentBehaviour = params.oneOf('payment_behavior', PAYMENT_BEHAVIOURS) ?? 'allow_incomplete';
  const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice']) ?? 'charge_automatically';
  const daysUntilDue = params.integer('days_until_due', { min: 0 });
  if (collectionMethod === 'send_invoice' && daysUntilDue === undefined) throw missingParam('days_until_due');
  const defaultPaymentMethodId = params.string('default_payment_method');
  const defaultPaymentMethod = defaultPaymentMethodId ? customersPaymentMethod(account, customer, defaultPaymentMethodId, 'default_payment_method') : null;
  const saveDefault = params.object('payment_settings')?.oneOf('save_default_payment_method', ['off', 'on_subscription']) ?? 'off';

  const now = account.now();
  const first = requested[0]!.price;
  const end = periodEnd(now, first.recurring!.interval, first.recurring!.interval_count);
  const subscriptionId = account.newId('sub_');
  const items = requested.map(({ price, quantity }) =>
    fromTemplate('subscription_item', {
      id: account.newId('si_', 14),
      created: now,
      current_period_start: now,
      current_period_end: end,
      metadata: {},
      plan: planFor(price),
      price: copyOf(price),
      quantity,
      subscription: subscriptionId,
    }),
  );
  const metadata = applyMetadata({}, params.metadata());
  const subscription = fromTemplate('subscription', {
    id: subscriptionId,
    billing_cycle_anchor: now,
    cancel_at_period_end: params.boolean('cancel_at_period_end') ?? false,
    collection_method: collectionMethod,
    created: now,
    currency: first.currency,
    customer: customer.id,
    days_until_due: daysUntilDue ?? null,
    default_payment_method: defaultPaymentMethod?.id ?? null,
    default_source: null,
    description: params.string('description') ?? null,
    discounts: [],
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${subscriptionId}` },
    latest_invoice: null,
    metadata,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: saveDefault },
    schedule: null,
    start_date: now,
    status: 'incomplete',
    test_clock: null,
  });
  if (subscription.cancel_at_period_end) subscription.cancel_at = end;

  const lines = billedLines(requested);
  const amountDue = Math.max(0, lines.reduce((sum, line) => sum + line.amount, 0));
  const chargesNow = amountDue > 0 && collectionMethod === 'charge_automatically' && paymentBehaviour !== 'default_incomplete';
  const paymentMethodId = defaultPaymentMethod?.id ?? customer.invoice_settings.default_payment_method;
  const paymentMethod = typeof paymentMethodId === 'string' ? account.state.paymentMethods.get(paymentMethodId) : undefined;
  if (chargesNow && !paymentMethod) {
    throw invalidRequest('This customer has no attached payment source or default payment method. Please consider adding a default payment method.', { code: 'resource_missing' });
  }
  if (amountDue === 0 || collectionMethod === 'send_invoice') subscription.status = 'active';
  account.state.subscriptions.set(subscription.id, subscription);
  account.emit('customer.subscription.created', subscription, { request });

  const invoice = newInvoice(
    account,
    customer,
    {
      auto_advance: true,
      billing_reason: 'subscription_create',
      collection_method: collectionMethod,
      currency: first.currency,
      due_date: daysUntilDue !== undefined ? now + daysUntilDue * 86_400 : null,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata, subscription: subscription.id } },
    },
    request,
  );
  addSubscriptionLines(account, invoice, subscription, now, end);
  subscription.latest_invoice = invoice.id;
  finalizeInvoice(account, invoice, request);

  if (invoice.amount_due === 0 && paymentBehaviour === 'default_incomplete') {
    // nothing to pay now: a SetupIntent collects the payment method for later invoices
    const setupIntentId = account.newId('seti_');
    const setupIntent = fromTemplate('setup_intent', {
      id: setupIntentId,
      client_secret: account.clientSecret(setupIntentId),
      created: now,
      customer: customer.id,
      description: null,
      payment_method_types: ['card'],
      payment_method_options: {},
      status: 'requires_payment_method',
      usage: 'off_session',
    });
    account.state.setupIntents.set(setupIntent.id, setupIntent);
    account.emit('setup_intent.created', setupIntent, { request });
    subscription.pending_setup_intent = setupIntent.id;
  }
  if (chargesNow && paymentMethod) {
    try {
      collectInvoice(account, invoice, paymentMethod, request);
    } catch (error) {
      const declined = error instanceof FakeStripeError && error.body.type === 'card_error';
      if (!declined) throw error;
      if (paymentBehaviour === 'error_if_incomplete') {
        // a failed first payment means no subscription
        account.state.subscriptions.delete(subscription.id);
        invoice.status = 'void';
        invoice.status_transitions.voided_at = account.now();
        throw error;
      }
      // allow_incomplete, pending_if_incomplete: the subscription stays incomplete, its invoice open
    }
  }
  return subscription;
}

function currentPeriodEnd(subscription: Stripe.Subscription): number {
  return subscription.items.data[0]?.current_period_end ?? subscription.created;
}

function updateSubscription({ account, params, path, request }: ApiCall): Stripe.Subscription {
  const subscription = account.get('subscriptions', path.id!, 'subscription');
  const editable = subscription.status === 'canceled' ? ['metadata', 'cancellation_details', 'expand'] : null;
  const forbidden = editable ? Object.keys(params.raw).find((key) => !editable.includes(key)) : undefined;
  if (forbidden) throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.', { param: forbidden });
  if (params.has('items')) throw invalidRequest('The fake Stripe server does not model changing subscription items.', { param: 'items' });
  const before = toWire(subscription);
  subscription.metadata = applyMetadata(subscription.metadata, params.metadata());
  const cancelAtPeriodEnd = params.boolean('cancel_at_period_end');
  if (cancelAtPeriodEnd !== undefined) {
    subscription.cancel_at_period_end = cancelAtPeriodEnd;
    subscription.cancel_at = cancelAtPeriodEnd ? currentPeriodEnd(subscription) : null;
    // as Stripe: canceled_at is when the cancellation was (last) asked for, cleared when it is withdrawn
    subscription.canceled_at = cancelAtPeriodEnd ? account.now() : null;
  }
  const cancelAt = params.nullableString('cancel_at');
  if (cancelAt !== undefined) subscription.cancel_at = cancelAt === null ? null : params.integer('cancel_at')!;
  const description = params.nullableString('description');
  if (description !== undefined) subscription.description = description;
  const defaultPaymentMethod = params.nullableString('default_payment_method');
  if (defaultPaymentMethod !== undefined) {
    const customer = account.get('customers', subscription.customer as string, 'customer');
    subscription.default_payment_method = defaultPaymentMethod === null ? null : customersPaymentMethod(account, customer, defaultPaymentMethod, 'default_payment_method').id;
  }
  const details = params.object('cancellation_details');
  if (details) {
    subscription.cancellation_details = {
      ...(subscription.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }),
      ...(details.has('comment') ? { comment: details.nullableString('comment') ?? null } : {}),
      ...(details.has('feedback') ? { feedback: (details.nullableString('feedback') ?? null) as Stripe.Subscription.CancellationDetails.Feedback | null } : {}),
    };
  }
  account.emitUpdated('customer.subscription.updated', before, subscription, request);
  return subscription;
}

function cancelSubscription({ account, params, path, request }: ApiCall): Stripe.Subscription {
  const subscription = account.get('subscriptions', path.id!, 'subscription');
  if (subscription.status === 'canceled') throw invalidRequest(`The subscription ${subscription.id} has already been canceled.`);
  const now = account.now();
  const details = params.object('cancellation_details');
  subscription.status = 'canceled';
  subscription.canceled_at = now;
  subscription.ended_at = now;
  subscription.cancel_at = null;
  subscription.cancel_at_period_end = false;
  subscription.cancellation_details = {
    comment: details?.string('comment') ?? null,
    feedback: (details?.string('feedback') ?? null) as Stripe.Subscription.CancellationDetails.Feedback | null,
    feedback_option: null,
    reason: 'cancellation_requested',
  };
  account.emit('customer.subscription.deleted', subscription, { request });
  return subscription;
}

export type RenewalOptions = {
  /** Stripe finalizes a renewal invoice about an hour after making it; false leaves it a draft. Default true. */
  finalize?: boolean;
  /** Charge it on the subscription's (else the customer's) default payment method when it is charged automatically. Default true. */
  collect?: boolean;
};

/**
 * Test helper (no endpoint): what Stripe does when a subscription's period ends. The next period
 * starts (customer.subscription.updated) and its invoice is issued with one line per item for that
 * period, billing_reason `subscription_cycle`: invoice.created, then invoice.finalized with its
 * number, then the charge (invoice.paid, or invoice.payment_failed with the subscription past due; a
 * SEPA debit stays processing until settlePayment). A subscription set to cancel at period end ends
 * instead (customer.subscription.deleted) and no invoice is issued: the answer is null.
 */
export function renewSubscription(account: FakeAccount, subscriptionId: string, { finalize = true, collect = true }: RenewalOptions = {}, request: RequestInfo | null = null): Stripe.Invoice | null {
  const subscription = account.get('subscriptions', subscriptionId, 'subscription');
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') throw new Error(`subscription ${subscription.id} is ${subscription.status}; only a live subscription renews`);
  const start = currentPeriodEnd(subscription);
  if (subscription.cancel_at_period_end) {
    subscription.status = 'canceled';
    subscription.ended_at = start;
    subscription.cancel_at = null;
    account.emit('customer.subscription.deleted', subscription, { request });
    return null;
  }
  const price = subscription.items.data[0]!.price;
  const end = periodEnd(start, price.recurring!.interval, price.recurring!.interval_count);
  const before = toWire(subscription);
  for (const item of subscription.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
  const customer = account.get('customers', subscription.customer as string, 'customer');
  const invoice = newInvoice(
    account,
    customer,
    {
      auto_advance: true,
      billing_reason: 'subscription_cycle',
      collection_method: subscription.collection_method,
      currency: subscription.currency,
      due_date: subscription.days_until_due !== null ? account.now() + subscription.days_until_due * 86_400 : null,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id } },
    },
    request,
  );
  addSubscriptionLines(account, invoice, subscription, start, end);
  subscription.latest_invoice = invoice.id;
  account.emitUpdated('customer.subscription.updated', before, subscription, request);
  if (!finalize) return invoice;
  finalizeInvoice(account, invoice, request);

  const chosen = subscription.default_payment_method ?? customer.invoice_settings.default_payment_method;
  const method = typeof chosen === 'string' ? account.state.paymentMethods.get(chosen) : undefined;
  if (!collect || invoice.status !== 'open' || invoice.collection_method !== 'charge_automatically' || !method) return invoice;
  try {
    collectInvoice(account, invoice, method, request);
  } catch (error) {
    if (!(error instanceof FakeStripeError) || error.body.type !== 'card_error') throw error;
    // a failed renewal leaves the invoice open and the subscription past due while Stripe retries
    const declined = toWire(subscription);
    subscription.status = 'past_due';
    account.emitUpdated('customer.subscription.updated', declined, subscription, request);
  }
  return invoice;
}

function listSubscriptions({ account, params }: ApiCall) {
  const customer = params.string('customer');
  const status = params.string('status');
  const subscriptions = [...account.state.subscriptions.values()].filter(
    (s) => (!customer || s.customer === customer) && (status === 'all' || (status ? s.status === status : s.status !== 'canceled')),
  );
  return listOf('/v1/subscriptions', newestFirst(subscriptions), params);
}

export function subscriptionRoutes(router: ApiRouter): void {
  router
    .add('POST', '/v1/subscriptions', createSubscription)
    .add('GET', '/v1/subscriptions', listSubscriptions)
    .add('GET', '/v1/subscriptions/:id', ({ account, path }) => account.get('subscriptions', path.id!, 'subscription'))
    .add('POST', '/v1/subscriptions/:id', updateSubscription)
    .add('DELETE', '/v1/subscriptions/:id', cancelSubscription);
}
