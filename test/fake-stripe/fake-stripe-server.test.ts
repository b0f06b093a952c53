// The fake Stripe server, driven through the real `stripe` SDK as the app drives Stripe.
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from './fake-stripe-server';
import { parseStripeForm } from './form-encoding';
import { FAKE_STRIPE_SECRET_KEY, stripeClientFor } from './stripe-client-for-fake';
import { fixtures } from './templates';

let fake: FakeStripe;
let stripe: Stripe;

beforeEach(async () => {
  fake = await startFakeStripe();
  stripe = stripeClientFor(fake);
});

afterEach(async () => {
  await fake.close();
});

/** A customer with test card `card` attached and set as their default payment method. */
async function customerWithCard(card = 'pm_card_visa', currency?: string) {
  const customer = await stripe.customers.create({ name: 'Ada Lovelace', email: 'ada@example.com', metadata: { customer_id: 'c-1' } });
  const method = await stripe.paymentMethods.attach(card, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: method.id } });
  return { customer, method, currency: currency ?? 'usd' };
}

/** An open invoice of 5000 × 0.05 cents = 250 cents. */
async function finalizedInvoice(customerId: string, currency = 'usd') {
  const draft = await stripe.invoices.create({ customer: customerId, currency, collection_method: 'charge_automatically', auto_advance: false, metadata: { invoice_id: 'inv-1' } });
  await stripe.invoiceItems.create({ customer: customerId, invoice: draft.id, currency, description: 'API calls', quantity: 5000, unit_amount_decimal: Stripe.Decimal.from('0.05') });
  return stripe.invoices.finalizeInvoice(draft.id, { auto_advance: false });
}

async function rawRequest(method: string, path: string, init: { body?: string; auth?: string | null } = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (init.auth !== null) headers.Authorization = init.auth ?? `Bearer ${FAKE_STRIPE_SECRET_KEY}`;
  const response = await fetch(`${fake.url}${path}`, { method, headers, body: init.body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error?: Record<string, unknown> } & Record<string, unknown> };
}

describe('form encoding', () => {
  it('parses bracket notation into nested objects and arrays, as the SDK and curl write it', () => {
    expect(parseStripeForm('metadata[invoice_id]=inv_1&metadata[note]=a%20b%26c%3Dd&items[0][price]=price_1&items[1][price]=price_2&items[1][quantity]=3&expand[]=a&expand[]=b.c')).toEqual({
      metadata: { invoice_id: 'inv_1', note: 'a b&c=d' },
      items: [{ price: 'price_1' }, { price: 'price_2', quantity: '3' }],
      expand: ['a', 'b.c'],
    });
    expect(parseStripeForm('expand[0]=x&expand[1]=y&invoice_settings[default_payment_method]=pm_1')).toEqual({ expand: ['x', 'y'], invoice_settings: { default_payment_method: 'pm_1' } });
    // Rack's rule for `[]` followed by keys: a repeated key starts a new element
    expect(parseStripeForm('items[][price]=a&items[][quantity]=1&items[][price]=b')).toEqual({ items: [{ price: 'a', quantity: '1' }, { price: 'b' }] });
    // metadata keys are free-form: "0" is a key, not an index
    expect(parseStripeForm('metadata[0]=zero&description=one+two&metadata[x]=')).toEqual({ metadata: { '0': 'zero', x: '' }, description: 'one two' });
    expect(parseStripeForm('__proto__[polluted]=1&a=1')).toEqual({ a: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips nested metadata and arrays through the SDK', async () => {
    const metadata = { invoice_id: 'inv_42', 'odd key': 'a&b=c [d] ü €', position: '0' };
    const customer = await stripe.customers.create({ email: 'x@example.com', metadata, preferred_locales: ['fr', 'de'] }, { idempotencyKey: 'roundtrip' });
    expect(customer.metadata).toEqual(metadata);
    expect(customer.preferred_locales).toEqual(['fr', 'de']);
    const [request] = fake.requestsTo('POST', '/v1/customers');
    expect(request!.params).toEqual({ email: 'x@example.com', metadata, preferred_locales: ['fr', 'de'] });
    expect(request!.idempotencyKey).toBe('roundtrip');

    // an empty metadata value unsets the key, as in Stripe
    const updated = await stripe.customers.update(customer.id, { metadata: { position: '', added: 'yes' } });
    expect(updated.metadata).toEqual({ invoice_id: 'inv_42', 'odd key': 'a&b=c [d] ü €', added: 'yes' });

    // GET parameters come in the query string with the same notation (`expand[0]=…`)
    const subscriptionless = await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });
    expect(subscriptionless.id).toBe(customer.id);
    expect(fake.requestsTo('GET', '/v1/customers/:id')[0]!.params).toEqual({ expand: ['invoice_settings.default_payment_method'] });
  });
});

