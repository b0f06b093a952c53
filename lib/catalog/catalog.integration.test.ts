// Plans on a real database: creation and its validation, the API's view of a plan, and versioning by
// PATCH — a new version becomes current in one transaction while periods already opened (and the
// invoices issued for them) stay on the version they were opened on, even under concurrent PATCHes.
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { selectRows } from '@/lib/db/client';
import { auditLog, billingPeriods, invoiceLines, invoices, plans, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { runBilling } from '@/lib/invoicing/run-billing';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { createMetric } from './create-metric';
import { createPlan } from './create-plan';
import { getPlanViews, listPlans } from './plan-view';
import { updatePlan } from './update-plan';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));

const growth = {
  code: 'growth',
  name: 'Growth',
  currency: 'USD',
  interval: 'month' as const,
  charges: [
    { metric: null, model: 'flat' as const, amount: '99.00', description: 'Growth plan' },
    { metric: 'api_calls', model: 'per_unit' as const, unit_price: '0.0100', included_units: '10000', description: 'API calls over 10,000' },
  ],
};

describeEachEngine('plans and versions', (get, engine) => {
  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    await createMetric(db, { code: 'seats', name: 'Seats', unit: 'seat', aggregation: 'latest', dimensions: ['tier'] });
    await createPlan(db, growth, ADMIN);
  });

  it('shows a plan in the shape it is written, prices without storage padding', async () => {
    const [plan] = await getPlanViews(get().db, 'growth');
    expect(plan).toMatchObject({
      code: 'growth',
      name: 'Growth',
      currency: 'usd',
      interval: 'month',
      interval_count: 1,
      trial_days: 0,
      version: 1,
      is_current: true,
      charges: [
        { metric: null, model: 'flat', amount: '99', description: 'Growth plan' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls over 10,000' },
      ],
    });
    // optional fields that do not apply are left out, not null
    expect(Object.keys(plan!.charges[0]!).sort()).toEqual(['amount', 'description', 'metric', 'model']);
    const [audit] = await get().db.select().from(auditLog).where(and(eq(auditLog.action, 'plan.created'), eq(auditLog.entityId, plan!.id)));
    expect(audit).toMatchObject({ actorType: 'user', actorId: 'admin-test', details: { code: 'growth', version: 1 } });
  });

  it('refuses a code already in use (409) and invalid plans (422 naming the charge field), writing nothing', async () => {
    const { db } = get();
    expect(await apiError(createPlan(db, { ...growth, name: 'Again' }))).toMatchObject({ status: 409, code: 'plan_exists', fields: ['code'] });

    const missingPrice = await apiError(createPlan(db, { ...growth, code: 'broken', charges: [{ metric: 'api_calls', model: 'per_unit' }] }));
    expect(missingPrice).toMatchObject({ status: 422, fields: ['charges.0'] });
    expect(missingPrice.messages[0]).toMatch(/unit_price is required/);

    const badDecimal = await apiError(createPlan(db, { ...growth, code: 'broken', charges: [{ metric: null, model: 'flat', amount: '12,50' }] }));
    expect(badDecimal).toMatchObject({ status: 422, fields: ['charges.0.amount'] });

    const unknownMetric = await apiError(
      createPlan(db, { ...growth, code: 'broken', charges: [growth.charges[0]!, { metric: 'nope', model: 'per_unit', unit_price: '1' }, { metric: 'seats', model: 'per_unit', unit_price: '1', filters: { size: 'xl' } }] }),
    );
    expect(unknownMetric).toMatchObject({ status: 422, fields: ['charges.1.metric', 'charges.2.filters.size'] });

    expect(await apiError(createPlan(db, { ...growth, code: 'broken', currency: 'xyz' }))).toMatchObject({ status: 422, fields: ['currency'] });
    const [none] = await selectRows<{ n: string }>(db, sql`select count(*) as n from plans where code = 'broken'`);
    expect(Number(none!.n)).toBe(0);
  });

  it('PATCH makes version 2 current; the open period and its invoice stay on version 1, the next period moves to 2', async () => {
    const database = get();
    const { db } = database;
    const customer = await createCustomer(db, { name: 'Versioned', email: 'v@example.com', currency: 'usd', tax_rate: '0' }, { actor: ADMIN, now: NOW, defaultCurrency: 'usd' });
    const subscription = await createSubscription(db, { customer_id: customer.id, plan_code: 'growth', start_date: '2026-10-25' }, { actor: ADMIN, now: NOW, config });
    const [v1] = await db.select().from(plans).where(and(eq(plans.code, 'growth'), eq(plans.version, 1)));

    const v2 = await updatePlan(db, 'growth', { name: 'Growth 2027', charges: [{ metric: null, model: 'flat', amount: '120', description: 'Growth plan' }] }, ADMIN);
    expect(v2).toMatchObject({ code: 'growth', version: 2, isCurrent: true, name: 'Growth 2027', currency: 'usd', interval: 'month' });
    const rows = await db.select().from(plans).where(eq(plans.code, 'growth')).orderBy(plans.version);
    expect(rows.map((p) => [p.version, p.isCurrent])).toEqual([
      [1, false],
      [2, true],
    ]);
    // version 1 is untouched: its charges are still there for what was opened on it
    const [old] = await getPlanViews(db, 'growth', { includeVersions: true }).then((views) => views.filter((v) => v.version === 1));
    expect(old!.charges).toHaveLength(2);
    expect((await listPlans(db)).filter((p) => p.code === 'growth').map((p) => p.version)).toEqual([2]);
    expect((await listPlans(db, { includeVersions: true })).filter((p) => p.code === 'growth').map((p) => p.version)).toEqual([2, 1]);

    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'plan.versioned'), eq(auditLog.entityId, v2.id)));
    expect(audit).toMatchObject({ actorType: 'user', actorId: 'admin-test', details: { code: 'growth', version: 2, previous_version: 1, changed: ['name', 'charges'] } });

    // the period opened before the change bills version 1's $99; the period after it is on version 2
    const [openPeriod] = await db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, subscription.id));
    expect(openPeriod!.planId).toBe(v1!.id);
    const run = await runBilling(database, { now: new Date('2026-11-26T00:00:00Z'), config, actor: ADMIN, trigger: 'manual', customerId: customer.id });
    expect(run).toMatchObject({ invoiced: 1, failed: 0 });
    const [first] = await db.select().from(invoices).where(eq(invoices.id, run.invoice_ids[0]!));
    expect(first).toMatchObject({ subtotal: '99.000000', periodStart: new Date('2026-10-25T00:00:00Z') });
    const periods = await db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, subscription.id)).orderBy(billingPeriods.periodStart);
    expect(periods.map((p) => [p.planId, p.status])).toEqual([
      [v1!.id, 'invoiced'],
      [v2.id, 'open'],
    ]);
    const [moved] = await db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(moved!.planId).toBe(v2.id);

    // a third version changes nothing about the invoice issued on version 1
    await updatePlan(db, 'growth', { trial_days: 7 }, ADMIN);
    const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, first!.id));
    expect(lines.map((l) => [l.description, l.amount])).toEqual([
      ['Growth plan', '99.000000'],
      ['API calls over 10,000', '0.000000'],
    ]);
    const next = await runBilling(database, { now: new Date('2026-12-26T00:00:00Z'), config, actor: ADMIN, trigger: 'manual', customerId: customer.id });
    const [second] = await db.select().from(invoices).where(eq(invoices.id, next.invoice_ids[0]!));
    expect(second).toMatchObject({ subtotal: '120.000000', periodStart: new Date('2026-11-25T00:00:00Z') });
  });

  it('a partial PATCH copies everything else; a bad PATCH is a 422 naming the field and changes nothing', async () => {
    const { db } = get();
    await createPlan(db, {
      code: 'seats_plan',
      name: 'Seats',
      currency: 'eur',
      interval: 'year',
      trial_days: 14,
      charges: [
        { metric: 'seats', model: 'graduated', tiers: [{ up_to: '10', unit_price: '5.50' }, { up_to: null, unit_price: '4', flat_amount: '10.000' }], filters: { tier: 'pro' } },
        { metric: 'api_calls', model: 'package', amount: '2', package_size: '1000', included_units: '500' },
      ],
    });
    const [before] = await getPlanViews(db, 'seats_plan');
    const v2 = await updatePlan(db, 'seats_plan', { trial_days: 30 }, ADMIN);
    const [after] = await getPlanViews(db, 'seats_plan');
    expect(after).toMatchObject({ version: 2, trial_days: 30, interval: 'year', currency: 'eur', name: 'Seats' });
    expect(after!.charges).toEqual(before!.charges);
    expect(after!.charges[0]).toMatchObject({ tiers: [{ up_to: '10', unit_price: '5.5' }, { up_to: null, unit_price: '4', flat_amount: '10' }], filters: { tier: 'pro' }, description: 'Seats' });

    const badCharge = await apiError(updatePlan(db, 'seats_plan', { charges: [{ metric: 'seats', model: 'volume', tiers: [{ up_to: '10', unit_price: '1' }] }] }, ADMIN));
    expect(badCharge.status).toBe(422);
    expect(badCharge.fields).toEqual(['charges.0']);
    expect(badCharge.messages[0]).toMatch(/last tier must be open-ended/);
    expect(await apiError(updatePlan(db, 'seats_plan', { charges: [{ metric: 'seats', model: 'per_unit', unit_price: '-1' }] }, ADMIN))).toMatchObject({ status: 422, fields: ['charges.0.unit_price'] });
    expect(await apiError(updatePlan(db, 'seats_plan', { interval_count: 0 }, ADMIN))).toMatchObject({ status: 422, fields: ['interval_count'] });
    expect(await apiError(updatePlan(db, 'seats_plan', { currency: 'usd' }, ADMIN))).toMatchObject({ status: 422, fields: ['currency'] });
    expect(await apiError(updatePlan(db, 'seats_plan', { code: 'renamed' }, ADMIN))).toMatchObject({ status: 422 });
    expect(await apiError(updatePlan(db, 'seats_plan', {}, ADMIN))).toMatchObject({ status: 422 });
    expect(await apiError(updatePlan(db, 'no_such_plan', { name: 'x' }, ADMIN))).toMatchObject({ status: 404 });
    const versions = await db.select({ version: plans.version, isCurrent: plans.isCurrent }).from(plans).where(eq(plans.code, 'seats_plan')).orderBy(plans.version);
    expect(versions).toEqual([
      { version: 1, isCurrent: false },
      { version: 2, isCurrent: true },
    ]);
    expect(v2.id).toBe(after!.id);
  });

  if (engine === 'postgres') {
    it('concurrent PATCHes queue on the current version: each makes its own version, exactly one is current', async () => {
      const { db } = get();
      await createPlan(db, { code: 'contended', name: 'Contended', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '10' }] });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => updatePlan(db, 'contended', { charges: [{ metric: null, model: 'flat', amount: String(11 + i) }] }, ADMIN)),
      );
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
      const rows = await db.select().from(plans).where(eq(plans.code, 'contended'));
      expect(rows).toHaveLength(7);
      const current = rows.filter((p) => p.isCurrent);
      expect(current).toHaveLength(1);
      expect(current[0]!.version).toBe(7);
    });
  }
});
