// The admin's revenue numbers against a fixture whose every figure is known: subscriptions by state,
// MRR/ARR from flat fees normalised to a month (trials, usage, ended and other-currency subscriptions
// left out of `mrr`), the breakdown by plan, and the recent charges list.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { payments, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { describeEachEngine } from '@/test/test-database';
import { listRecentCharges } from './list-recent-charges';
import { getRevenueSummary } from './revenue-summary';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));

describeEachEngine('revenue stats', (get) => {
  const customerIds: string[] = [];

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    const flat = (amount: string) => ({ metric: null, model: 'flat' as const, amount });
    await createPlan(db, { code: 'basic', name: 'Basic', currency: 'usd', interval: 'month', charges: [flat('100'), { metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] });
    await createPlan(db, { code: 'annual', name: 'Annual', currency: 'usd', interval: 'year', charges: [flat('1200')] });
    await createPlan(db, { code: 'weekly', name: 'Weekly', currency: 'usd', interval: 'week', charges: [flat('12')] }); // 12 × 52 / 12 = 52 a month
    await createPlan(db, { code: 'euro', name: 'Euro', currency: 'eur', interval: 'month', charges: [flat('50')] });

    const subscribe = async (plan: string, { currency = 'usd', trialDays }: { currency?: string; trialDays?: number } = {}) => {
      const i = customerIds.length;
      const customer = await createCustomer(db, { name: `Fixture ${i}`, email: `f${i}@example.com`, currency, tax_rate: '0' }, { actor: ADMIN, now: NOW, defaultCurrency: 'usd' });
      customerIds.push(customer.id);
      if (!plan) return null;
      return createSubscription(db, { customer_id: customer.id, plan_code: plan, start_date: '2026-11-01', ...(trialDays === undefined ? {} : { trial_days: trialDays }) }, { actor: ADMIN, now: NOW, config });
    };
    await subscribe('basic');
    await subscribe('basic');
    const pastDue = await subscribe('basic');
    await db.update(subscriptions).set({ status: 'past_due' }).where(eq(subscriptions.id, pastDue!.id));
    await subscribe('basic', { trialDays: 30 }); // still in its trial at NOW
    await subscribe('annual');
    await subscribe('weekly');
    await subscribe('euro', { currency: 'eur' });
    const ended = await subscribe('basic');
    await db.update(subscriptions).set({ status: 'canceled', endedAt: new Date('2026-11-10T00:00:00Z') }).where(eq(subscriptions.id, ended!.id));
    await subscribe(''); // a customer without a subscription
  });

  it('counts customers and subscriptions by state and computes MRR, ARR and the plan breakdown', async () => {
    expect(await getRevenueSummary(get().db, 'usd')).toEqual({
      total_customers: 9,
      active_subscriptions: 5,
      trial_subscriptions: 1,
      past_due_subscriptions: 1,
      // basic 3 × 100 (past due still counts) + annual 1200 / 12 + weekly 12 × 52 / 12
      mrr: '452.00',
      arr: '5424.00',
      currency: 'usd',
      mrr_by_currency: { usd: '452.00', eur: '50.00' },
      arr_by_currency: { usd: '5424.00', eur: '600.00' },
      // every live subscription, the trial among them (it earns nothing yet)
      tier_breakdown: {
        basic: { count: 4, trialing: 1, revenue: '300.00', currency: 'usd' },
        annual: { count: 1, trialing: 0, revenue: '100.00', currency: 'usd' },
        weekly: { count: 1, trialing: 0, revenue: '52.00', currency: 'usd' },
        euro: { count: 1, trialing: 0, revenue: '50.00', currency: 'eur' },
      },
      outstanding: {},
    });
  });

  it('lists recent charges newest first with money strings, refunds flagged, paged', async () => {
    const { db } = get();
    const ctx = { now: NOW, config, actor: ADMIN };
    const invoice = await createOneTimeInvoice(db, { customer_id: customerIds[0]!, items: [{ description: 'Setup', quantity: '1', unit_price: '250' }], finalize: true }, ctx);
    await changeInvoiceStatus(db, invoice.id, { status: 'paid', payment_reference: 'WIRE-1' }, ctx);
    const second = await createOneTimeInvoice(db, { customer_id: customerIds[1]!, items: [{ description: 'Training', quantity: '2', unit_price: '40.5' }], finalize: true }, ctx);
    await db.insert(payments).values({
      invoiceId: second.id,
      customerId: customerIds[1]!,
      attemptNumber: 1,
      amount: '81',
      currency: 'usd',
      method: 'card',
      status: 'refunded',
      amountRefunded: '81',
      createdAt: new Date(Date.now() + 60_000),
    });

    const { data, has_more } = await listRecentCharges(db, {});
    expect(has_more).toBe(false);
    expect(data).toEqual([
      expect.objectContaining({ invoice_id: second.id, customer_id: customerIds[1], amount: '81.00', currency: 'usd', status: 'refunded', method: 'card', refunded: true, amount_refunded: '81.00', customer_name: 'Fixture 1' }),
      expect.objectContaining({ invoice_id: invoice.id, invoice_number: invoice.number, customer_id: customerIds[0], amount: '250.00', status: 'succeeded', method: 'manual', refunded: false, reference: 'WIRE-1' }),
    ]);
    expect(Object.keys(data[0]!)).toEqual(expect.arrayContaining(['id', 'invoice_id', 'customer_id', 'amount', 'currency', 'status', 'method', 'created', 'refunded']));
    const page = await listRecentCharges(db, { limit: 1 });
    expect(page).toMatchObject({ has_more: true, data: [{ id: data[0]!.id }] });
    expect((await listRecentCharges(db, { limit: 1, starting_after: data[0]!.id })).data.map((c) => c.id)).toEqual([data[1]!.id]);

    // the paid invoice is no longer outstanding; the second one still is
    expect((await getRevenueSummary(db, 'usd')).outstanding).toEqual({ usd: '81.00' });
  });
});