describe('customers', () => {
  it('attaches a test payment method at creation and takes its id as the default, as Stripe’s docs do', async () => {
    const customer = await stripe.customers.create({ email: 'c@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const defaultId = customer.invoice_settings.default_payment_method as string;
    expect(defaultId).toMatch(/^pm_\w{24}$/);
    expect(fake.state.paymentMethods.get(defaultId)).toMatchObject({ customer: customer.id, card: { last4: '4242' } });
    // an id that is not the customer's is refused
    await expect(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_card_mastercard' } })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'invoice_settings[default_payment_method]',
    });
    const expanded = await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });
    expect((expanded as Stripe.Customer).invoice_settings.default_payment_method).toMatchObject({ id: defaultId, object: 'payment_method' });
  });

  it('deletes a customer for good: retrieving it says deleted, anything else is resource_missing, its invoices stay', async () => {
    const { customer } = await customerWithCard();
    const invoice = await finalizedInvoice(customer.id);
    expect(await stripe.customers.del(customer.id)).toEqual({ id: customer.id, object: 'customer', deleted: true });
    expect(await stripe.customers.retrieve(customer.id)).toEqual({ id: customer.id, object: 'customer', deleted: true });
    await expect(stripe.customers.del(customer.id)).rejects.toMatchObject({ code: 'resource_missing', statusCode: 404 });
    await expect(stripe.customers.update(customer.id, { name: 'Back again' })).rejects.toMatchObject({ code: 'resource_missing' });
    // the event carries the customer as it was, as Stripe's customer.deleted does
    expect(fake.eventsOfType('customer.deleted').map((e) => e.data.object)).toEqual([expect.objectContaining({ id: customer.id, name: 'Ada Lovelace', email: 'ada@example.com' })]);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
    const withCustomer = await stripe.invoices.retrieve(invoice.id, { expand: ['customer'] });
    expect(withCustomer.customer).toEqual({ id: customer.id, object: 'customer', deleted: true });
  });
});

describe('objects', () => {
  it('have Stripe ids, unix-second timestamps, livemode false and every field of Stripe’s example objects', async () => {
    const { customer, method } = await customerWithCard();
    const invoice = await finalizedInvoice(customer.id);
    const paid = await stripe.invoices.pay(invoice.id, { off_session: true, expand: ['payments'] });
    const intentId = paid.payments!.data[0]!.payment.payment_intent as string;
    const intent = await stripe.paymentIntents.retrieve(intentId);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    const items = [...fake.state.invoiceItems.values()];
    const samples: [string, { id: string; object: string; created?: number; livemode: boolean }, RegExp][] = [
      ['customer', customer, /^cus_\w{14}$/],
      ['payment_method', method, /^pm_\w{24}$/],
      ['invoice', invoice, /^in_\w{24}$/],
      ['invoiceitem', items[0]!, /^ii_\w{24}$/],
      ['payment_intent', intent, /^pi_\w{24}$/],
      ['charge', charge, /^ch_\w{24}$/],
      ['line_item', invoice.lines.data[0]!, /^il_\w{24}$/],
    ];
    const now = Math.floor(Date.now() / 1000);
    for (const [type, object, idPattern] of samples) {
      expect(object.object, type).toBe(type);
      expect(object.id, type).toMatch(idPattern);
      expect(object.livemode, type).toBe(false);
      if (object.created !== undefined) expect(Math.abs(object.created - now), type).toBeLessThan(60);
      // invoice.subscription left the object in basil; charge.refunds is only there when expanded
      const expected = Object.keys(fixtures.resources[type as 'customer']).filter((key) => !(type === 'invoice' && key === 'subscription') && !(type === 'charge' && key === 'refunds'));
      const wire = type === 'invoiceitem' ? JSON.parse(JSON.stringify(object)) : object;
      for (const key of expected) expect(wire, `${type}.${key}`).toHaveProperty([key]);
    }
  });
});

