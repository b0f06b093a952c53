// Products and prices (per-unit prices; `unit_amount` or a sub-cent `unit_amount_decimal`).
import Stripe from 'stripe';
import type { ApiCall, ApiRouter } from '../api';
import type { FakeAccount, RequestInfo } from '../fake-account';
import { applyMetadata, type Params } from '../params';
import { invalidRequest, missingParam } from '../stripe-errors';
import { fromTemplate } from '../templates';

function createProductFrom(account: FakeAccount, params: Params, request: RequestInfo): Stripe.Product {
  const created = account.now();
  const product = fromTemplate('product', {
    id: account.newId('prod_', 14),
    created,
    updated: created,
    name: params.requiredString('name'),
    active: params.boolean('active') ?? true,
    description: params.string('description') ?? null,
    images: params.strings('images') ?? [],
    marketing_features: [],
    metadata: applyMetadata({}, params.metadata()),
    statement_descriptor: params.string('statement_descriptor') ?? null,
    tax_code: params.string('tax_code') ?? null,
    unit_label: params.string('unit_label') ?? null,
    url: params.string('url') ?? null,
  });
  account.state.products.set(product.id, product);
  account.emit('product.created', product, { request });
  return product;
}

function recurringFrom(params: Params | undefined): Stripe.Price.Recurring | null {
  if (!params) return null;
  const interval = params.oneOf('interval', ['day', 'week', 'month', 'year']);
  if (!interval) throw missingParam('recurring[interval]');
  return {
    interval,
    interval_count: params.integer('interval_count', { min: 1 }) ?? 1,
    meter: params.string('meter') ?? null,
    trial_period_days: params.integer('trial_period_days', { min: 0 }) ?? null,
    usage_type: params.oneOf('usage_type', ['licensed', 'metered']) ?? 'licensed',
  };
}

function createPrice({ account, params, request }: ApiCall): Stripe.Price {
  const currency = params.requiredString('currency').toLowerCase();
  const unitAmount = params.integer('unit_amount', { min: 0 });
  const unitAmountDecimal = params.decimal('unit_amount_decimal');
  if (unitAmount !== undefined && unitAmountDecimal !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: unit_amount, unit_amount_decimal.', { param: 'unit_amount', code: 'parameters_exclusive' });
  }
  if (unitAmount === undefined && unitAmountDecimal === undefined) throw missingParam('unit_amount');
  const productId = params.string('product');
  const productData = params.object('product_data');
  if (productId && productData) throw invalidRequest('You may only specify one of these parameters: product, product_data.', { param: 'product', code: 'parameters_exclusive' });
  const product = productId ? account.get('products', productId, 'product', 'product') : productData ? createProductFrom(account, productData, request) : null;
  if (!product) throw missingParam('product');

  const recurring = recurringFrom(params.object('recurring'));
  // an integral decimal is also the integer amount; a fractional one has no integer amount
  const decimal = unitAmountDecimal !== undefined ? Stripe.Decimal.from(unitAmountDecimal) : Stripe.Decimal.from(unitAmount!);
  const integral = decimal.round('round-down', { mode: 'decimal-places', value: 0 }).eq(decimal);
  const price = fromTemplate('price', {
    id: account.newId('price_'),
    created: account.now(),
    active: params.boolean('active') ?? true,
    billing_scheme: 'per_unit',
    currency,
    lookup_key: params.string('lookup_key') ?? null,
    metadata: applyMetadata({}, params.metadata()),
    nickname: params.string('nickname') ?? null,
    product: product.id,
    recurring,
    tax_behavior: params.oneOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified']) ?? 'unspecified',
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: integral ? decimal.toNumber() : null,
    unit_amount_decimal: decimal,
  });
  account.state.prices.set(price.id, price);
  account.emit('price.created', price, { request });
  return price;
}

/** The legacy `plan` view of a recurring price, as subscription items carry it. */
export function planFor(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring!;
  return fromTemplate('plan', {
    id: price.id,
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    metadata: price.metadata,
    meter: recurring.meter,
    nickname: price.nickname,
    product: price.product,
    trial_period_days: recurring.trial_period_days,
    usage_type: recurring.usage_type,
  });
}

export function catalogRoutes(router: ApiRouter): void {
  router
    .add('POST', '/v1/products', ({ account, params, request }) => createProductFrom(account, params, request))
    .add('GET', '/v1/products/:id', ({ account, path }) => account.get('products', path.id!, 'product'))
    .add('POST', '/v1/prices', createPrice)
    .add('GET', '/v1/prices/:id', ({ account, path }) => account.get('prices', path.id!, 'price'));
}