// Figures that only add up if rounding happens in one place: three $10-a-week subscriptions are
// 3 × 43.333… = 130.00 a month (rounding each first would say 129.99), a $1-a-day plan is 30.416…
describeEachEngine('revenue stats: the figures reconcile', (get) => {
  beforeAll(async () => {
    const { db } = get();
    await createPlan(db, { code: 'weekly_ten', name: 'Weekly ten', currency: 'usd', interval: 'week', charges: [{ metric: null, model: 'flat', amount: '10' }] });
    await createPlan(db, { code: 'daily_one', name: 'Daily one', currency: 'usd', interval: 'day', charges: [{ metric: null, model: 'flat', amount: '1' }] });
    let i = 0;
    for (const plan of ['weekly_ten', 'weekly_ten', 'weekly_ten', 'daily_one']) {
      const customer = await createCustomer(db, { name: `Reconcile ${i}`, email: `r${i++}@example.com`, currency: 'usd', tax_rate: '0' }, { actor: ADMIN, now: NOW, defaultCurrency: 'usd' });
      await createSubscription(db, { customer_id: customer.id, plan_code: plan, start_date: '2026-11-01' }, { actor: ADMIN, now: NOW, config });
    }
  });

  it('rounds each plan once, sums the plans into MRR and makes ARR exactly 12 × MRR', async () => {
    const summary = await getRevenueSummary(get().db, 'usd');
    expect(summary.tier_breakdown.weekly_ten).toEqual({ count: 3, trialing: 0, revenue: '130.00', currency: 'usd' });
    // 1 × 365 / 12 = 30.41666…
    expect(summary.tier_breakdown.daily_one).toEqual({ count: 1, trialing: 0, revenue: '30.42', currency: 'usd' });
    expect(summary.mrr).toBe('160.42');
    const cents = (amount: string) => BigInt(amount.replace('.', ''));
    const planSum = Object.values(summary.tier_breakdown).reduce((sum, plan) => sum + cents(plan.revenue), 0n);
    expect(cents(summary.mrr)).toBe(planSum);
    expect(cents(summary.arr)).toBe(12n * cents(summary.mrr));
    expect(summary.arr).toBe('1925.04');
  });
});
