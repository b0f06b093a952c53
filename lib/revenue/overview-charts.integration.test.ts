// The admin overview's chart figures against scripted histories whose every number is worked out by
// hand below: month-end MRR through a mid-month upgrade and a mid-month cancel, invoiced against
// collected per month, the aging buckets at their 30/31, 60/61 and 90/91-day edges, and the payment
// success rate at the edge of its 30-day window. Each suite gets a fresh database.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { payments, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { changeSubscriptionPlan } from '@/lib/subscriptions/change-plan';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { rollOverSubscriptions } from '@/lib/subscriptions/roll-over-subscriptions';
import { updateSubscription } from '@/lib/subscriptions/update-subscription';
import { addUtcDays, DAY_MS } from '@/lib/time/utc-day';
import { describeEachEngine } from '@/test/test-database';
import { getInvoicedAndCollected, getMrrTrend, getPaymentSuccessRates, getReceivablesAging } from './overview-charts';
import { getRevenueSummary } from './revenue-summary';

const NOW = new Date('2026-06-15T12:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
const d = (iso: string) => new Date(iso);
const ctxAt = (now: Date) => ({ now, config, actor: ADMIN });

/** The 12 months ending with June 2026, each 0 unless given. */
const months = (figures: Record<string, string>, zero = '0.00') =>
  ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'].map((month) => ({ month, mrr: figures[month] ?? zero }));

describeEachEngine('overview charts: month-end MRR from the subscription history', (get) => {
  beforeAll(async () => {
    const { db } = get();
    const flat = (amount: string) => [{ metric: null, model: 'flat' as const, amount }];
    await createPlan(db, { code: 'basic', name: 'Basic', currency: 'usd', interval: 'month', charges: flat('100') });
    await createPlan(db, { code: 'pro', name: 'Pro', currency: 'usd', interval: 'month', charges: flat('300') });
    await createPlan(db, { code: 'euro', name: 'Euro', currency: 'eur', interval: 'month', charges: flat('50') });
    const customer = async (name: string, currency = 'usd', at = d('2026-02-01T00:00:00Z')) =>
      createCustomer(db, { name, email: `${name.toLowerCase()}@example.com`, currency, tax_rate: '0' }, { actor: ADMIN, now: at, defaultCurrency: 'usd' });

    // A: Basic from March 1, upgraded to Pro on April 15 (the April period is cut there)
    const a = await customer('Upgrader');
    const upgraded = await createSubscription(db, { customer_id: a.id, plan_code: 'basic', start_date: '2026-03-01' }, ctxAt(d('2026-03-01T00:00:00Z')));
    await changeSubscriptionPlan(db, upgraded.id, 'pro', ctxAt(d('2026-04-15T00:00:00Z')));

    // B: Basic from March 10, cancellation asked on April 20, so it ends with the period on May 10
    const b = await customer('Leaver');
    const leaving = await createSubscription(db, { customer_id: b.id, plan_code: 'basic', start_date: '2026-03-10' }, ctxAt(d('2026-03-10T00:00:00Z')));
    await updateSubscription(db, leaving.id, { cancel_at_period_end: true }, { actor: ADMIN, now: d('2026-04-20T00:00:00Z') });
    await rollOverSubscriptions(db, [leaving.id], { actor: ADMIN, now: d('2026-05-12T00:00:00Z') });

    // C: Euro from May 5
    const c = await customer('Europe', 'eur');
    await createSubscription(db, { customer_id: c.id, plan_code: 'euro', start_date: '2026-05-05' }, ctxAt(d('2026-05-05T00:00:00Z')));
  });

  it('the cancel took effect mid-month, as the fixture means', async () => {
    const rows = await get().db.select({ status: subscriptions.status, endedAt: subscriptions.endedAt }).from(subscriptions).where(eq(subscriptions.status, 'canceled'));
    expect(rows).toEqual([{ status: 'canceled', endedAt: d('2026-05-10T00:00:00Z') }]);
  });

  it('counts each month at its close on the plan billed then, per currency', async () => {
    const trend = await getMrrTrend(get().db, NOW, 'usd');
    expect(trend.months.at(-1)).toEqual({ month: '2026-06', at: NOW, toDate: true });
    expect(trend.series).toEqual([
      // March: A basic 100 + B basic 100; April: A pro 300 + B basic 100; May: B ended on the 10th; June: A alone
      { currency: 'usd', points: months({ '2026-03': '200.00', '2026-04': '400.00', '2026-05': '300.00', '2026-06': '300.00' }) },
      { currency: 'eur', points: months({ '2026-05': '50.00', '2026-06': '50.00' }) },
    ]);
  });

  it('ends, for the month to date, on the overview’s MRR', async () => {
    const { db } = get();
    const trend = await getMrrTrend(db, NOW, 'usd');
    const summary = await getRevenueSummary(db, 'usd');
    for (const series of trend.series) expect(series.points.at(-1)!.mrr).toBe(summary.mrr_by_currency[series.currency]);
  });

  it('is read from the `now` it is given: on April 20 the upgrade has happened and the cancel not yet', async () => {
    const trend = await getMrrTrend(get().db, d('2026-04-20T00:00:00Z'), 'usd', 3);
    expect(trend.series.map((s) => [s.currency, s.points])).toEqual([
      ['usd', [{ month: '2026-02', mrr: '0.00' }, { month: '2026-03', mrr: '200.00' }, { month: '2026-04', mrr: '400.00' }]],
      ['eur', [{ month: '2026-02', mrr: '0.00' }, { month: '2026-03', mrr: '0.00' }, { month: '2026-04', mrr: '0.00' }]],
    ]);
  });
});

describeEachEngine('overview charts: invoiced and collected, aging, payment success', (get) => {
  let openInvoiceId = '';

  beforeAll(async () => {
    const { db } = get();
    const usd = await createCustomer(db, { name: 'Dollar Ltd', email: 'usd@example.com', currency: 'usd', tax_rate: '0' }, { actor: ADMIN, now: d('2026-01-01T00:00:00Z'), defaultCurrency: 'usd' });
    const eur = await createCustomer(db, { name: 'Euro GmbH', email: 'eur@example.com', currency: 'eur', tax_rate: '0' }, { actor: ADMIN, now: d('2026-01-01T00:00:00Z'), defaultCurrency: 'usd' });
    // issued at `issued`, due on the spot (due_days 0) unless `dueDays`
    const issue = (customerId: string, amount: string, issued: Date, dueDays = 0) =>
      createOneTimeInvoice(db, { customer_id: customerId, items: [{ description: `Work of ${issued.toISOString()}`, quantity: '1', unit_price: amount }], due_days: dueDays, finalize: true }, ctxAt(issued));
    const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

    await issue(usd.id, '10', ago(30)); // exactly 30 days past due: 0–30
    await issue(usd.id, '20', ago(31)); // 31–60
    await issue(usd.id, '40', ago(60)); // 31–60
    await issue(usd.id, '80', ago(61)); // 61–90
    await issue(usd.id, '160', ago(90)); // 61–90
    await issue(usd.id, '320', ago(91)); // 90+
    const notDue = await issue(usd.id, '640', NOW, 5); // due in 5 days
    openInvoiceId = notDue.id;
    await issue(eur.id, '5', new Date(NOW.getTime() - 3_600_000)); // an hour past due: 0–30
    const paid = await issue(usd.id, '250', d('2026-05-20T09:00:00Z'));
    await changeInvoiceStatus(db, paid.id, { status: 'paid', payment_reference: 'WIRE-1' }, ctxAt(d('2026-06-02T09:00:00Z')));
    const voided = await issue(usd.id, '1000', d('2026-06-01T09:00:00Z'));
    await changeInvoiceStatus(db, voided.id, { status: 'void' }, ctxAt(d('2026-06-01T10:00:00Z')));

    // card attempts as the Stripe paths record them, on the not-yet-due invoice
    const attempts: { at: Date; status: 'succeeded' | 'failed' | 'refunded' | 'pending'; amount: string; refunded?: string }[] = [
      { at: ago(1), status: 'succeeded', amount: '7' },
      { at: ago(2), status: 'pending', amount: '11' },
      { at: ago(10), status: 'failed', amount: '640' },
      { at: ago(29), status: 'refunded', amount: '9', refunded: '4' },
      { at: ago(30), status: 'failed', amount: '640' }, // exactly 30 days ago: outside the 30-day window
      { at: ago(45), status: 'succeeded', amount: '3' },
      { at: ago(89), status: 'failed', amount: '640' },
      { at: ago(95), status: 'succeeded', amount: '5' },
    ];
    await db.insert(payments).values(
      attempts.map((a, i) => ({ invoiceId: notDue.id, customerId: usd.id, attemptNumber: i + 1, amount: a.amount, amountRefunded: a.refunded ?? '0', currency: 'usd', method: 'card' as const, status: a.status, createdAt: a.at, updatedAt: a.at })),
    );
  });

  it('puts open invoices in buckets by whole days past due, the edges included in the lower bucket', async () => {
    expect(await getReceivablesAging(get().db, NOW)).toEqual([
      {
        currency: 'eur',
        total: '5.00',
        buckets: [
          { key: 'not_due', label: 'Not yet due', amount: '0.00', invoices: 0 },
          { key: 'days_0_30', label: '0–30 days', amount: '5.00', invoices: 1 },
          { key: 'days_31_60', label: '31–60 days', amount: '0.00', invoices: 0 },
          { key: 'days_61_90', label: '61–90 days', amount: '0.00', invoices: 0 },
          { key: 'days_over_90', label: '90+ days', amount: '0.00', invoices: 0 },
        ],
      },
      {
        currency: 'usd',
        total: '1270.00',
        buckets: [
          { key: 'not_due', label: 'Not yet due', amount: '640.00', invoices: 1 },
          { key: 'days_0_30', label: '0–30 days', amount: '10.00', invoices: 1 },
          { key: 'days_31_60', label: '31–60 days', amount: '60.00', invoices: 2 },
          { key: 'days_61_90', label: '61–90 days', amount: '240.00', invoices: 2 },
          { key: 'days_over_90', label: '90+ days', amount: '320.00', invoices: 1 },
        ],
      },
    ]);
  });

  it('adds each currency’s buckets up to the overview’s outstanding figure', async () => {
    const { db } = get();
    const summary = await getRevenueSummary(db, 'usd');
    const aging = await getReceivablesAging(db, NOW);
    expect(Object.fromEntries(aging.map((a) => [a.currency, a.total]))).toEqual(summary.outstanding);
  });

  it('moves invoices on a bucket as time passes: a day later the 30-, 60- and 90-day ones have crossed an edge', async () => {
    const usd = (await getReceivablesAging(get().db, addUtcDays(NOW, 1))).find((a) => a.currency === 'usd')!;
    expect(usd.buckets.map((b) => [b.key, b.amount])).toEqual([
      ['not_due', '640.00'],
      ['days_0_30', '0.00'],
      ['days_31_60', '30.00'], // 10 (now 31 days) + 20
      ['days_61_90', '120.00'], // 40 (now 61 days) + 80
      ['days_over_90', '480.00'], // 160 (now 91 days) + 320
    ]);
  });

  it('sums invoices issued and payments received per month, void invoices, failures and refunds left out', async () => {
    const { series } = await getInvoicedAndCollected(get().db, NOW);
    const figures = (currency: string) => Object.fromEntries(series.find((s) => s.currency === currency)!.points.filter((p) => p.invoiced !== '0.00' || p.collected !== '0.00').map((p) => [p.month, [p.invoiced, p.collected]]));
    expect(series.map((s) => s.currency)).toEqual(['eur', 'usd']);
    expect(figures('usd')).toEqual({
      // 320 on Mar 16 + 160 on Mar 17 issued; 5 received on Mar 12
      '2026-03': ['480.00', '5.00'],
      // 80 on Apr 15 + 40 on Apr 16
      '2026-04': ['120.00', '0.00'],
      // 20 + 10 + 250 issued; 3 on May 1 and 9 − 4 refunded on May 17 received
      '2026-05': ['280.00', '8.00'],
      // 640 issued (the 1,000 was voided); 250 marked paid on June 2 and 7 by card received
      '2026-06': ['640.00', '257.00'],
    });
    expect(figures('eur')).toEqual({ '2026-06': ['5.00', '0.00'] });
    expect(series[0]!.points).toHaveLength(12);
  });

  it('rates payments that succeeded among attempts with an outcome, over the last 30 and 90 days', async () => {
    expect(await getPaymentSuccessRates(get().db, NOW)).toEqual([
      // 7 ✓, 10 days ✗, 29 days refunded ✓, the manual payment of June 2 ✓
      { days: 30, attempted: 4, succeeded: 3, rate: '75.00' },
      // and 30 days ✗, 45 days ✓, 89 days ✗: 4 of 7
      { days: 90, attempted: 7, succeeded: 4, rate: '57.14' },
    ]);
    expect(openInvoiceId).not.toBe('');
  });

  it('has no rate where nothing was attempted', async () => {
    expect(await getPaymentSuccessRates(get().db, d('2020-01-01T00:00:00Z'))).toEqual([
      { days: 30, attempted: 0, succeeded: 0, rate: null },
      { days: 90, attempted: 0, succeeded: 0, rate: null },
    ]);
  });
});
