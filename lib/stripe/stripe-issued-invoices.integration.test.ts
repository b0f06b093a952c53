// The webhook against the local Stripe server with the real SDK: invoices Stripe issues itself for a
// setup-subscription subscription are recorded once (source 'stripe') whatever the order and number of
// their deliveries; with a client, the state re-read from Stripe wins over a stale payload; SEPA debits
// are recorded as sepa_debit; and Stripe's invoices are listed, exported and dunned like ours, but never
// mirrored or charged by us.
import { and, eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JwtClaims } from '@/lib/auth/claims';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { asUser } from '@/lib/db/as-user';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { selectRows } from '@/lib/db/client';
import { customers, invoiceLines, invoices, payments, subscriptions } from '@/lib/db/schema';
import { listExportInvoices } from '@/lib/documents/list-export-invoices';
import { invoiceExportCsv, parseExportRange } from '@/lib/documents/invoice-export';
import { runDunning } from '@/lib/dunning/run-dunning';
import { parseEnv } from '@/lib/env';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { listInvoices } from '@/lib/invoicing/list-invoices';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { processPayment } from '@/lib/payments/process-payment';
import { setupSubscription } from '@/lib/payments/setup-subscription';
import { getRevenueSummary } from '@/lib/revenue/revenue-summary';
import { startFakeStripe, type FakeStripe, type FakeStripeEvent } from '@/test/fake-stripe/fake-stripe-server';
import { describeEachEngine } from '@/test/test-database';
import { mirrorInvoiceToStripe } from './mirror-invoice';
import { mirrorPendingInvoices } from './mirror-pending';
import { createStripeClient } from './stripe-client';
import { receiveStripeWebhook } from './stripe-webhook';
import { DAY_MS } from '@/lib/time/utc-day';

const SECRET = 'whsec_test_stripe_issued_invoices';
const config = billingConfig(parseEnv({}));
const ACTOR = { type: 'system', id: null } as const;
const START = new Date('2027-03-01T09:00:00Z');

