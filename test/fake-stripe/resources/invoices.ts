// Invoice items and invoices: draft → open (finalize) → paid | void | uncollectible.
import Stripe from 'stripe';
import type { ApiCall, ApiRouter } from '../api';
import { toWire, type FakeAccount, type RequestInfo } from '../fake-account';
import { applyMetadata, type Params } from '../params';
import { listOf, newestFirst } from '../render';
import { invalidRequest, missingParam } from '../stripe-errors';
import { fromTemplate } from '../templates';
import { customersPaymentMethod } from './customers';
import { cancelOpenPayment, collectInvoice, openPaymentFor } from './payments';

/** Stripe shows the first lines on the invoice and the rest through /v1/invoices/:id/lines. */
const LINES_SHOWN = 10;
const allLines = new WeakMap<Stripe.Invoice, Stripe.InvoiceLineItem[]>();
/** `days_until_due` is a creation parameter, not a field of the invoice; due_date is set from it. */
const daysUntilDue = new WeakMap<Stripe.Invoice, number>();
/** A custom `number` asked for at creation, used when the invoice is finalized. */
const requestedNumber = new WeakMap<Stripe.Invoice, string>();

export function linesOf(invoice: Stripe.Invoice): Stripe.InvoiceLineItem[] {
  return allLines.get(invoice) ?? [];
}

/** Totals from the lines; the fake has no taxes, discounts or customer balance. */
function recomputeTotals(invoice: Stripe.Invoice): void {
  const lines = linesOf(invoice);
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal;
  invoice.total = subtotal;
  invoice.total_excluding_tax = subtotal;
  invoice.amount_due = Math.max(0, subtotal);
  invoice.amount_remaining = Math.max(0, invoice.amount_due - invoice.amount_paid);
  invoice.lines = { object: 'list', data: lines.slice(0, LINES_SHOWN), has_more: lines.length > LINES_SHOWN, url: `/v1/invoices/${invoice.id}/lines` };
}

export function addLine(invoice: Stripe.Invoice, line: Stripe.InvoiceLineItem): void {
  allLines.set(invoice, [...linesOf(invoice), line]);
  recomputeTotals(invoice);
}

function assertDraft(invoice: Stripe.Invoice, param?: string): void {
  if (invoice.status !== 'draft') {
    throw invalidRequest(`You can only modify the lines of a draft invoice; invoice ${invoice.id} is ${invoice.status}.`, { code: 'invoice_not_editable', ...(param ? { param } : {}) });
  }
}

/** A new draft invoice for `customer`. */
export function newInvoice(account: FakeAccount, customer: Stripe.Customer, fields: Partial<Stripe.Invoice>, request: RequestInfo | null): Stripe.Invoice {
  const id = account.newId('in_');
  const created = account.now();
  const currency = fields.currency ?? customer.currency ?? 'usd';
  // a customer's currency is fixed by its first invoice
  customer.currency ??= currency;
  const invoice = fromTemplate('invoice', {
    id,
    account_tax_ids: null,
    amount_due: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    auto_advance: false,
    collection_method: 'charge_automatically',
    created,
    currency,
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    default_source: null,
    default_tax_rates: [],
    issuer: { type: 'self' },
    metadata: {},
    on_behalf_of: null,
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    statement_descriptor: null,
    status: 'draft',
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_excluding_tax: 0,
    ...fields,
  });
  allLines.set(invoice, []);
  recomputeTotals(invoice);
  account.state.invoices.set(invoice.id, invoice);
  account.emit('invoice.created', invoice, { request });
  return invoice;
}

/** quantity × unit amount in minor units, rounded to an integer (ties away from zero). */
function amountFor(quantity: Stripe.Decimal, unitAmount: Stripe.Decimal): number {
  // Stripe does not document how it breaks ties; the app never sends one (see lib/stripe/mirror-invoice.ts)
  return quantity.mul(unitAmount).round('half-up', { mode: 'decimal-places', value: 0 }).toNumber();
}

