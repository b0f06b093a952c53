// The admin catalog page's reads and its plan form on a real database: a submitted form becomes the
// body the API takes and goes through the API's own createPlan / updatePlan, so the form is refused
// exactly where the API would be, each problem landing on the field it names; the catalog counts
// live subscriptions per plan across its versions, and a plan's page lists them with their customers.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { selectRows } from '@/lib/db/client';
import { subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { createMetric } from './create-metric';
import { createPlan } from './create-plan';
import { getCatalogOverview } from './get-catalog-overview';
import { getPlanDetail } from './get-plan-detail';
import { planCreateBody, planFieldErrors, planFormValuesOf, planPatchBody, readPlanForm } from './plan-form';
import { updatePlan } from './update-plan';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));

/** A form as the browser posts it: field names are the body's paths. */
function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

const planFields = {
  mode: 'create',
  code: 'tiered',
  name: 'Tiered',
  description: '',
  currency: 'USD',
  interval: 'month',
  interval_count: '1',
  trial_days: '',
  billing_alignment: 'calendar',
  pay_in_advance: 'true',
  'charges.0.model': 'flat',
  'charges.0.metric': '',
  'charges.0.description': 'Platform',
  'charges.0.amount': '29.50',
  'charges.1.model': 'graduated',
  'charges.1.metric': 'calls',
  'charges.1.description': 'Calls',
  'charges.1.included_units': '100',
  'charges.1.filters': '',
  'charges.1.tiers.0.up_to': '1000',
  'charges.1.tiers.0.unit_price': '0.01',
  'charges.1.tiers.0.flat_amount': '',
  'charges.1.tiers.1.up_to': '',
  'charges.1.tiers.1.unit_price': '0.005',
  'charges.1.tiers.1.flat_amount': '5',
};

/** What the API would answer for the refusal (the route's own error mapper), by form field as the page shows it. */
async function formErrors(work: Promise<unknown>) {
  const { fields, messages } = await apiError(work);
  return planFieldErrors(fields.map((field, i) => ({ field, message: messages[i]! })));
}

