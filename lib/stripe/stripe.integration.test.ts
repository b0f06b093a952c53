// Stripe end to end with the real SDK against a local server speaking Stripe's wire format: invoices
// mirrored once however often (and however brokenly) asked, off-session charges, and a failing card
// walked through its retries to suspension and back to active when paid.
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAutomation } from '@/lib/automation/run-automation';
import { billingConfig } from '@/lib/config/billing-config';
import { createPlan } from '@/lib/catalog/create-plan';
import { selectRows } from '@/lib/db/client';
import { billingPeriods, customers, invoices, payments, subscriptions } from '@/lib/db/schema';
import { runDunning } from '@/lib/dunning/run-dunning';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { processPayment } from '@/lib/payments/process-payment';
import { startFakeStripe, type FakeStripe } from '@/test/fake-stripe/fake-stripe-server';
import { stripeClientFor } from '@/test/fake-stripe/stripe-client-for-fake';
import { describeEachEngine } from '@/test/test-database';
import { cancelOwnSubscription, setupSubscription } from '@/lib/payments/setup-subscription';
import { mirrorInvoiceToStripe } from './mirror-invoice';
import { createStripeClient } from './stripe-client';
import { DAY_MS } from '@/lib/time/utc-day';

const config = billingConfig(parseEnv({}));
const ACTOR = { type: 'system', id: null } as const;
const NOW = new Date('2026-11-22T10:00:00Z');