function createInvoiceItem({ account, params, request }: ApiCall): Stripe.InvoiceItem {
  const customerId = params.string('customer');
  if (!customerId) throw missingParam('customer');
  const customer = account.get('customers', customerId, 'customer', 'customer');
  const invoiceId = params.string('invoice');
  const invoice = invoiceId ? account.get('invoices', invoiceId, 'invoice', 'invoice') : null;
  if (invoice) {
    if (invoice.customer !== customer.id) throw invalidRequest(`The invoice ${invoice.id} belongs to a different customer than ${customer.id}.`, { param: 'invoice' });
    assertDraft(invoice, 'invoice');
  }
  const currency = (params.string('currency') ?? invoice?.currency ?? customer.currency)?.toLowerCase();
  if (!currency) throw missingParam('currency');
  if (invoice && currency !== invoice.currency) {
    throw invalidRequest(`The currency of the invoice item (${currency}) must match the currency of the invoice (${invoice.currency}).`, { param: 'currency' });
  }

  // exactly one way to price the item
  const amount = params.integer('amount');
  const unitAmountDecimal = params.decimal('unit_amount_decimal');
  const priceId = params.object('pricing')?.string('price');
  const priceData = params.object('price_data');
  const given = [amount !== undefined && 'amount', unitAmountDecimal !== undefined && 'unit_amount_decimal', priceId && 'pricing[price]', priceData && 'price_data'].filter(
    (name): name is string => typeof name === 'string',
  );
  if (given.length === 0) throw missingParam('amount');
  if (given.length > 1) throw invalidRequest(`You may only specify one of these parameters: ${given.join(', ')}.`, { param: given[1], code: 'parameters_exclusive' });

  const quantityInteger = params.integer('quantity', { min: 0 });
  const quantityDecimal = params.decimal('quantity_decimal');
  if (quantityInteger !== undefined && quantityDecimal !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: quantity, quantity_decimal.', { param: 'quantity_decimal', code: 'parameters_exclusive' });
  }
  const quantity = Stripe.Decimal.from(quantityDecimal ?? quantityInteger ?? 1);
  if (amount !== undefined && !quantity.eq(Stripe.Decimal.from(1))) {
    throw invalidRequest('The fake Stripe server models `amount` with a quantity of 1 only; use unit_amount_decimal with a quantity.', { param: 'quantity' });
  }

  let unitAmount: Stripe.Decimal;
  let priceDetails: Stripe.InvoiceItem.Pricing.PriceDetails | undefined;
  if (amount !== undefined) {
    unitAmount = Stripe.Decimal.from(amount);
  } else if (unitAmountDecimal !== undefined) {
    unitAmount = Stripe.Decimal.from(unitAmountDecimal);
  } else if (priceId) {
    const price = account.get('prices', priceId, 'price', 'pricing[price]');
    unitAmount = price.unit_amount_decimal!;
    priceDetails = { price: price.id, product: price.product as string };
  } else {
    const data = priceData!;
    const product = account.get('products', data.requiredString('product'), 'product', 'price_data[product]');
    const decimal = data.decimal('unit_amount_decimal') ?? data.integer('unit_amount')?.toString();
    if (decimal === undefined) throw missingParam('price_data[unit_amount]');
    unitAmount = Stripe.Decimal.from(decimal);
    // price_data makes an inline price: retrievable, but not part of the catalog
    const inline = fromTemplate('price', {
      id: account.newId('price_'),
      active: false,
      billing_scheme: 'per_unit',
      created: account.now(),
      currency,
      metadata: {},
      product: product.id,
      tax_behavior: 'unspecified',
      type: 'one_time',
      unit_amount: unitAmount.round('round-down', { mode: 'decimal-places', value: 0 }).eq(unitAmount) ? unitAmount.toNumber() : null,
      unit_amount_decimal: unitAmount,
    });
    account.state.prices.set(inline.id, inline);
    priceDetails = { price: inline.id, product: product.id };
  }

  const created = account.now();
  const period = params.object('period');
  const item = fromTemplate('invoiceitem', {
    id: account.newId('ii_'),
    amount: amount ?? amountFor(quantity, unitAmount),
    currency,
    customer: customer.id,
    date: created,
    description: params.string('description') ?? null,
    discountable: params.boolean('discountable') ?? (amount ?? 0) >= 0,
    invoice: invoice?.id ?? null,
    metadata: applyMetadata({}, params.metadata()),
    period: period ? { start: period.integer('start') ?? created, end: period.integer('end') ?? created } : { start: created, end: created },
    pricing: { type: 'price_details', ...(priceDetails ? { price_details: priceDetails } : {}), unit_amount_decimal: unitAmount },
    // an integer quantity is also reported as quantity; a decimal one is truncated there
    quantity: quantity.round('round-down', { mode: 'decimal-places', value: 0 }).toNumber(),
    quantity_decimal: quantity,
  });
  item.net_amount = item.amount;
  account.state.invoiceItems.set(item.id, item);
  if (invoice) addLine(invoice, lineForItem(account, invoice, item));
  account.emit('invoiceitem.created', item, { request });
  return item;
}