describe('invoices', () => {
  it('finalizes an invoice with a sub-cent unit amount and collects it from the default card', async () => {
    const { customer, method } = await customerWithCard('pm_card_visa');
    expect(method.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 });
    expect(method.customer).toBe(customer.id);

    const draft = await stripe.invoices.create({ customer: customer.id, currency: 'usd', collection_method: 'charge_automatically', auto_advance: false, pending_invoice_items_behavior: 'exclude' });
    expect(draft).toMatchObject({ status: 'draft', number: null, hosted_invoice_url: null, amount_due: 0, customer: customer.id });
    const item = await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      currency: 'usd',
      description: 'API calls',
      quantity: 5000,
      unit_amount_decimal: Stripe.Decimal.from('0.05'),
      metadata: { position: '1' },
    });
    expect(item.amount).toBe(250);
    expect(item.pricing?.unit_amount_decimal?.toString()).toBe('0.05');
    expect(item.quantity_decimal.toString()).toBe('5000');
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, currency: 'usd', description: 'VAT 20%', amount: 50 });

    const open = await stripe.invoices.finalizeInvoice(draft.id, { auto_advance: false });
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^[A-Z0-9]{8}-0001$/);
    expect(open.hosted_invoice_url).toBe(`${fake.url}/hosted/${open.id}`);
    expect(open.invoice_pdf).toBe(`${fake.url}/pdf/${open.id}`);
    expect(open).toMatchObject({ subtotal: 300, total: 300, amount_due: 300, amount_remaining: 300, amount_paid: 0, attempt_count: 0 });
    expect(open.lines.data.map((line) => [line.description, line.amount, line.metadata])).toEqual([
      ['API calls', 250, { position: '1' }],
      ['VAT 20%', 50, {}],
    ]);
    expect(open.lines.data[0]!.parent?.invoice_item_details?.invoice_item).toBe(item.id);

    const hosted = await fetch(open.hosted_invoice_url!);
    expect(hosted.status).toBe(200);
    expect(await hosted.text()).toContain(open.number!);
    const pdf = await fetch(open.invoice_pdf!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const paid = await stripe.invoices.pay(open.id, { off_session: true, expand: ['payments.data.payment.payment_intent.latest_charge'] });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 300, amount_remaining: 0, attempted: true, attempt_count: 1 });
    const intent = paid.payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: 'succeeded', amount: 300, amount_received: 300, payment_method: method.id, customer: customer.id });
    expect(intent.latest_charge).toMatchObject({ status: 'succeeded', paid: true, amount: 300, payment_method: method.id });
    expect(fake.state.charges.size).toBe(1);
    expect(fake.eventsOfType('invoice.paid').map((event) => event.data.object.id)).toEqual([open.id]);

    // the second invoice of the customer gets the next number
    const second = await finalizedInvoice(customer.id);
    expect(second.number).toBe(open.number!.replace(/0001$/, '0002'));
  });

  it('leaves the invoice open with attempt_count 1 when the card is declined', async () => {
    const { customer } = await customerWithCard('pm_card_chargeCustomerFail');
    const invoice = await finalizedInvoice(customer.id);
    const error = await stripe.invoices.pay(invoice.id, { off_session: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    const charge = fake.state.charges.get((error as Stripe.errors.StripeCardError).charge!)!;
    expect(charge).toMatchObject({ status: 'failed', failure_code: 'card_declined', paid: false });

    const after = await stripe.invoices.retrieve(invoice.id);
    expect(after).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_paid: 0, amount_remaining: 250 });
    expect(fake.eventsOfType('invoice.payment_failed')).toHaveLength(1);

    // a declining card saved earlier (the helper skips the attach check) declines with its own reason
    fake.attachPaymentMethod(customer.id, 'pm_card_insufficientFunds', { asDefault: true });
    const second = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e);
    expect(second).toMatchObject({ type: 'StripeCardError', decline_code: 'insufficient_funds' });
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(2);
  });

  it('refuses to attach a card that is declined outright, as Stripe checks cards on attach', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.com' });
    const error = await stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    expect(fake.state.paymentMethods.size).toBe(0);
  });

  it('fails the next charge on demand, whatever the card', async () => {
    const { customer } = await customerWithCard();
    const invoice = await finalizedInvoice(customer.id);
    fake.failNextCharge('insufficient_funds');
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ type: 'StripeCardError', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
    expect((await stripe.invoices.pay(invoice.id)).status).toBe('paid');
  });

  it('pays a SEPA Direct Debit invoice once the debit settles', async () => {
    const { customer } = await customerWithCard('pm_sepa_debit', 'eur');
    const [method] = fake.state.paymentMethods.values();
    expect(method).toMatchObject({ type: 'sepa_debit', sepa_debit: { last4: '3000', country: 'DE' } });
    const invoice = await finalizedInvoice(customer.id, 'eur');
    const processing = await stripe.invoices.pay(invoice.id, { expand: ['payments.data.payment.payment_intent'] });
    expect(processing.status).toBe('open');
    const intent = processing.payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('processing');
    fake.settlePayment(intent.id, 'succeeded');
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_paid: 250 });
  });

  it('voids, marks uncollectible, includes pending items and exposes the confirmation secret', async () => {
    const customer = await stripe.customers.create({ email: 'b@example.com' });
    const pending = await stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', amount: 1234, description: 'setup fee' });
    expect(pending.invoice).toBeNull();
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 14 });
    expect(draft.amount_due).toBe(1234);
    const open = await stripe.invoices.finalizeInvoice(draft.id, { expand: ['confirmation_secret'] });
    expect(open.confirmation_secret).toEqual({ type: 'payment_intent', client_secret: expect.stringMatching(/^pi_\w+_secret_\w+$/) });
    expect(open.due_date).toBe(open.status_transitions.finalized_at! + 14 * 86_400);
    await expect(stripe.invoices.finalizeInvoice(draft.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    expect((await stripe.invoices.markUncollectible(open.id)).status).toBe('uncollectible');
    const voided = await stripe.invoices.voidInvoice(open.id);
    expect(voided.status).toBe('void');
    expect(voided.status_transitions.voided_at).toEqual(expect.any(Number));
    await expect(stripe.invoices.pay(open.id)).rejects.toThrow(/voided/);
  });
});