describeEachEngine('stripe', (get, engine) => {
  let fake: FakeStripe;
  let stripe: Stripe;
  let flaky: Stripe; // no SDK retries: a dropped answer surfaces as an error, like a run killed mid-request

  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = createStripeClient('sk_test_meterbill', fake.url);
    flaky = stripeClientFor(fake, { apiKey: 'sk_test_meterbill', maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function customer(name: string, values: Partial<typeof customers.$inferInsert> = {}) {
    const [row] = await get().db.insert(customers).values({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`, currency: 'eur', taxRate: '0.21', ...values }).returning();
    return row!;
  }
  const issue = (customerId: string, now: Date) =>
    createOneTimeInvoice(
      get().db,
      { customer_id: customerId, items: [{ description: 'RTSP Streaming', quantity: '1000', unit_price: '0.0010' }, { description: 'API Calls', quantity: '5000', unit_price: '0.0005' }], finalize: true },
      { now, config, actor: ACTOR },
    );

  it('mirrors an invoice with sub-cent prices once, to the cent, even when a run dies mid-request', async () => {
    const vigint = await customer('Vigint Client', { paymentMethod: 'bank_transfer' });
    const invoice = await issue(vigint.id, NOW);
    // the run dies after Stripe made the invoice and before its items: the rerun finishes the job
    fake.failNextRequest({ method: 'POST', path: '/v1/invoiceitems' }, 'error-500');
    await expect(mirrorInvoiceToStripe(get().db, flaky, invoice.id)).rejects.toThrow();
    // and this time Stripe finalizes but the answer is lost: the SDK's keyed retry gets the replay
    fake.failNextRequest({ method: 'POST', path: '/v1/invoices/:id/finalize' }, 'drop-after-processing');
    const first = await mirrorInvoiceToStripe(get().db, stripe, invoice.id);
    const again = await mirrorInvoiceToStripe(get().db, stripe, invoice.id);
    expect(again).toEqual(first);

    const ours = [...fake.state.invoices.values()].filter((i) => i.metadata?.invoice_id === invoice.id);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ status: 'open', total: 424, amount_due: 424, currency: 'eur', collection_method: 'send_invoice' });
    const items = [...fake.state.invoiceItems.values()].filter((i) => i.metadata?.invoice_id === invoice.id);
    expect(items.map((i) => i.amount).sort((a, b) => a - b)).toEqual([74, 100, 250]); // €1.00, €2.50, VAT €0.74
    expect(fake.state.customers.size).toBe(1);
    expect(fake.requestsTo('POST', '/v1/invoices/:id/finalize').filter((r) => r.replayed)).toHaveLength(1);
    const [stored] = await get().db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(stored).toMatchObject({ stripeInvoiceId: ours[0]!.id, hostedInvoiceUrl: `${fake.url}/hosted/${ours[0]!.id}` });
  });

  it('charges an auto-pay customer off-session and records the charge', async () => {
    const payer = await customer('Card Payer', { autoPay: true, paymentMethod: 'card' });
    const invoice = await issue(payer.id, NOW);
    await mirrorInvoiceToStripe(get().db, stripe, invoice.id);
    const [withStripe] = await get().db.select().from(customers).where(eq(customers.id, payer.id));
    fake.attachPaymentMethod(withStripe!.stripeCustomerId!, 'pm_card_visa', { asDefault: true });
    const result = await processPayment(get().db, stripe, invoice.id, { now: NOW, config });
    expect(result).toMatchObject({ status: 'paid', amount: '4.24' });
    const [row] = await get().db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(row).toMatchObject({ status: 'succeeded', method: 'card', amount: '4.240000' });
    expect(row!.stripeChargeId).toMatch(/^ch_/);
    await expect(processPayment(get().db, stripe, invoice.id, { now: NOW, config })).rejects.toMatchObject({ status: 409 });
  });

  if (engine === 'postgres') {
    it('two automation runs at once, then one cut short and rerun: one invoice per period, one Stripe invoice per invoice', async () => {
      const { db } = get();
      const plan = await createPlan(db, { code: 'concurrent_eur', name: 'Concurrent', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '50', description: 'Plan' }] });
      const periodIds: string[] = [];
      for (let i = 0; i < 8; i++) {
        const c = await customer(`Concurrent ${i}`, { paymentMethod: 'bank_transfer' });
        const [sub] = await db.insert(subscriptions).values({ customerId: c.id, planId: plan.id, startDate: new Date('2026-09-01'), currentPeriodStart: new Date('2026-09-01'), currentPeriodEnd: new Date('2026-10-01') }).returning();
        const [period] = await db.insert(billingPeriods).values({ subscriptionId: sub!.id, customerId: c.id, planId: plan.id, periodStart: new Date('2026-09-01'), periodEnd: new Date('2026-10-01') }).returning();
        periodIds.push(period!.id);
      }
      const now = new Date('2026-10-01T06:00:00Z');
      // the first run's Stripe step is cut short: one item request fails as a crash would leave it
      fake.failNextRequest({ method: 'POST', path: '/v1/invoiceitems' }, 'error-500');
      const runs = await Promise.all([
        runAutomation(get(), { now, actor: ACTOR, trigger: 'cron', services: () => ({ config, stripe: flaky }) }),
        runAutomation(get(), { now, actor: ACTOR, trigger: 'cron', services: () => ({ config, stripe: flaky }) }),
      ]);
      expect(runs[0]!.stripe.failed + runs[1]!.stripe.failed).toBeGreaterThanOrEqual(1);
      const rerun = await runAutomation(get(), { now, actor: ACTOR, trigger: 'cron', services: () => ({ config, stripe }) });
      expect(rerun).toMatchObject({ invoiced: 0, stripe: { failed: 0 } });

      for (const periodId of periodIds) {
        const billed = await db.select().from(invoices).where(eq(invoices.billingPeriodId, periodId));
        expect(billed).toHaveLength(1);
        const copies = [...fake.state.invoices.values()].filter((i) => i.metadata?.invoice_id === billed[0]!.id);
        expect(copies).toHaveLength(1);
        expect(copies[0]).toMatchObject({ status: 'open', total: 6050 }); // €50 + 21% VAT
        expect(billed[0]!.hostedInvoiceUrl).toBe(`${fake.url}/hosted/${copies[0]!.id}`);
      }
    });
  }

  it('sets up a subscription once: our periods bill usage, Stripe bills the recurring fee; cancelling reaches both', async () => {
    const { db } = get();
    await db.execute(sql`insert into billable_metrics (code, name, unit, aggregation) values ('api_calls', 'API calls', 'call', 'sum') on conflict do nothing`);
    await createPlan(db, {
      code: `pro_${engine}`,
      name: 'Pro',
      currency: 'eur',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '49', description: 'Pro plan' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', description: 'API calls' },
      ],
    });
    const subscriber = await customer('Self Serve');
    const now = new Date('2027-03-01T00:00:00Z');
    await expect(setupSubscription(db, null, subscriber.id, `pro_${engine}`, { now, actor: ACTOR, config })).rejects.toMatchObject({ status: 409, code: 'stripe_not_configured' });

    const first = await setupSubscription(db, stripe, subscriber.id, `pro_${engine}`, { now, actor: ACTOR, config });
    expect(first).toMatchObject({ status: 'incomplete', client_secret: expect.stringMatching(/_secret_/) });
    const again = await setupSubscription(db, stripe, subscriber.id, `pro_${engine}`, { now, actor: ACTOR, config });
    expect(again).toMatchObject({ subscription_id: first.subscription_id, stripe_subscription_id: first.stripe_subscription_id });
    const stripeSubs = [...fake.state.subscriptions.values()].filter((x) => x.metadata?.subscription_id === first.subscription_id);
    expect(stripeSubs).toHaveLength(1);
    const price = fake.state.prices.get(String((stripeSubs[0]!.items.data[0]!.price as { id: string }).id));
    expect(price).toMatchObject({ unit_amount: 4900, currency: 'eur', recurring: expect.objectContaining({ interval: 'month', interval_count: 1 }) });
    await expect(setupSubscription(db, stripe, subscriber.id, 'concurrent_eur', { now, actor: ACTOR, config })).rejects.toMatchObject({ status: 409 });

    // the first period ends: our invoice carries the usage, not the $49 Stripe already bills
    await runAutomation(get(), { now: new Date('2027-04-01T06:00:00Z'), actor: ACTOR, trigger: 'cron', services: () => ({ config, stripe: null }) });
    const [invoice] = await db.select().from(invoices).where(eq(invoices.subscriptionId, first.subscription_id));
    const lines = await selectRows<{ description: string }>(db, sql`select description from invoice_lines where invoice_id = ${invoice!.id} order by position`);
    expect(lines.map((l) => l.description)).toEqual(['API calls']);

    const cancelled = await cancelOwnSubscription(db, stripe, subscriber.id, { now, actor: ACTOR });
    expect(cancelled).toMatchObject({ cancel_at_period_end: true });
    expect(fake.state.subscriptions.get(first.stripe_subscription_id)).toMatchObject({ cancel_at_period_end: true });
  });

  it('walks a failing card through retries after 1, 3 and 7 days, suspends after 14 days past due, and reactivates on payment', async () => {
    const { db } = get();
    const t0 = new Date('2026-11-01T09:00:00Z');
    const plan = await createPlan(db, { code: `dunned_${engine}`, name: 'Dunned', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '100', description: 'Plan' }] });
    const debtor = await customer('Declined Debtor', { autoPay: true, paymentMethod: 'card' });
    const [sub] = await db.insert(subscriptions).values({ customerId: debtor.id, planId: plan.id, startDate: new Date('2026-10-01'), currentPeriodStart: new Date('2026-10-01'), currentPeriodEnd: t0 }).returning();
    await db.insert(billingPeriods).values({ subscriptionId: sub!.id, customerId: debtor.id, planId: plan.id, periodStart: new Date('2026-10-01'), periodEnd: t0 });

    // the card is saved, then declines every charge
    await mirrorInvoiceToStripe(db, stripe, (await issue(debtor.id, new Date('2026-10-01'))).id).catch(() => undefined);
    await db.update(invoices).set({ status: 'void', amountDue: '0', nextPaymentAttemptAt: null }).where(eq(invoices.customerId, debtor.id));
    const [saved] = await db.select().from(customers).where(eq(customers.id, debtor.id));
    fake.attachPaymentMethod(saved!.stripeCustomerId!, 'pm_card_chargeCustomerFail', { asDefault: true });
    await db.execute(sql`insert into payment_methods (customer_id, stripe_payment_method_id, type, brand, last4, is_default) values (${debtor.id}, 'pm_on_file', 'card', 'visa', '0341', true)`);

    // the billing run issues the period's invoice; its first charge is due at once
    const billed = await runAutomation(get(), { now: t0, actor: ACTOR, trigger: 'cron', services: () => ({ config, stripe }) });
    expect(billed.invoiced).toBeGreaterThanOrEqual(1);
    const [invoice] = await db.select().from(invoices).where(eq(invoices.billingPeriodId, (await db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, sub!.id)))[0]!.id));
    const attempts = async () => (await db.select().from(payments).where(eq(payments.invoiceId, invoice!.id))).map((p) => p.status);
    expect(await attempts()).toEqual(['failed']);
    const next = async () => (await db.select().from(invoices).where(eq(invoices.id, invoice!.id)))[0]!.nextPaymentAttemptAt?.toISOString() ?? null;
    expect(await next()).toBe(new Date(t0.getTime() + DAY_MS).toISOString());

    // nothing happens before a retry is due; then each retry fails and backs off further
    await runDunning(db, stripe, { now: new Date(t0.getTime() + DAY_MS / 2), config, actor: ACTOR });
    expect(await attempts()).toHaveLength(1);
    await runDunning(db, stripe, { now: new Date(t0.getTime() + DAY_MS), config, actor: ACTOR });
    expect(await next()).toBe(new Date(t0.getTime() + 4 * DAY_MS).toISOString());
    await runDunning(db, stripe, { now: new Date(t0.getTime() + 4 * DAY_MS), config, actor: ACTOR });
    expect(await next()).toBe(new Date(t0.getTime() + 11 * DAY_MS).toISOString());
    await runDunning(db, stripe, { now: new Date(t0.getTime() + 11 * DAY_MS), config, actor: ACTOR });
    expect(await attempts()).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(await next()).toBeNull();

    // due 14 days after issue, suspended 14 days after that
    const suspendedAt = new Date(invoice!.dueDate!.getTime() + 14 * DAY_MS + 60_000);
    const dunned = await runDunning(db, stripe, { now: suspendedAt, config, actor: ACTOR });
    expect(dunned.suspended).toBeGreaterThanOrEqual(1);
    expect((await db.select().from(customers).where(eq(customers.id, debtor.id)))[0]!.status).toBe('suspended');
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, sub!.id)))[0]!.status).toBe('past_due');

    // a new card, and the customer pays: active again at once
    fake.attachPaymentMethod(saved!.stripeCustomerId!, 'pm_card_visa', { asDefault: true });
    const paid = await processPayment(db, stripe, invoice!.id, { now: new Date(suspendedAt.getTime() + DAY_MS), config });
    expect(paid.status).toBe('paid');
    expect(await attempts()).toEqual(['failed', 'failed', 'failed', 'failed', 'succeeded']);
    expect((await db.select().from(customers).where(eq(customers.id, debtor.id)))[0]!.status).toBe('active');
    expect((await db.select().from(subscriptions).where(eq(subscriptions.id, sub!.id)))[0]!.status).toBe('active');
    const trail = await selectRows<{ action: string }>(db, sql`select action from audit_log where customer_id = ${debtor.id} and action like 'customer.%' order by id`);
    expect(trail.map((a) => a.action)).toEqual(['customer.suspended', 'customer.reactivated']);
    // every charge went to Stripe once: four declines and one payment
    const [mirrored] = await db.select().from(invoices).where(eq(invoices.id, invoice!.id));
    const pays = fake.requestsTo('POST', '/v1/invoices/:id/pay').filter((r) => r.path.includes(mirrored!.stripeInvoiceId!));
    expect(pays.map((r) => r.replayed)).toEqual([false, false, false, false, false]);
  });
});