function lineForItem(account: FakeAccount, invoice: Stripe.Invoice, item: Stripe.InvoiceItem): Stripe.InvoiceLineItem {
  return fromTemplate('line_item', {
    id: account.newId('il_'),
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discountable: item.discountable,
    invoice: invoice.id,
    metadata: { ...(item.metadata ?? {}) },
    parent: {
      type: 'invoice_item_details',
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
      subscription_item_details: null,
    },
    period: { ...item.period },
    pricing: item.pricing ? { ...item.pricing } : null,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subtotal: item.amount,
  });
}

function deleteInvoiceItem({ account, path, request }: ApiCall) {
  const item = account.get('invoiceItems', path.id!, 'invoiceitem');
  const invoice = item.invoice ? account.state.invoices.get(item.invoice as string) : undefined;
  if (invoice) {
    assertDraft(invoice);
    allLines.set(invoice, linesOf(invoice).filter((line) => line.parent?.invoice_item_details?.invoice_item !== item.id));
    recomputeTotals(invoice);
  }
  account.state.invoiceItems.delete(item.id);
  account.emit('invoiceitem.deleted', item, { request });
  return { id: item.id, object: 'invoiceitem', deleted: true };
}

function createInvoice({ account, params, request }: ApiCall): Stripe.Invoice {
  const customerId = params.string('customer');
  if (!customerId) throw missingParam('customer');
  const customer = account.get('customers', customerId, 'customer', 'customer');
  const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice']) ?? 'charge_automatically';
  const days = params.integer('days_until_due', { min: 0 });
  const dueDate = params.integer('due_date');
  if (collectionMethod === 'send_invoice' && days === undefined && dueDate === undefined) {
    throw invalidRequest('Invoices with collection_method=send_invoice need either days_until_due or due_date.', { param: 'days_until_due' });
  }
  if (collectionMethod === 'charge_automatically' && (days !== undefined || dueDate !== undefined)) {
    throw invalidRequest('days_until_due and due_date can only be set when collection_method is send_invoice.', { param: days !== undefined ? 'days_until_due' : 'due_date' });
  }
  const defaultPaymentMethod = params.string('default_payment_method');
  const created = account.now();
  const invoice = newInvoice(
    account,
    customer,
    {
      auto_advance: params.boolean('auto_advance') ?? false,
      collection_method: collectionMethod,
      ...(params.string('currency') ? { currency: params.string('currency')!.toLowerCase() } : {}),
      default_payment_method: defaultPaymentMethod ? customersPaymentMethod(account, customer, defaultPaymentMethod, 'default_payment_method').id : null,
      description: params.string('description') ?? null,
      due_date: dueDate ?? (days !== undefined ? created + days * 86_400 : null),
      footer: params.string('footer') ?? null,
      metadata: applyMetadata({}, params.metadata()),
      statement_descriptor: params.string('statement_descriptor') ?? null,
    },
    request,
  );
  if (days !== undefined) daysUntilDue.set(invoice, days);
  const number = params.string('number');
  if (number) requestedNumber.set(invoice, number);
  // since 2022-08-01 pending invoice items stay pending unless asked for
  if ((params.oneOf('pending_invoice_items_behavior', ['exclude', 'include']) ?? 'exclude') === 'include') {
    for (const item of account.state.invoiceItems.values()) {
      if (item.customer !== customer.id || item.invoice !== null || item.currency !== invoice.currency) continue;
      item.invoice = invoice.id;
      addLine(invoice, lineForItem(account, invoice, item));
    }
  }
  return invoice;
}

/**
 * draft → open: the number (`<customer.invoice_prefix>-0001`, …), hosted page and PDF links,
 * totals, and the PaymentIntent that collects it. An invoice with nothing due is paid at once.
 */
