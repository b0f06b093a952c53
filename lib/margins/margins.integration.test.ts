// The margins report against invoices the product's own billing run issued from known usage: revenue,
// cost at each metric's unit cost and the gross margin per plan and customer, exactly; a second
// currency kept apart; a metric without a unit cost and one priced in another currency reported as
// uncosted; credit notes subtracted; void, draft and out-of-range invoices left out; bad ranges refused.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { updateMetric } from '@/lib/catalog/update-metric';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { invoices } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEvent } from '@/lib/usage/usage-event-schema';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { getMargins, type MarginsQuery } from './get-margins';

const NOW = new Date('2026-11-22T10:00:00Z');
const ACTOR = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
const ctx = { now: NOW, config, actor: ACTOR };
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

describeEachEngine('margins', (get) => {
  const ids: Record<string, string> = {};

  /** The report, after checking that the totals-only one (one aggregate query) gives the same figures. */
  const marginsWithTotals = async (query: { from: string; to: string }) => {
    const { db } = get();
    const report = await getMargins(db, query);
    expect(await getMargins(db, query, { breakdown: false })).toEqual({ ...report, data: report.data.map((c) => ({ ...c, plans: [], customers: [] })) });
    return report;
  };

  beforeAll(async () => {
    const database = get();
    const { db } = database;
    const options = { actor: ACTOR, defaultCurrency: 'usd' };
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum', unit_cost: '0.002' }, options);
    await createMetric(db, { code: 'tokens', name: 'Tokens', unit: 'token', aggregation: 'sum' }, options); // no unit cost
    await createMetric(db, { code: 'gpu_hours', name: 'GPU hours', unit: 'hour', aggregation: 'sum', unit_cost: '1.25', unit_cost_currency: 'eur' }, options);
    await createPlan(db, {
      code: 'growth',
      name: 'Growth',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '99', description: 'Growth plan' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls over 10,000' },
      ],
    });
    await createPlan(db, {
      code: 'metered',
      name: 'Metered',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.001' },
        { metric: 'tokens', model: 'per_unit', unit_price: '0.00001' },
        { metric: 'gpu_hours', model: 'per_unit', unit_price: '3' },
      ],
    });
    await createPlan(db, { code: 'euro', name: 'Euro', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '50' }, { metric: 'gpu_hours', model: 'per_unit', unit_price: '2' }] });

    const subscribe = async (key: string, plan: string, currency = 'usd') => {
      const customer = await createCustomer(db, { name: `Customer ${key}`, email: `${key}@example.com`, currency, tax_rate: '0' }, { actor: ACTOR, now: NOW, defaultCurrency: 'usd' });
      ids[key] = customer.id;
      await createSubscription(db, { customer_id: customer.id, plan_code: plan, start_date: '2026-10-01' }, { ...ctx });
    };
    await subscribe('a', 'growth');
    await subscribe('b', 'growth');
    await subscribe('c', 'metered');
    await subscribe('d', 'euro', 'eur');

    const usage = [
      ['a', 'api_calls', 15000],
      ['b', 'api_calls', 4000],
      ['c', 'api_calls', 20000],
      ['c', 'tokens', 100000],
      ['c', 'gpu_hours', 2],
      ['d', 'gpu_hours', 10],
    ] as const;
    const events = usage.map(([key, metric, quantity], i) => {
      const parsed = parseUsageEvent({ id: `e-${i}`, customer_id: ids[key], metric, quantity, timestamp: '2026-10-15T12:00:00Z' });
      if ('errors' in parsed) throw new Error('bad test event');
      return parsed.event;
    });
    await ingestUsageEvents(database, events, { now: NOW });
    expect(await runBilling(database, { ...ctx, trigger: 'manual' })).toMatchObject({ invoiced: 4, failed: 0 });

    // a one-time invoice has no plan; a voided one, a draft and one issued in December count nowhere
    await createOneTimeInvoice(db, { customer_id: ids.a!, items: [{ description: 'Setup', quantity: '1', unit_price: '250' }], finalize: true }, ctx);
    const voided = await createOneTimeInvoice(db, { customer_id: ids.c!, items: [{ description: 'Mistake', quantity: '1', unit_price: '999' }], finalize: true }, ctx);
    await changeInvoiceStatus(db, voided.id, { status: 'void' }, ctx);
    await createOneTimeInvoice(db, { customer_id: ids.c!, items: [{ description: 'Draft', quantity: '1', unit_price: '500' }], finalize: false }, ctx);
    await createOneTimeInvoice(db, { customer_id: ids.a!, items: [{ description: 'Later', quantity: '1', unit_price: '700' }], finalize: true }, { ...ctx, now: new Date('2026-12-02T09:00:00Z') });

    // $10 credited on B's October invoice
    const [bInvoice] = await db.select().from(invoices).where(eq(invoices.customerId, ids.b!)).limit(1);
    await createCreditNote(db, bInvoice!.id, { reason: 'Goodwill', amount: '10' }, ctx);
  });

  it('reports revenue, cost and gross margin per plan and customer, exactly, each currency on its own', async () => {
    const report = await marginsWithTotals(NOVEMBER);
    expect(report).toMatchObject({ from: '2026-11-01', to: '2026-11-30', unit_costs_set: true });
    expect(report.data.map((c) => c.currency)).toEqual(['eur', 'usd']);
    const [eur, usd] = report.data;

    // A: $99 + 5,000 × $0.01 over the included 10,000, and $250 one-time; its 15,000 calls (included ones
    // too) cost 15,000 × $0.002 = $30. B: $99 less the $10 credit; 4,000 calls cost $8. C: 20,000 × $0.001
    // + 100,000 × $0.00001 + 2 × $3 = $27; its calls cost $40, its tokens and GPU hours are uncosted.
    expect(usd).toMatchObject({ currency: 'usd', revenue: '515.00', cost: '78.00', gross_margin: '437.00', margin_percent: '84.85', cost_complete: false });
    expect(usd!.plans).toEqual([
      { plan_code: null, plan_name: null, revenue: '250.00', cost: '0.00', gross_margin: '250.00', margin_percent: '100.00', cost_complete: true },
      { plan_code: 'growth', plan_name: 'Growth', revenue: '238.00', cost: '38.00', gross_margin: '200.00', margin_percent: '84.03', cost_complete: true },
      { plan_code: 'metered', plan_name: 'Metered', revenue: '27.00', cost: '40.00', gross_margin: '-13.00', margin_percent: '-48.15', cost_complete: false },
    ]);
    expect(usd!.customers).toEqual([
      { customer_id: ids.a, customer_name: 'Customer a', revenue: '399.00', cost: '30.00', gross_margin: '369.00', margin_percent: '92.48', cost_complete: true },
      { customer_id: ids.b, customer_name: 'Customer b', revenue: '89.00', cost: '8.00', gross_margin: '81.00', margin_percent: '91.01', cost_complete: true },
      { customer_id: ids.c, customer_name: 'Customer c', revenue: '27.00', cost: '40.00', gross_margin: '-13.00', margin_percent: '-48.15', cost_complete: false },
    ]);
    // the GPU hours cost euros, so on a dollar invoice their cost is unknown, never converted
    expect(usd!.uncosted).toEqual([
      { metric: 'gpu_hours', units: '2', reason: 'other_currency', unit_cost_currency: 'eur' },
      { metric: 'tokens', units: '100000', reason: 'no_unit_cost', unit_cost_currency: null },
    ]);

    // D: €50 + 10 × €2; 10 GPU hours at €1.25
    expect(eur).toEqual({
      currency: 'eur',
      revenue: '70.00',
      cost: '12.50',
      gross_margin: '57.50',
      margin_percent: '82.14',
      cost_complete: true,
      plans: [{ plan_code: 'euro', plan_name: 'Euro', revenue: '70.00', cost: '12.50', gross_margin: '57.50', margin_percent: '82.14', cost_complete: true }],
      customers: [{ customer_id: ids.d, customer_name: 'Customer d', revenue: '70.00', cost: '12.50', gross_margin: '57.50', margin_percent: '82.14', cost_complete: true }],
      uncosted: [],
    });
  });

  it('prices units at the unit cost a metric carries now, and leaves a range with no invoices empty', async () => {
    const { db } = get();
    await updateMetric(db, 'tokens', { unit_cost: '0.000001' }, { actor: ACTOR, defaultCurrency: 'usd' });
    const usd = (await marginsWithTotals(NOVEMBER)).data.find((c) => c.currency === 'usd')!;
    // C's 100,000 tokens now cost $0.10
    expect(usd.customers.find((c) => c.customer_id === ids.c)).toMatchObject({ cost: '40.10', gross_margin: '-13.10', cost_complete: false });
    expect(usd.uncosted.map((u) => u.metric)).toEqual(['gpu_hours']);
    await updateMetric(db, 'tokens', { unit_cost: null }, { actor: ACTOR, defaultCurrency: 'usd' });

    // December holds the $700 invoice only
    const december = await marginsWithTotals({ from: '2026-12-01', to: '2026-12-31' });
    expect(december.data).toEqual([expect.objectContaining({ currency: 'usd', revenue: '700.00', cost: '0.00', margin_percent: '100.00', cost_complete: true })]);
    expect((await marginsWithTotals({ from: '2026-09-01', to: '2026-09-30' })).data).toEqual([]);
  });

  it('says when no metric has a unit cost', async () => {
    const { db } = get();
    await updateMetric(db, 'api_calls', { unit_cost: null }, { actor: ACTOR, defaultCurrency: 'usd' });
    await updateMetric(db, 'gpu_hours', { unit_cost: null }, { actor: ACTOR, defaultCurrency: 'usd' });
    const report = await marginsWithTotals(NOVEMBER);
    expect(report.unit_costs_set).toBe(false);
    expect(report.data.find((c) => c.currency === 'usd')).toMatchObject({ revenue: '515.00', cost: '0.00', cost_complete: false });
    await updateMetric(db, 'api_calls', { unit_cost: '0.002' }, { actor: ACTOR, defaultCurrency: 'usd' });
    await updateMetric(db, 'gpu_hours', { unit_cost: '1.25', unit_cost_currency: 'eur' }, { actor: ACTOR, defaultCurrency: 'usd' });
  });

  it('refuses a bad range by name: missing, malformed, impossible, reversed or too long', async () => {
    const { db } = get();
    const refused = (query: Partial<MarginsQuery>) => apiError(getMargins(db, query as MarginsQuery));
    expect(await refused({ to: '2026-11-30' })).toMatchObject({ status: 422, fields: ['from'], messages: ['from is required, as YYYY-MM-DD'] });
    expect(await refused({ from: '2026-11-01', to: '30/11/2026' })).toMatchObject({ status: 422, fields: ['to'], messages: ['must be a date, YYYY-MM-DD'] });
    expect(await refused({ from: '2026-02-30', to: '2026-03-01' })).toMatchObject({ status: 422, fields: ['from'], messages: ['is not a real date'] });
    expect(await refused({ from: '2026-11-30', to: '2026-11-01' })).toMatchObject({ status: 422, fields: ['to'], messages: ['must not be before from'] });
    expect(await refused({ from: '2025-01-01', to: '2026-11-30' })).toMatchObject({ status: 422, fields: ['to'], messages: ['the range may span at most 400 days'] });
    // one day is a range
    expect((await getMargins(db, { from: '2026-11-22', to: '2026-11-22' })).data.map((c) => c.revenue)).toEqual(['70.00', '515.00']);
  });
});