describe('the hosted invoice page', () => {
  /** An open invoice of a customer with no card: paid on the hosted page or not at all. */
  async function openInvoiceWithoutCard() {
    const customer = await stripe.customers.create({ name: 'Grace Hopper', email: 'grace@example.com' });
    return finalizedInvoice(customer.id);
  }

  const pay = (invoiceId: string, form: Record<string, string>) =>
    fetch(`${fake.url}/hosted/${invoiceId}/pay`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });

  it('pays an open invoice with the test card chosen in its form, sends invoice.paid and links back to the merchant', async () => {
    const open = await openInvoiceWithoutCard();
    const seen: string[] = [];
    fake.onEvent((event) => seen.push(event.type));

    const page = await (await fetch(`${open.hosted_invoice_url}?return_url=${encodeURIComponent('http://localhost:3000/billing/invoices/inv-1')}`)).text();
    expect(page).toContain(`<form method="post" action="/hosted/${open.id}/pay">`);
    expect(page).toContain('<option value="pm_card_visa">');
    expect(page).toContain('<input type="hidden" name="return_url" value="http://localhost:3000/billing/invoices/inv-1">');

    const answer = await pay(open.id, { payment_method: 'pm_card_mastercard', return_url: 'http://localhost:3000/billing/invoices/inv-1' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`/hosted/${open.id}?return_url=${encodeURIComponent('http://localhost:3000/billing/invoices/inv-1')}`);

    const paid = await stripe.invoices.retrieve(open.id, { expand: ['payments.data.payment.payment_intent.payment_method'] });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 250, amount_remaining: 0 });
    const intent = paid.payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent;
    expect((intent.payment_method as Stripe.PaymentMethod).card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    expect(seen).toContain('invoice.paid');
    expect(seen).toContain('invoice.payment_succeeded');

    const after = await (await fetch(answer.headers.get('location')!.replace(/^/, fake.url))).text();
    expect(after).toContain('<dd data-field="status">paid</dd>');
    expect(after).not.toContain('<form');
    expect(after).toContain('<a href="http://localhost:3000/billing/invoices/inv-1" data-testid="return-to-merchant">Return to merchant</a>');
  });

  it('shows a decline on the page and leaves the invoice open; refuses other return links and unknown cards', async () => {
    const open = await openInvoiceWithoutCard();
    const declined = await pay(open.id, { payment_method: 'pm_card_chargeCustomerFail' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('role="alert"');
    expect((await stripe.invoices.retrieve(open.id)).status).toBe('open');

    const unknown = await pay(open.id, { payment_method: 'pm_sepa_debit' });
    expect(unknown.status).toBe(400);
    const page = await (await fetch(`${open.hosted_invoice_url}?return_url=${encodeURIComponent('javascript:alert(1)')}`)).text();
    expect(page).not.toContain('Return to merchant');
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and parameters, creating nothing again', async () => {
    const params = { name: 'Ada', email: 'ada@example.com', metadata: { customer_id: 'c-1' } };
    const first = await stripe.customers.create(params, { idempotencyKey: 'customer-c-1' });
    const second = await stripe.customers.create(params, { idempotencyKey: 'customer-c-1' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(fake.state.customers.size).toBe(1);
    expect(fake.eventsOfType('customer.created')).toHaveLength(1);
    expect(fake.requestsTo('POST', '/v1/customers').map((r) => [r.idempotencyKey, r.status, r.replayed])).toEqual([
      ['customer-c-1', 200, false],
      ['customer-c-1', 200, true],
    ]);

    // keys are scoped to the API key
    const other = stripeClientFor(fake, { apiKey: 'sk_test_other_account_key' });
    expect((await other.customers.create(params, { idempotencyKey: 'customer-c-1' })).id).not.toBe(first.id);
  });

  it('raises StripeIdempotencyError for the same key with other parameters or another endpoint', async () => {
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'k1' });
    const changed = await stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(changed).toMatchObject({ statusCode: 400, rawType: 'idempotency_error', message: expect.stringContaining('same parameters') });
    const elsewhere = await stripe.products.create({ name: 'x' }, { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(fake.state.customers.size).toBe(1);
    expect(fake.state.products.size).toBe(0);
  });

  it('replays a decline, but lets a request refused as invalid be corrected under the same key', async () => {
    const { customer } = await customerWithCard('pm_card_chargeCustomerFail');
    const invoice = await finalizedInvoice(customer.id);
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: 'pay-1' })).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: 'pay-1' })).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(1);
    expect(fake.state.charges.size).toBe(1);

    await expect(stripe.invoiceItems.create({ customer: customer.id, currency: 'usd' }, { idempotencyKey: 'item-1' })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'parameter_missing',
      param: 'amount',
    });
    const item = await stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', amount: 100 }, { idempotencyKey: 'item-1' });
    expect(item.amount).toBe(100);
  });

  it('survives a lost response: the SDK retries the closed connection with the same key and gets the replay', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.com' });
    fake.failNextRequest({ method: 'POST', path: '/v1/invoices' }, 'drop-after-processing');
    const invoice = await stripe.invoices.create({ customer: customer.id }, { idempotencyKey: 'invoice-inv-1' });
    expect(fake.state.invoices.size).toBe(1);
    expect(fake.state.invoices.has(invoice.id)).toBe(true);
    expect(fake.requestsTo('POST', '/v1/invoices').map((r) => [r.status, r.replayed])).toEqual([
      [null, false],
      [200, true],
    ]);
  });

  it('fails a request with a 500 before doing anything', async () => {
    fake.failNextRequest({ path: '/v1/customers' }, 'error-500');
    await expect(stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'c' })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(fake.state.customers.size).toBe(0);
    // nothing was saved under the key, so the retry runs
    expect((await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'c' })).lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(fake.state.customers.size).toBe(1);

    // a dropped connection before any work: the SDK's one retry of a closed connection does it
    fake.failNextRequest({ method: 'POST', path: '/v1/products' }, 'drop');
    await stripe.products.create({ name: 'Pro' });
    expect(fake.requestsTo('POST', '/v1/products').map((r) => [r.status, r.replayed])).toEqual([
      [null, false],
      [200, false],
    ]);
    expect(fake.state.products.size).toBe(1);

    fake.reset();
    expect([fake.state.customers.size, fake.state.products.size, fake.state.requests.length, fake.state.events.size]).toEqual([0, 0, 0, 0]);
  });

  it('answers 409 to a concurrent request with a key still in flight', async () => {
    const slow = await startFakeStripe({ latencyMs: 150 });
    try {
      const client = stripeClientFor(slow);
      const results = await Promise.allSettled([
        client.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'same' }),
        new Promise((resolve) => setTimeout(resolve, 30)).then(() => client.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'same' })),
      ]);
      expect(results[0].status).toBe('fulfilled');
      expect(results[1]).toMatchObject({ status: 'rejected', reason: { statusCode: 409, rawType: 'idempotency_error' } });
      expect(slow.state.customers.size).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 "Unrecognized request URL" and a missing object with resource_missing', async () => {
    const unknown = await stripe.rawRequest('GET', '/v1/widgets/w_1').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ statusCode: 404, message: expect.stringContaining('Unrecognized request URL (GET: /v1/widgets/w_1)') });
    const missing = await stripe.invoices.retrieve('in_missing').catch((e: unknown) => e);
    expect(missing).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: "No such invoice: 'in_missing'" });
    const badParam = await stripe.invoices.create({ customer: 'cus_missing' }).catch((e: unknown) => e);
    expect(badParam).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
  });

  it('requires a Bearer sk_test_ key', async () => {
    const none = await rawRequest('GET', '/v1/customers', { auth: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('You did not provide an API key') });
    const live = stripeClientFor(fake, { apiKey: 'sk_live_0123456789abcdef' });
    const error = await live.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({ statusCode: 401, message: 'Invalid API Key provided: sk_live_************cdef' });
  });

  it('validates parameters the way Stripe names them', async () => {
    await expect(stripe.prices.create({ currency: 'usd', product_data: { name: 'x' }, recurring: { interval: 'fortnight' as 'month' }, unit_amount: 1 })).rejects.toMatchObject({
      param: 'recurring[interval]',
      message: 'Invalid recurring[interval]: must be one of day, week, month or year',
    });
    const customer = await stripe.customers.create({});
    const raw = await rawRequest('POST', '/v1/invoiceitems', { body: `customer=${customer.id}&currency=usd&amount=12.5` });
    expect(raw.status).toBe(400);
    expect(raw.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
  });
});