export function finalizeInvoice(account: FakeAccount, invoice: Stripe.Invoice, request: RequestInfo | null, options: { autoAdvance?: boolean } = {}): Stripe.Invoice {
  if (invoice.status !== 'draft') throw invalidRequest("This invoice is already finalized, you can't re-finalize a non-draft invoice.", { code: 'invoice_not_editable' });
  const customer = account.get('customers', invoice.customer as string, 'customer');
  const now = account.now();
  invoice.number = requestedNumber.get(invoice) ?? `${customer.invoice_prefix}-${String(customer.next_invoice_sequence ?? 1).padStart(4, '0')}`;
  customer.next_invoice_sequence = (customer.next_invoice_sequence ?? 1) + 1;
  if (options.autoAdvance !== undefined) invoice.auto_advance = options.autoAdvance;
  invoice.status = 'open';
  invoice.status_transitions.finalized_at = now;
  invoice.effective_at = now;
  invoice.hosted_invoice_url = `${account.url}/hosted/${invoice.id}`;
  invoice.invoice_pdf = `${account.url}/pdf/${invoice.id}`;
  // the customer's details are copied onto the invoice when it is finalized
  invoice.customer_email = customer.email;
  invoice.customer_name = customer.name ?? null;
  invoice.customer_phone = customer.phone ?? null;
  invoice.customer_address = customer.address ?? null;
  const days = daysUntilDue.get(invoice);
  if (invoice.collection_method === 'send_invoice' && days !== undefined) invoice.due_date = now + days * 86_400;
  invoice.next_payment_attempt = invoice.collection_method === 'charge_automatically' && invoice.auto_advance ? now + 3_600 : null;
  recomputeTotals(invoice);
  account.emit('invoice.finalized', invoice, { request });
  if (invoice.amount_due === 0) {
    // nothing to collect: Stripe marks the invoice paid when it is finalized
    invoice.status = 'paid';
    invoice.attempted = true;
    invoice.next_payment_attempt = null;
    invoice.status_transitions.paid_at = now;
    account.emit('invoice.paid', invoice, { request });
  } else {
    openPaymentFor(account, invoice, request);
  }
  return invoice;
}

/** Which payment method pays an invoice, in Stripe's order of precedence. */
function paymentMethodFor(account: FakeAccount, invoice: Stripe.Invoice, params: Params): Stripe.PaymentMethod {
  const customer = account.get('customers', invoice.customer as string, 'customer');
  const explicit = params.string('payment_method');
  if (explicit) return customersPaymentMethod(account, customer, explicit, 'payment_method');
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription = typeof subscriptionId === 'string' ? account.state.subscriptions.get(subscriptionId) : undefined;
  const chosen = invoice.default_payment_method ?? subscription?.default_payment_method ?? customer.invoice_settings.default_payment_method;
  const method = typeof chosen === 'string' ? account.state.paymentMethods.get(chosen) : undefined;
  if (!method) {
    throw invalidRequest(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.',
      { code: 'resource_missing' },
    );
  }
  return method;
}

function payInvoice({ account, params, path, request }: ApiCall): Stripe.Invoice {
  const invoice = account.get('invoices', path.id!, 'invoice');
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid', { code: 'invoice_already_paid' });
  if (invoice.status === 'void') throw invalidRequest('This invoice has been voided and can no longer be paid.', { code: 'invoice_not_editable' });
  // Stripe finalizes a draft before attempting payment
  if (invoice.status === 'draft') finalizeInvoice(account, invoice, request);
  if (invoice.status === 'paid') return invoice;
  if (params.boolean('paid_out_of_band')) {
    // paid outside Stripe: no charge, the open PaymentIntent is canceled
    const remaining = invoice.amount_remaining;
    cancelOpenPayment(account, invoice, request);
    invoice.amount_paid += remaining;
    invoice.amount_paid_off_stripe = (invoice.amount_paid_off_stripe ?? 0) + remaining;
    invoice.amount_remaining = 0;
    invoice.status = 'paid';
    invoice.status_transitions.paid_at = account.now();
    account.emit('invoice.paid', invoice, { request });
    return invoice;
  }
  return collectInvoice(account, invoice, paymentMethodFor(account, invoice, params), request);
}

function closeInvoice({ account, path, request }: ApiCall, to: 'void' | 'uncollectible'): Stripe.Invoice {
  const invoice = account.get('invoices', path.id!, 'invoice');
  const allowed = to === 'void' ? ['open', 'uncollectible'] : ['open'];
  if (!allowed.includes(invoice.status ?? '')) {
    throw invalidRequest(`You can only ${to === 'void' ? 'void' : 'mark as uncollectible'} an invoice that is ${allowed.join(' or ')}; invoice ${invoice.id} is ${invoice.status}.`, {
      code: 'invoice_not_editable',
    });
  }
  invoice.status = to;
  invoice.next_payment_attempt = null;
  if (to === 'void') {
    invoice.status_transitions.voided_at = account.now();
    cancelOpenPayment(account, invoice, request);
    account.emit('invoice.voided', invoice, { request });
  } else {
    // an uncollectible invoice can still be paid; its PaymentIntent stays open
    invoice.status_transitions.marked_uncollectible_at = account.now();
    account.emit('invoice.marked_uncollectible', invoice, { request });
  }
  return invoice;
}