describeEachEngine('invoices Stripe issues', (get, engine) => {
  let fake: FakeStripe;
  let stripe: Stripe;
  // the fake account's clock and the webhook's `now`, moved forward by each test
  let clock = START;
  let planCount = 0;

  beforeAll(async () => {
    fake = await startFakeStripe({ now: () => clock });
    stripe = createStripeClient('sk_test_stripe_issued', fake.url);
  });
  afterAll(async () => {
    await fake?.close();
  });

  /** Signs an event as Stripe does and hands it to the webhook, with or without a client to re-read. */
  const deliver = (event: FakeStripeEvent, client: Stripe | null) => {
    const rawBody = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET });
    return receiveStripeWebhook(get(), { rawBody, signature, secret: SECRET, now: clock, services: () => ({ stripe: client, config }) });
  };
  const eventsAbout = (stripeId: string, type?: string) => [...fake.state.events.values()].filter((e) => e.data.object.id === stripeId && (!type || e.type === type));
  const intentOf = async (stripeInvoiceId: string) => (await stripe.invoices.retrieve(stripeInvoiceId, { expand: ['payments'] })).payments!.data[0]!.payment.payment_intent as string;
  const recorded = (stripeInvoiceId: string) => get().db.select().from(invoices).where(eq(invoices.stripeInvoiceId, stripeInvoiceId));
  const paymentsOf = (invoiceId: string) => get().db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(payments.attemptNumber);

  /** A customer subscribed through setup-subscription (€49 a month at Stripe), its first invoice paid with `method`. */
  async function subscribed(name: string, method = 'pm_card_visa', values: Partial<typeof customers.$inferInsert> = {}) {
    const { db } = get();
    const code = `stripe_issued_${engine}_${++planCount}`;
    await createPlan(db, { code, name: 'Pro', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '49', description: 'Pro plan' }] });
    const [customer] = await db.insert(customers).values({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`, currency: 'eur', taxRate: '0', ...values }).returning();
    const setup = await setupSubscription(db, stripe, customer!.id, code, { now: clock, actor: ACTOR, config });
    const first = fake.state.subscriptions.get(setup.stripe_subscription_id)!.latest_invoice as string;
    fake.confirmPaymentIntent(await intentOf(first), method);
    return { customerId: customer!.id, subscriptionId: setup.subscription_id, stripeSubscriptionId: setup.stripe_subscription_id, firstInvoiceId: first };
  }

  it('records a Stripe-issued invoice once, however often and in whatever order its events arrive (from the payloads alone)', async () => {
    const { customerId, subscriptionId, stripeSubscriptionId, firstInvoiceId } = await subscribed('Payload Only');
    clock = new Date(clock.getTime() + 31 * DAY_MS);
    const renewal = fake.renewSubscription(stripeSubscriptionId)!;
    const [created, finalized, paid, succeeded] = ['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded'].map((type) => eventsAbout(renewal.id, type)[0]!);

    // paid before finalized, duplicates, the draft last; and the same invoice announced under a new event id
    for (const event of [paid!, created!, finalized!, paid!, succeeded!, created!, fake.eventFor('invoice.finalized', renewal.id)]) {
      expect(await deliver(event, null)).toMatchObject({ status: 200 });
    }
    // the first invoice's events, newest first
    for (const event of eventsAbout(firstInvoiceId).reverse()) await deliver(event, null);

    const [row, ...others] = await recorded(renewal.id);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      source: 'stripe',
      kind: 'subscription',
      status: 'paid',
      number: renewal.number,
      numberSeries: null,
      numberYear: null,
      numberSequence: null,
      customerId,
      subscriptionId,
      billingPeriodId: null,
      billingTiming: null,
      currency: 'eur',
      subtotal: '49.000000',
      tax: '0.000000',
      total: '49.000000',
      amountPaid: '49.000000',
      amountDue: '0.000000',
      hostedInvoiceUrl: `${fake.url}/hosted/${renewal.id}`,
      invoicePdf: `${fake.url}/pdf/${renewal.id}`,
    });
    expect(row!.issuedAt!.toISOString()).toBe(new Date(renewal.status_transitions.finalized_at! * 1000).toISOString());
    // charged automatically, it has no due date at Stripe: ours are due after the payment terms
    expect(row!.dueDate!.getTime() - row!.issuedAt!.getTime()).toBe(config.paymentTermsDays * DAY_MS);
    const line = renewal.lines.data[0]!;
    const lines = await get().db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, row!.id));
    expect(lines.map((l) => [l.position, l.kind, l.description, l.quantity, l.unitPrice, l.amount, l.periodStart?.getTime(), l.periodEnd?.getTime()])).toEqual([
      [1, 'charge', '1 × Pro (v1) (at €49.00 / month)', '1', '49.000000', '49.000000', line.period.start * 1000, line.period.end * 1000],
    ]);
    expect((await paymentsOf(row!.id)).map((p) => [p.status, p.amount, p.method])).toEqual([['succeeded', '49.000000', 'card']]);

    // the first invoice (subscription_create) is recorded too, once
    const first = await recorded(firstInvoiceId);
    expect(first.map((i) => [i.source, i.status, i.number])).toEqual([['stripe', 'paid', fake.state.invoices.get(firstInvoiceId)!.number]]);
    expect(await paymentsOf(first[0]!.id)).toHaveLength(1);
  });

  it('with a client, the state re-read from Stripe wins over a stale payload, for invoices and subscriptions', async () => {
    const { db } = get();
    const { subscriptionId, stripeSubscriptionId } = await subscribed('Re-read');
    clock = new Date(clock.getTime() + 31 * DAY_MS);
    const renewal = fake.renewSubscription(stripeSubscriptionId)!;
    const [created] = eventsAbout(renewal.id, 'invoice.created');
    const [finalized] = eventsAbout(renewal.id, 'invoice.finalized');
    // the payloads are stale: made a draft with no lines, then open; the invoice is paid by now
    expect(created!.data.object).toMatchObject({ status: 'draft', total: 0 });
    expect(finalized!.data.object).toMatchObject({ status: 'open' });

    // alone, a payload records what it says: a draft, with no number and no lines
    await deliver(created!, null);
    const [draft] = await recorded(renewal.id);
    expect(draft).toMatchObject({ status: 'draft', number: null, total: '0.000000' });
    // with the client the stale "open" is re-read: paid, numbered, with its line and the payment's ids
    await deliver(finalized!, stripe);
    const [paid] = await recorded(renewal.id);
    expect(paid).toMatchObject({ id: draft!.id, status: 'paid', number: renewal.number, total: '49.000000', amountDue: '0.000000' });
    expect(await db.select({ amount: invoiceLines.amount }).from(invoiceLines).where(eq(invoiceLines.invoiceId, paid!.id))).toEqual([{ amount: '49.000000' }]);
    const [payment] = await paymentsOf(paid!.id);
    expect(payment).toMatchObject({ status: 'succeeded', method: 'card', stripePaymentIntentId: await intentOf(renewal.id) });
    expect(payment!.stripeChargeId).toMatch(/^ch_/);

    // the customer cancels at Stripe (the portal, say); only the stale "created" event is delivered
    clock = new Date(clock.getTime() + 3 * DAY_MS);
    const asked = Math.floor(clock.getTime() / 1000);
    await stripe.subscriptions.update(stripeSubscriptionId, { cancel_at_period_end: true });
    const [subscriptionCreated] = eventsAbout(stripeSubscriptionId, 'customer.subscription.created');
    expect(subscriptionCreated!.data.object).toMatchObject({ status: 'incomplete', cancel_at_period_end: false });
    await deliver(subscriptionCreated!, stripe);
    const [ours] = await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    expect(ours).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, stripeSubscriptionId });
    expect(ours!.canceledAt!.getTime()).toBe(asked * 1000);

    // asked again a day later: Stripe moves its canceled_at, ours keeps the first request, as our own
    // cancellation does; withdrawing it clears it
    clock = new Date(clock.getTime() + DAY_MS);
    await stripe.subscriptions.update(stripeSubscriptionId, { cancel_at_period_end: true });
    expect(fake.state.subscriptions.get(stripeSubscriptionId)!.canceled_at).toBe(asked + 86_400);
    await deliver(eventsAbout(stripeSubscriptionId, 'customer.subscription.updated').at(-1)!, stripe);
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]!.canceledAt!.getTime()).toBe(asked * 1000);
    await stripe.subscriptions.update(stripeSubscriptionId, { cancel_at_period_end: false });
    await deliver(eventsAbout(stripeSubscriptionId, 'customer.subscription.updated').at(-1)!, stripe);
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null });

    // and every event of the account delivered again, newest first, changes nothing: still one row each
    for (const event of [...fake.state.events.values()].reverse()) expect(await deliver(event, stripe)).toMatchObject({ status: 200 });
    expect(await recorded(renewal.id)).toHaveLength(1);
    const issuedByStripe = [...fake.state.invoices.values()].filter((i) => !i.metadata?.invoice_id).map((i) => i.id).sort();
    const rows = await selectRows<{ stripe_invoice_id: string }>(db, sql`select stripe_invoice_id from invoices where source = 'stripe' order by stripe_invoice_id`);
    expect(rows.map((r) => r.stripe_invoice_id)).toEqual(issuedByStripe);
  });

  it('records a SEPA debit as sepa_debit, paid or failed, on Stripe’s invoices and on ours', async () => {
    const { db } = get();
    // Stripe's own invoices, debited from a SEPA mandate
    const { customerId, stripeSubscriptionId, firstInvoiceId } = await subscribed('Lastschrift', 'pm_sepa_debit', { paymentMethod: 'direct_debit' });
    fake.settlePayment(await intentOf(firstInvoiceId), 'succeeded');
    await deliver(eventsAbout(firstInvoiceId, 'invoice.paid')[0]!, stripe);
    const [first] = await recorded(firstInvoiceId);
    expect((await paymentsOf(first!.id)).map((p) => [p.status, p.method])).toEqual([['succeeded', 'sepa_debit']]);

    clock = new Date(clock.getTime() + 31 * DAY_MS);
    const renewal = fake.renewSubscription(stripeSubscriptionId)!;
    fake.settlePayment(await intentOf(renewal.id), 'failed');
    await deliver(eventsAbout(renewal.id, 'invoice.payment_failed')[0]!, stripe);
    const [returned] = await recorded(renewal.id);
    expect(returned).toMatchObject({ status: 'open', source: 'stripe' });
    expect((await paymentsOf(returned!.id)).map((p) => [p.status, p.method, p.failureCode])).toEqual([['failed', 'sepa_debit', 'insufficient_funds']]);

    // one of our invoices, mirrored and debited: processing at first, recorded when the debit settles
    const ours = await createOneTimeInvoice(db, { customer_id: customerId, items: [{ description: 'Onboarding', quantity: '1', unit_price: '120' }], finalize: true }, { now: clock, config, actor: ACTOR });
    await mirrorInvoiceToStripe(db, stripe, ours.id);
    const [withStripe] = await db.select().from(customers).where(eq(customers.id, customerId));
    fake.attachPaymentMethod(withStripe!.stripeCustomerId!, 'pm_sepa_debit', { asDefault: true });
    expect(await processPayment(db, stripe, ours.id, { now: clock, config })).toMatchObject({ status: 'requires_payment' });
    const [mirrored] = await db.select().from(invoices).where(eq(invoices.id, ours.id));
    fake.settlePayment(await intentOf(mirrored!.stripeInvoiceId!), 'succeeded');
    await deliver(eventsAbout(mirrored!.stripeInvoiceId!, 'invoice.paid')[0]!, stripe);
    expect((await paymentsOf(ours.id)).map((p) => [p.status, p.method, p.amount])).toEqual([['succeeded', 'sepa_debit', '120.000000']]);
    expect((await db.select().from(invoices).where(eq(invoices.id, ours.id)))[0]!.status).toBe('paid');

    // a card declined on a direct charge is a card payment, whatever the customer's setting says
    const declined = await createOneTimeInvoice(db, { customer_id: customerId, items: [{ description: 'Extra seats', quantity: '2', unit_price: '10' }], finalize: true }, { now: clock, config, actor: ACTOR });
    await mirrorInvoiceToStripe(db, stripe, declined.id);
    fake.attachPaymentMethod(withStripe!.stripeCustomerId!, 'pm_card_chargeCustomerFail', { asDefault: true });
    expect(await processPayment(db, stripe, declined.id, { now: clock, config })).toMatchObject({ status: 'failed', failure_code: 'generic_decline' });
    expect((await paymentsOf(declined.id)).map((p) => [p.status, p.method])).toEqual([['failed', 'card']]);
  });

  it('finds our subscription before it knows its Stripe id, records a customer’s one-off Stripe invoice, drops a deleted draft and follows Stripe giving up', async () => {
    const { db } = get();
    const { customerId, subscriptionId, stripeSubscriptionId, firstInvoiceId } = await subscribed('Early Events');
    // the first invoice's events can come before setup-subscription stores the Stripe subscription's id:
    // the metadata Stripe copies from the subscription names ours
    await db.update(subscriptions).set({ stripeSubscriptionId: null }).where(eq(subscriptions.id, subscriptionId));
    await deliver(eventsAbout(firstInvoiceId, 'invoice.finalized')[0]!, stripe);
    expect((await recorded(firstInvoiceId))[0]).toMatchObject({ subscriptionId, kind: 'subscription', customerId, status: 'paid' });
    await deliver(eventsAbout(stripeSubscriptionId, 'customer.subscription.created')[0]!, stripe);
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]!.stripeSubscriptionId).toBe(stripeSubscriptionId);

    // an invoice made for the customer in Stripe's dashboard: theirs, though no subscription's
    const stripeCustomerId = fake.state.subscriptions.get(stripeSubscriptionId)!.customer as string;
    const manual = await stripe.invoices.create({ customer: stripeCustomerId, collection_method: 'send_invoice', days_until_due: 30, currency: 'eur' });
    await stripe.invoiceItems.create({ customer: stripeCustomerId, invoice: manual.id, currency: 'eur', description: 'Workshop', quantity: 3, unit_amount_decimal: Stripe.Decimal.from('2500.5') });
    const sent = await stripe.invoices.finalizeInvoice(manual.id);
    await deliver(eventsAbout(manual.id, 'invoice.finalized')[0]!, null);
    const [oneOff] = await recorded(manual.id);
    expect(oneOff).toMatchObject({ kind: 'one_time', subscriptionId: null, customerId, status: 'open', total: '75.020000', amountDue: '75.020000' });
    expect(oneOff!.dueDate!.getTime()).toBe(sent.due_date! * 1000);
    expect(await db.select({ quantity: invoiceLines.quantity, unitPrice: invoiceLines.unitPrice, amount: invoiceLines.amount }).from(invoiceLines).where(eq(invoiceLines.invoiceId, oneOff!.id))).toEqual([
      { quantity: '3', unitPrice: '25.005000', amount: '75.020000' }, // 3 × 2500.5 cents = 7501.5, rounded by Stripe to 7502
    ]);

    // a renewal left a draft, then deleted at Stripe: the draft goes here too, and a stale event after it records nothing
    clock = new Date(clock.getTime() + 31 * DAY_MS);
    const draft = fake.renewSubscription(stripeSubscriptionId, { finalize: false })!;
    await deliver(eventsAbout(draft.id, 'invoice.created')[0]!, null);
    expect((await recorded(draft.id)).map((i) => i.status)).toEqual(['draft']);
    await stripe.invoices.del(draft.id);
    await deliver(eventsAbout(draft.id, 'invoice.deleted')[0]!, stripe);
    expect(await recorded(draft.id)).toEqual([]);
    expect(await deliver(eventsAbout(draft.id, 'invoice.created')[0]!, stripe)).toMatchObject({ status: 200, duplicate: true });
    const late = fake.state.events.get(eventsAbout(draft.id, 'invoice.created')[0]!.id)!;
    expect(await deliver({ ...late, id: `${late.id}_redelivered` }, stripe)).toMatchObject({ status: 200, handled: true });
    expect(await recorded(draft.id)).toEqual([]);

    // Stripe gives up on a one-off invoice: uncollectible here, and still owed
    await stripe.invoices.markUncollectible(manual.id);
    await deliver(eventsAbout(manual.id, 'invoice.marked_uncollectible')[0]!, stripe);
    expect((await recorded(manual.id))[0]).toMatchObject({ status: 'uncollectible', amountDue: '75.020000' });
    expect((await recorded(manual.id))[0]!.markedUncollectibleAt).not.toBeNull();
  });

  it('lists, exports and duns Stripe’s invoices like ours, and leaves mirroring and charging them to Stripe', async () => {
    const { db } = get();
    const { customerId, stripeSubscriptionId } = await subscribed('Declined Renewal', 'pm_card_visa', { paymentMethod: 'card', autoPay: true });
    clock = new Date(clock.getTime() + 31 * DAY_MS);
    fake.failNextCharge('insufficient_funds');
    const renewal = fake.renewSubscription(stripeSubscriptionId)!;
    for (const event of eventsAbout(renewal.id)) await deliver(event, stripe);
    const [open] = await recorded(renewal.id);
    expect(open).toMatchObject({ status: 'open', source: 'stripe', amountDue: '49.000000', paymentAttemptCount: 1 });
    expect(open!.nextPaymentAttemptAt).not.toBeNull(); // Stripe's next retry, Stripe's to make

    // the customer's own list (under RLS), the admin's list and the accounting export
    const userId = await upsertLocalUser(get().installation.db, { email: `renewal-${engine}@example.com`, passwordHash: 'x', appMetadata: {} });
    await db.update(customers).set({ userId }).where(eq(customers.id, customerId));
    const claims: JwtClaims = { sub: userId, role: 'authenticated', email: `renewal-${engine}@example.com`, aud: 'authenticated', app_metadata: {} };
    const own = await asUser(db, claims, (tx) => listInvoices(tx, {}, { includeDrafts: false, defaultLimit: 50 }));
    expect(own.data.filter((i) => i.id === open!.id)).toEqual([expect.objectContaining({ source: 'stripe', number: renewal.number, status: 'open', amount_due: '49.00', kind: 'subscription' })]);
    expect(own.data.every((i) => i.customer_id === customerId)).toBe(true);
    const admin = await listInvoices(db, { customer_id: customerId }, { includeDrafts: true, defaultLimit: 50 });
    expect(admin.data.map((i) => [i.number, i.source])).toContainEqual([renewal.number, 'stripe']);
    const day = clock.toISOString().slice(0, 10);
    const exported = await listExportInvoices(db, parseExportRange(new URLSearchParams(`from=${day}&to=${day}`)));
    expect(invoiceExportCsv(exported).split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^${renewal.number},${day},.*,open,.*,stripe$`)));
    // what is owed counts it: the sum of every open invoice, Stripe's among them
    const [owed] = await selectRows<{ all: string; ours: string }>(
      db,
      sql`select sum(amount_due)::text as "all", coalesce(sum(amount_due) filter (where source = 'meterbill'), 0)::text as ours from invoices where status = 'open' and currency = 'eur'`,
    );
    expect(new ExactDecimal(owed!.all).minus(owed!.ours).gte(49)).toBe(true);
    expect((await getRevenueSummary(db, 'eur')).outstanding.eur).toBe(moneyString(owed!.all, 'eur'));

    // the mirroring step makes no copy, process-payment answers Stripe's page, dunning never charges it
    const invoiceCreates = fake.requestsTo('POST', '/v1/invoices').length;
    await db.update(invoices).set({ hostedInvoiceUrl: null }).where(eq(invoices.id, open!.id)); // even without a page stored
    const mirroring = await mirrorPendingInvoices(db, stripe);
    expect(mirroring.failures).toEqual([]); // not even tried: the step does not select it
    expect(fake.requestsTo('POST', '/v1/invoices')).toHaveLength(invoiceCreates);
    await expect(mirrorInvoiceToStripe(db, stripe, open!.id)).rejects.toThrow(/issued by Stripe/);
    // nor does an admin change it here: Stripe would still collect it
    await expect(changeInvoiceStatus(db, open!.id, { status: 'paid', payment_reference: 'TRF-1' }, { now: clock, config, actor: ACTOR })).rejects.toMatchObject({ status: 409, code: 'issued_by_stripe' });
    await expect(createCreditNote(db, open!.id, { reason: 'goodwill' }, { now: clock, config, actor: ACTOR })).rejects.toMatchObject({ status: 409, code: 'issued_by_stripe' });
    await db.update(invoices).set({ hostedInvoiceUrl: renewal.hosted_invoice_url }).where(eq(invoices.id, open!.id));
    expect(await processPayment(db, stripe, open!.id, { now: clock, config })).toEqual({ invoice_id: open!.id, status: 'requires_payment', payment_url: renewal.hosted_invoice_url });
    const pays = () => fake.requestsTo('POST', '/v1/invoices/:id/pay').filter((r) => r.path.includes(renewal.id));
    const retryDue = new Date(open!.nextPaymentAttemptAt!.getTime() + DAY_MS);
    await runDunning(db, stripe, { now: retryDue, config, actor: ACTOR });
    expect(pays()).toEqual([]);
    // not even claimed for a charge: the step's lease would have moved Stripe's retry time
    expect((await recorded(renewal.id))[0]!.nextPaymentAttemptAt).toEqual(open!.nextPaymentAttemptAt);
    expect(await paymentsOf(open!.id)).toHaveLength(1);

    // money is due all the same: overdue after the due date, suspended after the grace period
    await runDunning(db, stripe, { now: new Date(open!.dueDate!.getTime() + 60_000), config, actor: ACTOR });
    expect((await recorded(renewal.id))[0]!.overdueAt).not.toBeNull();
    await runDunning(db, stripe, { now: new Date(open!.dueDate!.getTime() + config.dunning.graceDays * DAY_MS + 60_000), config, actor: ACTOR });
    expect((await db.select().from(customers).where(eq(customers.id, customerId)))[0]!.status).toBe('suspended');
    expect(pays()).toEqual([]);

    // Stripe's retry succeeds (the card is fine again): paid here, and the customer active again
    clock = new Date(open!.dueDate!.getTime() + (config.dunning.graceDays + 1) * DAY_MS);
    await stripe.invoices.pay(renewal.id);
    await deliver(eventsAbout(renewal.id, 'invoice.paid')[0]!, stripe);
    expect((await recorded(renewal.id))[0]).toMatchObject({ status: 'paid', amountDue: '0.000000' });
    expect((await db.select().from(customers).where(eq(customers.id, customerId)))[0]!.status).toBe('active');
    const [sub] = await db.select().from(subscriptions).where(and(eq(subscriptions.customerId, customerId)));
    expect(sub!.status).toBe('active');
  });
});
