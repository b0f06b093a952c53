// The what-if pricing simulator against invoices the product issued: customers built with the product's
// own functions (catalog, customers, subscriptions, usage ingestion, the billing run), then simulated.
// With the plan's own charges every customer's simulated subtotal equals the issued invoice's; with
// proposed charges the deltas are the ones worked out by hand below; bad input is a 422 (or a 404 for
// an unknown plan) naming the field, and nothing is ever written.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChargeInput } from '@/lib/catalog/catalog-schemas';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { getPlanViews } from '@/lib/catalog/plan-view';
import { updatePlan } from '@/lib/catalog/update-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { selectRows } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { runBilling } from '@/lib/invoicing/run-billing';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import type { SimulationInput } from './pricing-schemas';
import { simulatePricing, type PricingSimulation } from './simulate-pricing';

const ACTOR = { type: 'user', id: 'simulator-test' } as const;
const config = billingConfig(parseEnv({}));
const START = new Date('2026-09-01T00:00:00Z');
// the September periods have ended and are billed; October's are open
const NOW = new Date('2026-10-05T10:00:00Z');
const day = (d: number) => new Date(Date.UTC(2026, 8, d, 12)).toISOString();

/** A body as it arrives over HTTP: whatever the caller typed, handed on as the input type it claims to be. */
const asSent = (body: unknown) => body as SimulationInput;

const SIM_API: ChargeInput[] = [
  { metric: null, model: 'flat', amount: '20', description: 'Base fee' },
  { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '1000', description: 'API calls over 1,000' },
];

// Tables the simulator reads; after a simulation, good or bad, each holds the same rows, none rewritten.
const WATCHED = ['plans', 'plan_charges', 'customers', 'subscriptions', 'billing_periods', 'usage_snapshots', 'usage_events', 'invoices', 'invoice_lines', 'audit_log', 'notification_outbox'];