describeEachEngine('the admin catalog', (get) => {
  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'calls', name: 'Calls', unit: 'call', aggregation: 'sum' });
    await createMetric(db, { code: 'seats', name: 'Seats', unit: 'seat', aggregation: 'latest', dimensions: ['tier'] });
  });

  it('a form with a flat fee and graduated tiers becomes the plan the API would have made', async () => {
    const { db } = get();
    const row = await createPlan(db, planCreateBody(readPlanForm(form(planFields).entries())), ADMIN);
    expect(row).toMatchObject({ code: 'tiered', version: 1, currency: 'usd', billingAlignment: 'calendar', payInAdvance: true, trialDays: 0, intervalCount: 1 });
    const detail = await getPlanDetail(db, 'tiered');
    expect(detail!.current.charges).toEqual([
      { metric: null, model: 'flat', amount: '29.5', description: 'Platform' },
      { metric: 'calls', model: 'graduated', included_units: '100', description: 'Calls', tiers: [{ up_to: '1000', unit_price: '0.01' }, { up_to: null, unit_price: '0.005', flat_amount: '5' }] },
    ]);
    // what the plan page's edit form starts from reads back into the same plan
    expect(planPatchBody(planFormValuesOf(detail!.current))).toMatchObject({ name: 'Tiered', description: null, billing_alignment: 'calendar', pay_in_advance: true, charges: [detail!.current.charges[0], { ...detail!.current.charges[1] }] });
  });

  it('refuses what the API refuses, each problem beside its field, and writes nothing', async () => {
    const { db } = get();
    const bad = (overrides: Record<string, string>) => planCreateBody(readPlanForm(form({ ...planFields, code: 'refused', ...overrides }).entries()));

    // a negative price is the schema's, on the tier's own field
    const negative = await formErrors(createPlan(db, bad({ 'charges.1.tiers.1.unit_price': '-1' }), ADMIN));
    expect(Object.keys(negative)).toEqual(['charges.1.tiers.1.unit_price']);
    expect(negative['charges.1.tiers.1.unit_price']![0]).toMatch(/non-negative decimal/);

    // tiers out of order and an open tier before the last are the charge checks', under the charge
    const unsorted = await formErrors(createPlan(db, bad({ 'charges.1.tiers.0.up_to': '', 'charges.1.tiers.1.up_to': '500' }), ADMIN));
    expect(Object.keys(unsorted)).toEqual(['charges.1']);
    expect(unsorted['charges.1']).toEqual(expect.arrayContaining([expect.stringMatching(/only the last tier can be open-ended/), expect.stringMatching(/last tier must be open-ended/)]));
    const descending = await formErrors(createPlan(db, bad({ 'charges.1.tiers.0.up_to': '1000', 'charges.1.tiers.1.up_to': '500', 'charges.1.tiers.2.up_to': '', 'charges.1.tiers.2.unit_price': '0' }), ADMIN));
    expect(descending['charges.1']).toEqual([expect.stringMatching(/tier 2 up_to 500 must be greater than the previous tier's 1000/)]);

    // a field the model needs left empty is named; one it does not read is not sent at all
    const empty = await formErrors(createPlan(db, bad({ 'charges.0.amount': '', 'charges.1.model': 'package', 'charges.1.package_size': '' }), ADMIN));
    expect(Object.keys(empty).sort()).toEqual(['charges.0.amount', 'charges.1.amount', 'charges.1.package_size']);

    // the catalog's checks: an unknown metric, a filter on a dimension the metric lacks, a plan code in use
    const catalog = await formErrors(createPlan(db, bad({ 'charges.1.metric': 'nope', 'charges.2.model': 'per_unit', 'charges.2.metric': 'seats', 'charges.2.unit_price': '1', 'charges.2.filters': 'size=xl' }), ADMIN));
    expect(Object.keys(catalog)).toEqual(['charges.1.metric', 'charges.2.filters']);
    expect(await formErrors(createPlan(db, bad({ code: 'tiered' }), ADMIN))).toEqual({ code: ['is taken'] });
    expect(Object.keys(await formErrors(createPlan(db, bad({ billing_alignment: 'calendar', interval_count: '2' }), ADMIN)))).toEqual(['billing_alignment']);
    expect(Object.keys(await formErrors(createPlan(db, bad({ interval_count: 'two', currency: 'XYZ' }), ADMIN))).sort()).toEqual(['currency', 'interval_count']);

    const [none] = await selectRows<{ n: string }>(db, sql`select count(*) as n from plans where code = 'refused'`);
    expect(Number(none!.n)).toBe(0);
  });

  it('an edit goes through updatePlan: version 2 from the form, a bad one refused by field with version 1 still current', async () => {
    const { db } = get();
    const values = planFormValuesOf((await getPlanDetail(db, 'tiered'))!.current);
    const refused = await formErrors(updatePlan(db, 'tiered', planPatchBody({ ...values, charges: [{ ...values.charges[0]!, amount: '-5' }] }), ADMIN));
    expect(Object.keys(refused)).toEqual(['charges.0.amount']);
    expect((await getPlanDetail(db, 'tiered'))!.versions.map((v) => v.version)).toEqual([1]);

    const next = await updatePlan(db, 'tiered', planPatchBody({ ...values, name: 'Tiered 2027', pay_in_advance: false }), ADMIN);
    expect(next).toMatchObject({ version: 2, name: 'Tiered 2027', payInAdvance: false, billingAlignment: 'calendar' });
    const detail = await getPlanDetail(db, 'tiered');
    expect(detail!.versions.map((v) => [v.version, v.is_current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(detail!.current.charges).toEqual((detail!.versions[1]!).charges);
    expect(detail!.units).toEqual(new Map([['calls', 'call']]));
  });

  it('counts live subscriptions per plan across its versions, and lists them with their customers', async () => {
    const { db } = get();
    await createPlan(db, { code: 'quiet', name: 'Quiet', currency: 'usd', interval: 'month', charges: [] }, ADMIN);
    const names = ['Ada', 'Grace', 'Edsger'];
    const subs = [];
    for (const name of names) {
      const customer = await createCustomer(db, { name, email: `${name.toLowerCase()}@example.com`, currency: 'usd', tax_rate: '0' }, { actor: ADMIN, now: NOW, defaultCurrency: 'usd' });
      subs.push(await createSubscription(db, { customer_id: customer.id, plan_code: 'tiered', start_date: '2026-11-01' }, { actor: ADMIN, now: NOW, config }));
    }
    // one of them ended: it is no longer counted or listed
    await db.update(subscriptions).set({ status: 'canceled', endedAt: NOW }).where(eq(subscriptions.id, subs[2]!.id));

    const overview = await getCatalogOverview(db);
    expect(overview.metrics.map((m) => m.code)).toEqual(['calls', 'seats']);
    expect(overview.plans.map((p) => [p.current.code, p.current.version, p.versions.map((v) => v.version), p.liveSubscriptions])).toEqual([
      ['quiet', 1, [1], 0],
      ['tiered', 2, [2, 1], 2],
    ]);

    const detail = await getPlanDetail(db, 'tiered', { limit: 1 });
    expect(detail!.liveSubscriptions).toBe(2);
    expect(detail!.subscriptions.map((s) => [s.customerName, s.version, s.status])).toHaveLength(1);
    expect((await getPlanDetail(db, 'tiered'))!.subscriptions.map((s) => s.customerName).sort()).toEqual(['Ada', 'Grace']);
    expect(await getPlanDetail(db, 'missing')).toBeNull();
  });
});
