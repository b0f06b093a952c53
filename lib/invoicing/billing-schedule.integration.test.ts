// Billing on time, on a real database: periods roll over when billing is late (a plan change, usage and
// a cancellation in the gap land in the period that holds them), calendar periods (the 1st of the
// month, Vigint's Mondays) with a prorated first period, and flat fees in advance with trials, plan
// changes, cancellation, a future start and the estimate.
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import type { Database } from '@/lib/db/client';
import { billingPeriods, creditNotes, invoiceLines, invoices, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { changeSubscriptionPlan } from '@/lib/subscriptions/change-plan';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { updateSubscription } from '@/lib/subscriptions/update-subscription';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEvent } from '@/lib/usage/usage-event-schema';
import { getUsageSummary } from '@/lib/usage/usage-summary';
import { describeEachEngine } from '@/test/test-database';
import { runBilling } from './run-billing';

const ACTOR = { type: 'system', id: null } as const;
const config = billingConfig(parseEnv({}));
const at = (iso: string) => ({ now: new Date(iso), config, actor: ACTOR });
const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

describeEachEngine('billing schedule', (get) => {
  let n = 0;
  const customer = async (currency = 'usd') =>
    (await createCustomer(get().db, { name: `Schedule ${++n}`, email: `s${n}@example.com`, currency, tax_rate: '0' }, { ...at('2026-01-01T00:00:00Z'), defaultCurrency: 'usd' })).id;
  const send = (database: Database, customerId: string, id: string, quantity: number, timestamp: string) =>
    ingestUsageEvents(database, [(parseUsageEvent({ id, customer_id: customerId, metric: 'api_calls', quantity, timestamp }) as { event: never }).event], { now: new Date(new Date(timestamp).getTime() + 60_000) });
  const run = (customerId: string, iso: string) => runBilling(get(), { ...at(iso), trigger: 'manual', customerId });
  const invoicesOf = async (customerId: string) => {
    const rows = await get().db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(asc(invoices.numberSequence));
    return rows.map((i) => ({ timing: i.billingTiming, from: day(i.periodStart), to: day(i.periodEnd), total: i.total, issued: day(i.issuedAt) }));
  };
  const linesOf = async (invoiceId: string) =>
    (await get().db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position))).map((l) => [l.description, l.amount]);
  const periodsOf = async (subscriptionId: string) =>
    (await get().db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, subscriptionId)).orderBy(asc(billingPeriods.periodStart))).map((p) => ({
      from: day(p.periodStart),
      to: day(p.periodEnd),
      status: p.status,
      cycle: p.cycleStart ? `${day(p.cycleStart)}..${day(p.cycleEnd)}` : null,
      advance: p.advanceFees,
    }));

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    const hybrid = (code: string, fee: string, extra: Record<string, unknown> = {}) =>
      createPlan(db, {
        code,
        name: code,
        currency: 'usd',
        interval: 'month',
        ...extra,
        charges: [
          { metric: null, model: 'flat', amount: fee, description: `${code} fee` },
          { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls over 10,000' },
        ],
      });
    // the Billing Engine's hybrid plan, billed in arrears and in advance
    await hybrid('hybrid', '99');
    await hybrid('hybrid_advance', '99', { pay_in_advance: true });
    await hybrid('scale_advance', '120', { pay_in_advance: true });
    await hybrid('hybrid_trial', '99', { pay_in_advance: true, trial_days: 14 });
    await hybrid('calendar_monthly', '30', { billing_alignment: 'calendar' });
    await createPlan(db, { code: 'flat_advance', name: 'Licence', currency: 'usd', interval: 'year', pay_in_advance: true, charges: [{ metric: null, model: 'flat', amount: '1200', description: 'Yearly licence' }] });
    // Vigint bills weekly, every Monday
    await createPlan(db, { code: 'vigint_monday', name: 'Vigint weekly', currency: 'eur', interval: 'week', billing_alignment: 'calendar', charges: [{ metric: null, model: 'flat', amount: '7', description: 'Platform' }] });
  });

  it('refuses a calendar plan of several units, naming the field', async () => {
    await expect(createPlan(get().db, { code: 'bimonthly', name: 'x', currency: 'usd', interval: 'month', interval_count: 2, billing_alignment: 'calendar', charges: [] })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['billing_alignment'] })],
    });
  });

  it('rolls a period over when the run is late: usage, a plan change and billing in the gap all land in the right period', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid', start_date: '2026-10-01' }, at('2026-10-01T00:00:00Z'));
    // [Oct 1, Nov 1) ends; no run comes until Nov 22
    await send(database, customerId, 'oct', 12_000, '2026-10-31T23:00:00Z');
    await send(database, customerId, 'gap', 14_000, '2026-11-05T12:00:00Z');
    // a plan change in the gap used to be refused (409 period_not_open): the subscription rolls over first
    await changeSubscriptionPlan(database.db, sub.id, 'scale_advance', at('2026-11-11T00:00:00Z'));
    const [changed] = await database.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect([day(changed!.currentPeriodStart), day(changed!.currentPeriodEnd)]).toEqual(['2026-11-11', '2026-12-01']);

    const late = await run(customerId, '2026-11-22T10:00:00Z');
    expect(late).toMatchObject({ failed: 0, remaining: 0 });
    expect(await invoicesOf(customerId)).toEqual([
      // the new plan's fee for its part is due in advance the moment it starts: 20/30 × $120
      { timing: 'advance', from: '2026-11-11', to: '2026-12-01', total: '80.000000', issued: '2026-11-11' },
      // October: $99 + 2,000 calls over 10,000
      { timing: 'arrears', from: '2026-10-01', to: '2026-11-01', total: '119.000000', issued: '2026-11-22' },
      // Nov 1–11 on the old plan: 10/30 × $99 + the gap's 4,000 calls over
      { timing: 'arrears', from: '2026-11-01', to: '2026-11-11', total: '73.000000', issued: '2026-11-22' },
    ]);
  });

  it('bills the hybrid plan in advance: $99 when each period starts, the overage when it ends', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid_advance' }, at('2026-11-22T10:00:00Z'));
    // the first period's fee is invoiced as the subscription starts
    expect(await invoicesOf(customerId)).toEqual([{ timing: 'advance', from: '2026-11-22', to: '2026-12-22', total: '99.000000', issued: '2026-11-22' }]);
    await send(database, customerId, 'calls', 15_000, '2026-12-01T00:00:00Z');

    // the estimate is what the end invoice will carry: the overage only, the fee having been billed
    const summary = await getUsageSummary(database.db, { customerId, now: new Date('2026-12-02T00:00:00Z'), includeEstimate: true, defaultTaxRate: '0' });
    expect(summary.estimate).toMatchObject({ flat_fees: 'advance', subtotal: '50.00', lines: [expect.objectContaining({ description: 'API calls over 10,000', amount: '50.00' })] });

    expect(await run(customerId, '2026-12-22T10:00:00Z')).toMatchObject({ invoiced: 2, failed: 0, remaining: 0 });
    expect(await run(customerId, '2026-12-22T11:00:00Z')).toMatchObject({ processed: 0 });
    expect((await invoicesOf(customerId)).slice(1)).toEqual([
      { timing: 'arrears', from: '2026-11-22', to: '2026-12-22', total: '50.000000', issued: '2026-12-22' },
      { timing: 'advance', from: '2026-12-22', to: '2027-01-22', total: '99.000000', issued: '2026-12-22' },
    ]);
    expect(await periodsOf(sub.id)).toEqual([
      { from: '2026-11-22', to: '2026-12-22', status: 'invoiced', cycle: null, advance: 'invoiced' },
      { from: '2026-12-22', to: '2027-01-22', status: 'open', cycle: null, advance: 'invoiced' },
    ]);
  });

  it('charges nothing in advance during a trial, then the first paid period’s fee when it starts', async () => {
    const customerId = await customer();
    const sub = await createSubscription(get().db, { customer_id: customerId, plan_code: 'hybrid_trial' }, at('2026-11-01T00:00:00Z'));
    expect(await invoicesOf(customerId)).toEqual([]);
    expect(await run(customerId, '2026-11-15T06:00:00Z')).toMatchObject({ skipped: 1, invoiced: 1 });
    expect(await invoicesOf(customerId)).toEqual([{ timing: 'advance', from: '2026-11-15', to: '2026-12-15', total: '99.000000', issued: '2026-11-15' }]);
    expect((await get().db.select().from(subscriptions).where(eq(subscriptions.id, sub.id)))[0]).toMatchObject({ status: 'active' });
  });

  it('on a plan change credits the unused part of the fee paid in advance and charges the new plan’s part at once', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid_advance', start_date: '2027-03-01' }, at('2027-03-01T00:00:00Z'));
    await send(database, customerId, 'before', 11_000, '2027-03-05T00:00:00Z');
    // day 10 of 31 (March): 21/31 of the $99 paid in advance is unused
    await changeSubscriptionPlan(database.db, sub.id, 'scale_advance', at('2027-03-11T00:00:00Z'));
    const [advance] = await database.db.select().from(invoices).where(and(eq(invoices.customerId, customerId), eq(invoices.billingTiming, 'advance'))).orderBy(asc(invoices.numberSequence));
    const [credit] = await database.db.select().from(creditNotes).where(eq(creditNotes.invoiceId, advance!.id));
    // 99 × 21/31 = 67.064… → 67.06, off the open advance invoice's amount due
    expect(credit).toMatchObject({ subtotal: '67.060000', method: 'credit' });
    expect((await database.db.select().from(invoices).where(eq(invoices.id, advance!.id)))[0]).toMatchObject({ amountDue: '31.940000' });

    await send(database, customerId, 'after', 12_000, '2027-03-20T00:00:00Z');
    await run(customerId, '2027-04-01T06:00:00Z');
    const billed = await invoicesOf(customerId);
    expect(billed).toEqual([
      { timing: 'advance', from: '2027-03-01', to: '2027-04-01', total: '99.000000', issued: '2027-03-01' },
      // 21/31 × $120 = 81.29
      { timing: 'advance', from: '2027-03-11', to: '2027-04-01', total: '81.290000', issued: '2027-03-11' },
      // each part's end invoice carries its usage only: 1,000 and 2,000 calls over the allowance
      { timing: 'arrears', from: '2027-03-01', to: '2027-03-11', total: '10.000000', issued: '2027-04-01' },
      // (the first part's batch rolled the subscription over into April, whose fee is due at once)
      { timing: 'advance', from: '2027-04-01', to: '2027-05-01', total: '120.000000', issued: '2027-04-01' },
      { timing: 'arrears', from: '2027-03-11', to: '2027-04-01', total: '20.000000', issued: '2027-04-01' },
    ]);
  });

  it('ends an advance subscription cancelled mid-period after its usage is billed, with no fee for a period it will not have', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid_advance', start_date: '2027-01-10' }, at('2027-01-10T00:00:00Z'));
    await send(database, customerId, 'jan', 10_500, '2027-01-20T00:00:00Z');
    await updateSubscription(database.db, sub.id, { cancel_at_period_end: true }, at('2027-01-25T00:00:00Z'));
    await run(customerId, '2027-02-10T06:00:00Z');
    expect(await invoicesOf(customerId)).toEqual([
      { timing: 'advance', from: '2027-01-10', to: '2027-02-10', total: '99.000000', issued: '2027-01-10' },
      { timing: 'arrears', from: '2027-01-10', to: '2027-02-10', total: '5.000000', issued: '2027-02-10' },
    ]);
    expect((await database.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id)))[0]).toMatchObject({ status: 'canceled', endedAt: new Date('2027-02-10T00:00:00Z') });
  });

  it('issues a yearly licence in advance and nothing at the end of a period without usage charges', async () => {
    const customerId = await customer();
    await createSubscription(get().db, { customer_id: customerId, plan_code: 'flat_advance', start_date: '2026-02-01' }, at('2026-02-01T00:00:00Z'));
    const run2027 = await run(customerId, '2027-02-01T06:00:00Z');
    expect(run2027).toMatchObject({ invoiced: 1, skipped: 1 });
    expect(await invoicesOf(customerId)).toEqual([
      { timing: 'advance', from: '2026-02-01', to: '2027-02-01', total: '1200.000000', issued: '2026-02-01' },
      { timing: 'advance', from: '2027-02-01', to: '2028-02-01', total: '1200.000000', issued: '2027-02-01' },
    ]);
  });

  it('invoices the fee of a subscription starting in the future by the first run after it starts', async () => {
    const customerId = await customer();
    await createSubscription(get().db, { customer_id: customerId, plan_code: 'hybrid_advance', start_date: '2027-06-01' }, at('2027-05-20T00:00:00Z'));
    expect(await invoicesOf(customerId)).toEqual([]);
    expect(await run(customerId, '2027-05-31T23:00:00Z')).toMatchObject({ processed: 0, remaining: 0 });
    expect(await run(customerId, '2027-06-01T06:00:00Z')).toMatchObject({ invoiced: 1, remaining: 0 });
    expect(await invoicesOf(customerId)).toEqual([{ timing: 'advance', from: '2027-06-01', to: '2027-07-01', total: '99.000000', issued: '2027-06-01' }]);
  });

  it('bills a calendar plan started on Nov 11 to Dec 1 at 20/30 of its fee, then whole months', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'calendar_monthly', start_date: '2026-11-11' }, at('2026-11-11T00:00:00Z'));
    await run(customerId, '2027-01-01T06:00:00Z');
    expect(await periodsOf(sub.id)).toEqual([
      { from: '2026-11-11', to: '2026-12-01', status: 'invoiced', cycle: '2026-11-01..2026-12-01', advance: null },
      { from: '2026-12-01', to: '2027-01-01', status: 'invoiced', cycle: null, advance: null },
      { from: '2027-01-01', to: '2027-02-01', status: 'open', cycle: null, advance: null },
    ]);
    const [first] = await database.db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(asc(invoices.numberSequence));
    expect(await linesOf(first!.id)).toEqual([
      ['calendar_monthly fee (prorated: 20 of 30 days)', '20.000000'],
      ['API calls over 10,000', '0.000000'],
    ]);
    expect((await invoicesOf(customerId)).map((i) => i.total)).toEqual(['20.000000', '30.000000']);
  });

  it('bills Vigint weekly every Monday: a Wednesday start runs to Monday at 5/7 of the week', async () => {
    const database = get();
    const customerId = await customer('eur');
    // 2026-12-02 is a Wednesday; the leap day of 2028 falls inside a later week of this plan too
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'vigint_monday', start_date: '2026-12-02' }, at('2026-12-02T00:00:00Z'));
    await run(customerId, '2026-12-21T06:00:00Z');
    const periods = await periodsOf(sub.id);
    expect(periods.map((p) => `${p.from}..${p.to}`)).toEqual(['2026-12-02..2026-12-07', '2026-12-07..2026-12-14', '2026-12-14..2026-12-21', '2026-12-21..2026-12-28']);
    expect(periods.slice(1).every((p) => new Date(`${p.from}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    // €7 × 5/7 = €5.00, then whole weeks
    expect((await invoicesOf(customerId)).map((i) => i.total)).toEqual(['5.000000', '7.000000', '7.000000']);
  });
});