describeEachEngine('pricing simulator', (get) => {
  const ids: Record<'heavy' | 'light' | 'idle' | 'late' | 'other' | 'stripe' | 'advance' | 'calendar', string> = { heavy: '', light: '', idle: '', late: '', other: '', stripe: '', advance: '', calendar: '' };

  /** Each watched table's row count and newest xmin: a write of any kind changes one of them. */
  const tableState = async () => {
    const state: Record<string, string> = {};
    for (const table of WATCHED) {
      const [row] = await selectRows<{ n: string; x: string | null }>(get().installation.db, sql.raw(`select count(*)::text as n, max(xmin::text::bigint)::text as x from ${table}`));
      state[table] = `${row!.n}/${row!.x}`;
    }
    return state;
  };

  const simulate = (body: unknown) => simulatePricing(get().db, asSent(body));
  const rowOf = (result: PricingSimulation, customerId: string) => result.data.find((r) => r.customer_id === customerId);

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    await createMetric(db, { code: 'ai_credits', name: 'AI credits', unit: 'credit', aggregation: 'sum' });
    await createPlan(db, { code: 'sim_api', name: 'Sim API', currency: 'usd', interval: 'month', charges: SIM_API });
    await createPlan(db, { code: 'sim_other', name: 'Other', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '7' }] });
    await createPlan(db, {
      code: 'sim_advance',
      name: 'Pays in advance',
      currency: 'usd',
      interval: 'month',
      pay_in_advance: true,
      charges: [
        { metric: null, model: 'flat', amount: '30', description: 'Seat fee' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', description: 'API calls' },
      ],
    });
    await createPlan(db, { code: 'sim_calendar', name: 'Calendar', currency: 'usd', interval: 'month', billing_alignment: 'calendar', charges: [{ metric: null, model: 'flat', amount: '30', description: 'Monthly fee' }] });

    const customer = async (key: keyof typeof ids, plan: string, start = START) => {
      ids[key] = (await createCustomer(db, { name: `Customer ${key}`, email: `${key}@example.com`, currency: 'usd' }, { actor: ACTOR, now: START, defaultCurrency: 'usd' })).id;
      await createSubscription(db, { customer_id: ids[key], plan_code: plan, start_date: start.toISOString(), trial_days: 0 }, { actor: ACTOR, now: start, config });
    };
    await customer('heavy', 'sim_api');
    await customer('light', 'sim_api');
    await customer('idle', 'sim_api');
    // subscribed on September 20th: its first period ends in October, nothing of it is invoiced yet
    await customer('late', 'sim_api', new Date('2026-09-20T00:00:00Z'));
    await customer('other', 'sim_other');
    // Stripe bills this subscription's flat fee (what setup-subscription records): its period is invoiced with no invoice of ours
    await customer('stripe', 'sim_other');
    await db.update(subscriptions).set({ stripeSubscriptionId: 'sub_simulator_fixture' }).where(eq(subscriptions.customerId, ids.stripe));
    await customer('advance', 'sim_advance');
    // on the 16th of a calendar plan: its first period is 15 of September's 30 days, the fee prorated
    await customer('calendar', 'sim_calendar', new Date('2026-09-16T00:00:00Z'));

    const calls = (key: keyof typeof ids, quantity: string, d: number, metric = 'api_calls') => ({ id: `${key}-${metric}-${d}`, customer_id: ids[key], metric, quantity, timestamp: day(d) });
    await ingestUsageEvents(
      get(),
      [calls('heavy', '2000', 3), calls('heavy', '1000', 10), calls('heavy', '400', 11, 'ai_credits'), calls('light', '500', 4), calls('advance', '1234', 5), calls('late', '99999', 25)],
      { now: new Date('2026-09-28T00:00:00Z') },
    );
    const run = await runBilling(get(), { now: NOW, config, actor: ACTOR, trigger: 'manual' });
    expect(run.errors).toEqual([]);
  });

  it('with the plan’s own charges, every customer’s current and simulated subtotals are the subtotal of the invoice billing issued', async () => {
    const before = await tableState();
    const charges = (await getPlanViews(get().db, 'sim_api'))[0]!.charges;
    const result = await simulate({ plan_code: 'sim_api', charges });
    const issued = await selectRows<{ id: string; customer_id: string; subtotal: string }>(
      get().db,
      sql`select id, customer_id, subtotal::text from invoices where kind = 'subscription' and customer_id = any(${`{${ids.heavy},${ids.light},${ids.idle}}`}::uuid[])`,
    );
    expect(issued).toHaveLength(3);
    // the late customer has no invoiced period and the other plan's customer is not on this plan: left out
    expect(result.data.map((r) => r.customer_id).sort()).toEqual([ids.heavy, ids.light, ids.idle].sort());
    for (const invoice of issued) {
      const row = rowOf(result, invoice.customer_id)!;
      expect(row.invoice_id).toBe(invoice.id);
      expect(row.current_subtotal).toBe(Number(invoice.subtotal).toFixed(2));
      expect(row.simulated_subtotal).toBe(row.current_subtotal);
      expect(row.delta).toBe('0.00');
    }
    // heavy: 20 + 2,000 calls over 1,000 × 0.01; light and idle: the base fee
    expect(result.data.map((r) => [r.customer_id, r.current_subtotal])).toEqual(expect.arrayContaining([[ids.heavy, '40.00'], [ids.light, '20.00'], [ids.idle, '20.00']]));
    expect(rowOf(result, ids.heavy)).toMatchObject({ customer_name: 'Customer heavy', period_start: '2026-09-01T00:00:00.000Z', period_end: '2026-10-01T00:00:00.000Z' });
    expect(result.totals).toEqual({ current_subtotal: '80.00', simulated_subtotal: '80.00', delta: '0.00', currency: 'usd' });
    expect(await tableState()).toEqual(before);
  });

  it('a price increase: the deltas worked out by hand, and the total revenue change', async () => {
    const result = await simulate({
      plan_code: 'sim_api',
      charges: [
        { metric: null, model: 'flat', amount: '25', description: 'Base fee' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.015', included_units: '500' },
      ],
    });
    // heavy: 25 + (3,000 − 500) × 0.015 = 62.50; light: 25 + 0 = 25.00; idle: 25.00
    expect(rowOf(result, ids.heavy)).toMatchObject({ current_subtotal: '40.00', simulated_subtotal: '62.50', delta: '22.50' });
    expect(rowOf(result, ids.light)).toMatchObject({ current_subtotal: '20.00', simulated_subtotal: '25.00', delta: '5.00' });
    expect(rowOf(result, ids.idle)).toMatchObject({ current_subtotal: '20.00', simulated_subtotal: '25.00', delta: '5.00' });
    expect(result.totals).toEqual({ current_subtotal: '80.00', simulated_subtotal: '112.50', delta: '32.50', currency: 'usd' });
  });

  it('graduated and volume tiers are priced by the pricing core, each line rounded once', async () => {
    const graduated = await simulate({
      plan_code: 'sim_api',
      charges: [
        { metric: null, model: 'flat', amount: '20' },
        { metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '1000', unit_price: '0' }, { up_to: '2500', unit_price: '0.01' }, { up_to: null, unit_price: '0.005', flat_amount: '1.333' }] },
      ],
    });
    // heavy, 3,000 calls: 1,500 × 0.01 + 500 × 0.005 + 1.333 = 18.833 → 18.83, plus 20; light, 500: 0
    expect(rowOf(graduated, ids.heavy)).toMatchObject({ simulated_subtotal: '38.83', delta: '-1.17' });
    expect(rowOf(graduated, ids.light)).toMatchObject({ simulated_subtotal: '20.00', delta: '0.00' });

    const volume = await simulate({
      plan_code: 'sim_api',
      charges: [{ metric: 'api_calls', model: 'volume', tiers: [{ up_to: '1000', unit_price: '0.02' }, { up_to: null, unit_price: '0.015' }] }],
    });
    // every unit at the tier the total reaches: heavy 3,000 × 0.015 = 45; light 500 × 0.02 = 10; idle 0
    expect(rowOf(volume, ids.heavy)).toMatchObject({ simulated_subtotal: '45.00', delta: '5.00' });
    expect(rowOf(volume, ids.light)).toMatchObject({ simulated_subtotal: '10.00', delta: '-10.00' });
    expect(rowOf(volume, ids.idle)).toMatchObject({ simulated_subtotal: '0.00', delta: '-20.00' });
    expect(volume.totals).toMatchObject({ simulated_subtotal: '55.00', delta: '-25.00' });
  });

  it('a proposed charge on a metric the plan did not price is rated from the period’s usage events', async () => {
    const result = await simulate({ plan_code: 'sim_api', charges: [...SIM_API, { metric: 'ai_credits', model: 'per_unit', unit_price: '0.05' }] });
    // heavy used 400 AI credits in September: 400 × 0.05 = 20 more
    expect(rowOf(result, ids.heavy)).toMatchObject({ current_subtotal: '40.00', simulated_subtotal: '60.00', delta: '20.00' });
    expect(rowOf(result, ids.light)).toMatchObject({ delta: '0.00' });
  });

  it('a plan that pays in advance: the period’s advance and end invoices together, re-rated at their own timings', async () => {
    const issued = await selectRows<{ id: string; billing_timing: string; subtotal: string }>(
      get().db,
      sql`select i.id, i.billing_timing, i.subtotal::text from invoices i join billing_periods bp on bp.id = i.billing_period_id
           where i.customer_id = ${ids.advance} and bp.status = 'invoiced'`,
    );
    // the seat fee when September started, the calls when it ended: 30 and 12.34
    expect(issued.map((i) => [i.billing_timing, Number(i.subtotal).toFixed(2)]).sort()).toEqual([['advance', '30.00'], ['arrears', '12.34']]);
    const same = await simulate({ plan_code: 'sim_advance', charges: (await getPlanViews(get().db, 'sim_advance'))[0]!.charges });
    expect(same.data).toEqual([expect.objectContaining({ customer_id: ids.advance, invoice_id: issued.find((i) => i.billing_timing === 'arrears')!.id, current_subtotal: '42.34', simulated_subtotal: '42.34', delta: '0.00' })]);
    const dearer = await simulate({ plan_code: 'sim_advance', charges: [{ metric: null, model: 'flat', amount: '35' }, { metric: 'api_calls', model: 'per_unit', unit_price: '0.02' }] });
    // 35 + 1,234 × 0.02 = 59.68
    expect(dearer.data[0]).toMatchObject({ simulated_subtotal: '59.68', delta: '17.34' });
  });

  it('a period that is part of a calendar cycle has its flat fees prorated as the billing run prorated them', async () => {
    const [invoice] = await selectRows<{ subtotal: string }>(get().db, sql`select subtotal::text from invoices where customer_id = ${ids.calendar}`);
    // September 16th to October 1st: 15 of 30 days of 30
    expect(Number(invoice!.subtotal).toFixed(2)).toBe('15.00');
    const result = await simulate({ plan_code: 'sim_calendar', charges: [{ metric: null, model: 'flat', amount: '50' }] });
    expect(result.data).toEqual([expect.objectContaining({ customer_id: ids.calendar, current_subtotal: '15.00', simulated_subtotal: '25.00', delta: '10.00' })]);
  });

  it('customer_ids narrows the simulation; a named customer with no invoiced period on the plan is left out', async () => {
    const result = await simulate({ plan_code: 'sim_api', charges: SIM_API, customer_ids: [ids.light, ids.late, ids.other] });
    expect(result.data.map((r) => r.customer_id)).toEqual([ids.light]);
    expect(result.totals).toEqual({ current_subtotal: '20.00', simulated_subtotal: '20.00', delta: '0.00', currency: 'usd' });
  });

  it('a period with nothing on our invoices (its flat fee billed by Stripe) is no invoiced period to compare: its customer is left out', async () => {
    const [period] = await selectRows<{ status: string; invoices: string }>(
      get().db,
      sql`select bp.status, (select count(*) from invoices i where i.billing_period_id = bp.id)::text as invoices from billing_periods bp where bp.customer_id = ${ids.stripe} and bp.period_end <= ${NOW.toISOString()}::timestamptz`,
    );
    expect(period).toEqual({ status: 'invoiced', invoices: '0' });
    const result = await simulate({ plan_code: 'sim_other', charges: [{ metric: null, model: 'flat', amount: '9' }] });
    expect(result.data).toEqual([expect.objectContaining({ customer_id: ids.other, current_subtotal: '7.00', simulated_subtotal: '9.00', delta: '2.00' })]);
  });

  describe('bad input', () => {
    it('an unknown plan code is a 404 naming plan_code', async () => {
      expect(await apiError(simulate({ plan_code: 'no_such_plan', charges: SIM_API }))).toMatchObject({ status: 404, code: 'not_found', fields: ['plan_code'] });
    });

    it('charges are refused as plan creation refuses them: by field, format, model and catalog', async () => {
      const before = await tableState();
      const body = {
        plan_code: 'sim_api',
        charges: [
          { metric: 'api_calls', model: 'per_unit', unit_price: '0,01' },
          { metric: 'api_calls', model: 'per_unit', unit_prise: '0.01' },
        ],
      };
      expect(await apiError(simulate(body))).toMatchObject({ status: 422, code: 'validation_failed', fields: ['charges.0.unit_price', 'charges.1.unit_prise'] });
      const beyondShape = await apiError(
        simulate({
          plan_code: 'sim_api',
          charges: [
            { metric: 'api_calls', model: 'per_unit' },
            { metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '100', unit_price: '0.01' }, { up_to: '50', unit_price: '0.02' }, { up_to: null, unit_price: '0.03' }] },
            { metric: 'nope', model: 'per_unit', unit_price: '1' },
            { metric: 'api_calls', model: 'flat', amount: '1' },
          ],
        }),
      );
      expect(beyondShape).toMatchObject({ status: 422, fields: ['charges.0', 'charges.1', 'charges.2.metric', 'charges.3.metric'] });
      expect(beyondShape.messages).toEqual(['unit_price is required for per_unit charges', expect.stringContaining('tiers strictly ascending'), 'unknown metric nope', 'a flat charge takes no metric']);
      expect(await tableState()).toEqual(before);
    });

    it('an unknown field, a missing field and bad customer ids are 422s naming them, and nothing is written', async () => {
      const before = await tableState();
      expect(await apiError(simulate({ plan_code: 'sim_api', charges: SIM_API, dry_run: true }))).toMatchObject({ status: 422, fields: ['dry_run'], messages: ['unknown field'] });
      expect(await apiError(simulate({ plan_code: 'sim_api' }))).toMatchObject({ status: 422, fields: ['charges'] });
      expect(await apiError(simulate({ plan_code: 'sim_api', charges: SIM_API, customer_ids: [ids.light, 'cus_1'] }))).toMatchObject({ status: 422, fields: ['customer_ids.1'] });
      expect(await apiError(simulate({ plan_code: 'sim_api', charges: SIM_API, customer_ids: [] }))).toMatchObject({ status: 422, fields: ['customer_ids'] });
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(await apiError(simulate({ plan_code: 'sim_api', charges: SIM_API, customer_ids: [ids.light, unknown] }))).toMatchObject({ status: 422, fields: ['customer_ids.1'], messages: ['no customer has this id'] });
      expect(await tableState()).toEqual(before);
    });
  });

  // last: it makes version 2 of sim_api
  it('customers whose period was billed on an older version of the plan are simulated too', async () => {
    await updatePlan(get().db, 'sim_api', { charges: [{ metric: null, model: 'flat', amount: '30' }] }, ACTOR);
    const result = await simulate({ plan_code: 'sim_api', charges: SIM_API });
    expect(result.data).toHaveLength(3);
    expect(result.totals).toMatchObject({ current_subtotal: '80.00', simulated_subtotal: '80.00', delta: '0.00' });
  });
});