describe('setup intents and subscriptions', () => {
  it('creates a setup intent with a client secret, and completes it as Stripe.js would', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.com' });
    const intent = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ['card', 'sepa_debit'], usage: 'off_session' });
    expect(intent).toMatchObject({ status: 'requires_payment_method', usage: 'off_session', customer: customer.id, payment_method_types: ['card', 'sepa_debit'] });
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_\\w+$`));

    // 2026-09-30.endive replaced payment_method_types with allowed_payment_method_types
    const old = await rawRequest('POST', '/v1/setup_intents', { body: `customer=${customer.id}&payment_method_types[]=card` });
    expect(old.status).toBe(400);
    expect(old.body.error).toMatchObject({ code: 'parameter_unknown', param: 'payment_method_types' });

    const done = fake.completeSetupIntent(intent.id, 'pm_card_visa');
    expect(done.status).toBe('succeeded');
    const methods = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    expect(methods.data.map((m) => m.id)).toEqual([done.payment_method]);
  });

  it('gives a default_incomplete subscription the client secret of its first invoice, and activates it once paid', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.com' });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['latest_invoice.confirmation_secret'],
    });
    expect(subscription.status).toBe('incomplete');
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', amount_due: 2000, billing_reason: 'subscription_create', parent: { subscription_details: { subscription: subscription.id } } });
    expect(invoice.lines.data[0]!.description).toBe('1 × Pro (at $20.00 / month)');
    const secret = invoice.confirmation_secret!.client_secret;
    expect(secret).toMatch(/^pi_\w+_secret_\w+$/);

    fake.confirmPaymentIntent(secret.split('_secret_')[0]!, 'pm_card_visa');
    const active = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect((active.latest_invoice as Stripe.Invoice).status).toBe('paid');
    expect(active.default_payment_method).toMatch(/^pm_/);

    const ending = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(ending.cancel_at).toBe(ending.items.data[0]!.current_period_end);
    const updated = fake.eventsOfType('customer.subscription.updated').at(-1)!;
    expect(updated.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'cancellation_requested' } });
  });

  it('gives a subscription with nothing due now a pending setup intent', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.com' });
    const price = await stripe.prices.create({ currency: 'eur', unit_amount_decimal: Stripe.Decimal.from('0.25'), recurring: { interval: 'month', usage_type: 'metered' }, product: (await stripe.products.create({ name: 'API' })).id });
    expect(price.unit_amount).toBeNull();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['pending_setup_intent'] });
    expect(subscription.status).toBe('active');
    const setupIntent = subscription.pending_setup_intent as Stripe.SetupIntent;
    expect(setupIntent.client_secret).toMatch(/^seti_\w+_secret_\w+$/);
    fake.completeSetupIntent(setupIntent.id);
    expect((await stripe.subscriptions.retrieve(subscription.id)).pending_setup_intent).toBeNull();
  });
});

describe('subscription renewals', () => {
  async function paidSubscription(card = 'pm_card_visa', currency = 'usd') {
    const customer = await stripe.customers.create({ email: 'r@example.com' });
    const price = await stripe.prices.create({ currency, unit_amount: 4900, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      metadata: { subscription_id: 'ours-1' },
      expand: ['latest_invoice.confirmation_secret'],
    });
    const secret = (subscription.latest_invoice as Stripe.Invoice).confirmation_secret!.client_secret;
    fake.confirmPaymentIntent(secret.split('_secret_')[0]!, card);
    return { customer, subscription: await stripe.subscriptions.retrieve(subscription.id) };
  }

  it('issues the next period’s invoice as Stripe does: lines for the new period, a number, the charge and its events', async () => {
    const { subscription } = await paidSubscription();
    const first = subscription.items.data[0]!;
    const invoice = fake.renewSubscription(subscription.id)!;
    expect(invoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle', amount_paid: 4900, parent: { subscription_details: { subscription: subscription.id, metadata: { subscription_id: 'ours-1' } } } });
    expect(invoice.number).toMatch(/-0002$/);
    const lines = await stripe.invoices.listLineItems(invoice.id);
    expect(lines.data.map((l) => [l.description, l.amount, l.period.start])).toEqual([['1 × Pro (at $49.00 / month)', 4900, first.current_period_end]]);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]!.current_period_start).toBe(first.current_period_end);
    expect(renewed.items.data[0]!.current_period_end).toBe(lines.data[0]!.period.end);
    expect(renewed.latest_invoice).toBe(invoice.id);
    const forInvoice = [...fake.state.events.values()].filter((e) => e.data.object.id === invoice.id).map((e) => e.type);
    expect(forInvoice).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']);
  });

  it('can leave the renewal a draft, debits SEPA asynchronously, and makes a declined renewal past due', async () => {
    const { subscription } = await paidSubscription();
    const draft = fake.renewSubscription(subscription.id, { finalize: false })!;
    expect(draft).toMatchObject({ status: 'draft', number: null, amount_due: 4900 });

    const sepa = await paidSubscription('pm_sepa_debit', 'eur');
    const intentOf = async (invoiceId: string) => (await stripe.invoices.retrieve(invoiceId, { expand: ['payments'] })).payments!.data[0]!.payment.payment_intent as string;
    fake.settlePayment(await intentOf(sepa.subscription.latest_invoice as string), 'succeeded');
    const debit = fake.renewSubscription(sepa.subscription.id)!;
    expect(debit.status).toBe('open');
    fake.settlePayment(await intentOf(debit.id), 'succeeded');
    expect((await stripe.invoices.retrieve(debit.id)).status).toBe('paid');

    const declining = await paidSubscription();
    fake.failNextCharge('insufficient_funds');
    const declined = fake.renewSubscription(declining.subscription.id)!;
    expect(declined).toMatchObject({ status: 'open', attempt_count: 1 });
    expect((await stripe.subscriptions.retrieve(declining.subscription.id)).status).toBe('past_due');
    expect(fake.eventsOfType('invoice.payment_failed').map((e) => e.data.object.id)).toContain(declined.id);
  });

  it('ends a subscription set to cancel at period end instead of renewing it, and says when the cancellation was asked', async () => {
    const { subscription } = await paidSubscription();
    const ending = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(ending.canceled_at).toBe(fake.state.requests.at(-1)!.at);
    expect((await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false })).canceled_at).toBeNull();
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(fake.renewSubscription(subscription.id)).toBeNull();
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'canceled', ended_at: subscription.items.data[0]!.current_period_end });
    expect(fake.eventsOfType('customer.subscription.deleted')).toHaveLength(1);
    expect(() => fake.renewSubscription(subscription.id)).toThrow(/canceled/);
  });
});

describe('refunds', () => {
  it('refunds a charge in parts and marks it refunded when nothing is left', async () => {
    const { customer } = await customerWithCard();
    const paid = await stripe.invoices.pay((await finalizedInvoice(customer.id)).id, { expand: ['payments'] });
    const intentId = paid.payments!.data[0]!.payment.payment_intent as string;
    const partial = await stripe.refunds.create({ payment_intent: intentId, amount: 100, reason: 'requested_by_customer' });
    expect(partial).toMatchObject({ object: 'refund', amount: 100, status: 'succeeded', payment_intent: intentId });
    const chargeId = partial.charge as string;
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 100, refunded: false });
    await expect(stripe.refunds.create({ charge: chargeId, amount: 200 })).rejects.toMatchObject({ code: 'amount_too_large' });
    const rest = await stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(150);
    const charge = await stripe.charges.retrieve(chargeId, { expand: ['refunds'] });
    expect(charge).toMatchObject({ amount_refunded: 250, refunded: true });
    expect(charge.refunds!.data).toHaveLength(2);
    expect(fake.eventsOfType('charge.refunded')).toHaveLength(2);
  });
});

describe('events', () => {
  it('builds events that the SDK verifies once signed, and that can be retrieved', async () => {
    const { customer } = await customerWithCard();
    const invoice = await stripe.invoices.pay((await finalizedInvoice(customer.id)).id);
    const event = fake.eventFor('invoice.paid', invoice.id);
    expect(Object.keys(event).sort()).toEqual(Object.keys(fixtures.resources.event).sort());
    expect(event).toMatchObject({ object: 'event', type: 'invoice.paid', api_version: '2026-10-28.endive', livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
    expect(event.id).toMatch(/^evt_\w{24}$/);
    expect(event.data.object).toMatchObject({ id: invoice.id, object: 'invoice', status: 'paid' });

    const secret = 'whsec_test_fake_stripe';
    const payload = JSON.stringify(event);
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
    const verified = stripe.webhooks.constructEvent(payload, header, secret);
    expect(verified.id).toBe(event.id);
    expect(verified.type).toBe('invoice.paid');
    expect(() => stripe.webhooks.constructEvent(payload.replace('paid', 'open'), header, secret)).toThrow(Stripe.errors.StripeSignatureVerificationError);

    expect((await stripe.events.retrieve(event.id)).id).toBe(event.id);
    // the payment itself recorded the events Stripe would have sent, with the request that caused them
    const [recorded] = fake.eventsOfType('invoice.paid');
    expect(recorded!.request.id).toMatch(/^req_/);
  });
});

describe('connect', () => {
  it('records the Stripe-Account of each request, scopes idempotency keys by it, and marks the events it causes', async () => {
    const platform = await stripe.customers.create({ name: 'Platform' }, { idempotencyKey: 'same-key' });
    const connected = new Stripe(FAKE_STRIPE_SECRET_KEY, { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0, stripeAccount: 'acct_1Fake' });
    // the same key for another account is another request, as in Stripe
    const theirs = await connected.customers.create({ name: 'Platform' }, { idempotencyKey: 'same-key' });
    expect(theirs.id).not.toBe(platform.id);
    expect(fake.requestsTo('POST', '/v1/customers').map((r) => [r.stripeAccount, r.replayed])).toEqual([
      [null, false],
      ['acct_1Fake', false],
    ]);
    const method = await connected.paymentMethods.attach('pm_card_visa', { customer: theirs.id });
    expect(fake.eventsOfType('payment_method.attached').find((e) => e.data.object.id === method.id)).toMatchObject({ account: 'acct_1Fake' });
    expect(fake.eventFor('customer.updated', platform.id).account).toBeUndefined();
    expect(fake.eventFor('customer.updated', theirs.id, { account: 'acct_1Fake' }).account).toBe('acct_1Fake');
  });
});

describe('checkout sessions (setup mode)', () => {
  const success = 'https://app.example/billing/payment-methods?setup_session={CHECKOUT_SESSION_ID}';

  it('creates a hosted session whose page saves a test card for the customer, redirecting to success_url with the session id', async () => {
    const customer = await stripe.customers.create({ name: 'Ada', email: 'ada@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'setup', currency: 'usd', customer: customer.id, success_url: success, cancel_url: 'https://app.example/billing/payment-methods',
      metadata: { customer_id: 'c-1' }, setup_intent_data: { metadata: { customer_id: 'c-1' } },
    });
    expect(session).toMatchObject({ object: 'checkout.session', mode: 'setup', status: 'open', customer: customer.id, setup_intent: null, payment_method_types: ['card'], url: `${fake.url}/checkout/${session.id}` });
    expect(session.id).toMatch(/^cs_test_/);

    const form = await fetch(session.url!);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('value="pm_card_visa"');
    expect(html).toContain('value="pm_card_mastercard"');
    expect(html).not.toContain('pm_sepa_debit');
    expect(html).toContain('href="https://app.example/billing/payment-methods"');

    const saved = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ payment_method: 'pm_card_mastercard' }), redirect: 'manual' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`https://app.example/billing/payment-methods?setup_session=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent.payment_method'] });
    expect(done.status).toBe('complete');
    const intent = done.setup_intent as Stripe.SetupIntent;
    expect(intent).toMatchObject({ status: 'succeeded', customer: customer.id, usage: 'off_session', metadata: { customer_id: 'c-1' } });
    const method = intent.payment_method as Stripe.PaymentMethod;
    expect(method).toMatchObject({ customer: customer.id, type: 'card', card: { brand: 'mastercard', last4: '4444', exp_month: 12, exp_year: 2034 } });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([method.id]);
    expect(fake.state.events.size).toBeGreaterThan(0);
    expect([...fake.state.events.values()].map((e) => e.type)).toEqual(['customer.created', 'setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded', 'checkout.session.completed']);
    expect(fake.eventsOfType('checkout.session.completed')[0]!.data.object).toMatchObject({ id: session.id, setup_intent: intent.id, status: 'complete' });

    // a completed session's page saves nothing twice
    const again = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ payment_method: 'pm_card_visa' }), redirect: 'manual' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('complete');
    expect(fake.eventsOfType('payment_method.attached')).toHaveLength(1);
  });

  it('shows a card refused on check on the page and keeps the session open; offers SEPA for euros; expires', async () => {
    const customer = await stripe.customers.create({ name: 'Bea' });
    const session = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'eur', customer: customer.id, success_url: success });
    expect(session.payment_method_types).toEqual(['card', 'sepa_debit']);
    const refused = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ payment_method: 'pm_card_chargeDeclined' }) });
    expect(refused.status).toBe(402);
    expect(await refused.text()).toContain('Your card was declined.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect(fake.eventsOfType('payment_method.attached')).toHaveLength(0);

    const completed = fake.completeCheckoutSession(session.id, 'pm_sepa_debit');
    expect(completed.error).toBeNull();
    const method = await stripe.paymentMethods.retrieve((await stripe.setupIntents.retrieve(completed.session.setup_intent as string)).payment_method as string);
    expect(method).toMatchObject({ type: 'sepa_debit', sepa_debit: { last4: '3000' }, customer: customer.id });

    const other = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: success });
    expect(await stripe.checkout.sessions.expire(other.id)).toMatchObject({ status: 'expired', url: null });
    expect((await fetch(`${fake.url}/checkout/${other.id}`)).status).toBe(410);
    expect((await fetch(`${fake.url}/checkout/cs_test_nope`)).status).toBe(404);
  });

  it('refuses what Stripe refuses: no mode, no success_url, no currency, payment_method_types, an unknown customer', async () => {
    const create = (params: Record<string, unknown>) => stripe.checkout.sessions.create(params as Stripe.Checkout.SessionCreateParams).then(() => null, (error: Stripe.errors.StripeError) => [error.statusCode, error.param]);
    expect(await create({ currency: 'usd', success_url: success })).toEqual([400, 'mode']);
    expect(await create({ mode: 'setup', currency: 'usd' })).toEqual([400, 'success_url']);
    expect(await create({ mode: 'setup', success_url: success })).toEqual([400, 'currency']);
    expect(await create({ mode: 'setup', currency: 'usd', success_url: success, payment_method_types: ['card'] })).toEqual([400, 'payment_method_types']);
    expect(await create({ mode: 'setup', currency: 'usd', success_url: success, customer: 'cus_nobody' })).toEqual([400, 'customer']);
    expect(await create({ mode: 'payment', currency: 'usd', success_url: success })).toEqual([400, 'mode']);
    expect(fake.state.checkoutSessions.size).toBe(0);
  });

  it('says whose a detached payment method was, in previous_attributes, as Stripe does', async () => {
    const { customer, method } = await customerWithCard();
    await stripe.paymentMethods.detach(method.id);
    const [event] = fake.eventsOfType('payment_method.detached');
    expect(event!.data).toMatchObject({ object: { id: method.id, customer: null }, previous_attributes: { customer: customer.id } });
  });
});