function updateInvoice({ account, params, path, request }: ApiCall): Stripe.Invoice {
  const invoice = account.get('invoices', path.id!, 'invoice');
  const before = toWire(invoice);
  const draftOnly = ['description', 'footer', 'collection_method', 'days_until_due', 'due_date', 'currency'].filter((name) => params.has(name));
  if (invoice.status !== 'draft' && draftOnly.length > 0) {
    throw invalidRequest(`You can only update ${draftOnly[0]} on a draft invoice.`, { param: draftOnly[0], code: 'invoice_not_editable' });
  }
  invoice.metadata = applyMetadata(invoice.metadata, params.metadata());
  const autoAdvance = params.boolean('auto_advance');
  if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
  const description = params.nullableString('description');
  if (description !== undefined) invoice.description = description;
  const footer = params.nullableString('footer');
  if (footer !== undefined) invoice.footer = footer;
  const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice']);
  if (collectionMethod) invoice.collection_method = collectionMethod;
  const days = params.integer('days_until_due', { min: 0 });
  if (days !== undefined) {
    daysUntilDue.set(invoice, days);
    invoice.due_date = invoice.created + days * 86_400;
  }
  const defaultPaymentMethod = params.nullableString('default_payment_method');
  if (defaultPaymentMethod !== undefined) {
    const customer = account.get('customers', invoice.customer as string, 'customer');
    invoice.default_payment_method = defaultPaymentMethod === null ? null : customersPaymentMethod(account, customer, defaultPaymentMethod, 'default_payment_method').id;
  }
  account.emitUpdated('invoice.updated', before, invoice, request);
  return invoice;
}

function deleteInvoice({ account, path, request }: ApiCall) {
  const invoice = account.get('invoices', path.id!, 'invoice');
  if (invoice.status !== 'draft') throw invalidRequest('You can only delete draft invoices. Void the invoice instead.', { code: 'invoice_not_editable' });
  for (const item of [...account.state.invoiceItems.values()]) if (item.invoice === invoice.id) account.state.invoiceItems.delete(item.id);
  account.state.invoices.delete(invoice.id);
  account.emit('invoice.deleted', invoice, { request });
  return { id: invoice.id, object: 'invoice', deleted: true };
}

function listInvoices({ account, params }: ApiCall) {
  const customer = params.string('customer');
  const status = params.string('status');
  const subscription = params.string('subscription');
  const invoices = [...account.state.invoices.values()].filter(
    (invoice) =>
      (!customer || invoice.customer === customer) &&
      (!status || invoice.status === status) &&
      (!subscription || invoice.parent?.subscription_details?.subscription === subscription),
  );
  return listOf('/v1/invoices', newestFirst(invoices), params);
}

export function invoiceRoutes(router: ApiRouter): void {
  router
    .add('POST', '/v1/invoiceitems', createInvoiceItem)
    .add('GET', '/v1/invoiceitems/:id', ({ account, path }) => account.get('invoiceItems', path.id!, 'invoiceitem'))
    .add('DELETE', '/v1/invoiceitems/:id', deleteInvoiceItem)
    .add('POST', '/v1/invoices', createInvoice)
    .add('GET', '/v1/invoices', listInvoices)
    .add('GET', '/v1/invoices/:id', ({ account, path }) => account.get('invoices', path.id!, 'invoice'))
    .add('POST', '/v1/invoices/:id', updateInvoice)
    .add('DELETE', '/v1/invoices/:id', deleteInvoice)
    .add('GET', '/v1/invoices/:id/lines', ({ account, params, path }) => {
      const invoice = account.get('invoices', path.id!, 'invoice');
      return listOf(`/v1/invoices/${invoice.id}/lines`, linesOf(invoice), params);
    })
    .add('POST', '/v1/invoices/:id/finalize', ({ account, params, path, request }) =>
      finalizeInvoice(account, account.get('invoices', path.id!, 'invoice'), request, { autoAdvance: params.boolean('auto_advance') }),
    )
    .add('POST', '/v1/invoices/:id/pay', payInvoice)
    .add('POST', '/v1/invoices/:id/void', (call) => closeInvoice(call, 'void'))
    .add('POST', '/v1/invoices/:id/mark_uncollectible', (call) => closeInvoice(call, 'uncollectible'));
}
