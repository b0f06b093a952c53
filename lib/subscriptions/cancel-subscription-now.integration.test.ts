// Cancelling a subscription at once, on a real database: the running period is cut at the moment,
// billed for its part (the flat fee prorated to the day, the usage up to the cut), fees paid in
// advance credited for the rest, a trial ended with nothing billed, and every refusal changing nothing.
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import type { Database } from '@/lib/db/client';
import { auditLog, billingPeriods, creditNotes, invoices, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { runBilling } from '@/lib/invoicing/run-billing';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEvent } from '@/lib/usage/usage-event-schema';
import { describeEachEngine } from '@/test/test-database';
import { cancelSubscriptionNow } from './cancel-subscription-now';
import { createSubscription } from './create-subscription';

const ACTOR = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
const at = (iso: string) => ({ now: new Date(iso), config, actor: ACTOR });
const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

describeEachEngine('cancel a subscription now', (get) => {
  let n = 0;
  const customer = async () =>
    (await createCustomer(get().db, { name: `Cancel ${++n}`, email: `cancel${n}@example.com`, currency: 'usd', tax_rate: '0' }, { ...at('2026-01-01T00:00:00Z'), defaultCurrency: 'usd' })).id;
  const send = (database: Database, customerId: string, id: string, quantity: number, timestamp: string) =>
    ingestUsageEvents(database, [(parseUsageEvent({ id, customer_id: customerId, metric: 'api_calls', quantity, timestamp }) as { event: never }).event], { now: new Date(new Date(timestamp).getTime() + 60_000) });
  const invoicesOf = async (customerId: string) =>
    (await get().db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(asc(invoices.numberSequence))).map((i) => ({ timing: i.billingTiming, from: day(i.periodStart), to: day(i.periodEnd), total: i.total }));
  const subscriptionOf = async (id: string) => (await get().db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!;
  const periodsOf = async (id: string) =>
    (await get().db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, id)).orderBy(asc(billingPeriods.periodStart))).map((p) => ({ from: day(p.periodStart), to: day(p.periodEnd), status: p.status }));

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    const hybrid = (code: string, extra: Record<string, unknown> = {}) =>
      createPlan(db, {
        code,
        name: code,
        currency: 'usd',
        interval: 'month',
        ...extra,
        charges: [
          { metric: null, model: 'flat', amount: '99', description: `${code} fee` },
          { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls over 10,000' },
        ],
      });
    await hybrid('hybrid');
    await hybrid('hybrid_advance', { pay_in_advance: true });
    await hybrid('hybrid_trial', { trial_days: 14 });
  });

  it('cuts the period at the moment and bills its part at once: half of November’s fee and the usage up to the cut', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid', start_date: '2026-11-01' }, at('2026-11-01T00:00:00Z'));
    await send(database, customerId, 'before', 12_500, '2026-11-10T00:00:00Z');

    // day 15 of 30: $49.50 of the fee, and 2,500 calls over the allowance
    const result = await cancelSubscriptionNow(database, sub.id, { invoice_now: true, reason: 'closing the account' }, at('2026-11-16T00:00:00Z'));
    expect(result.invoiceIds).toHaveLength(1);
    expect(result.creditNoteId).toBeNull();
    expect(await invoicesOf(customerId)).toEqual([{ timing: 'arrears', from: '2026-11-01', to: '2026-11-16', total: '74.500000' }]);
    expect(await subscriptionOf(sub.id)).toMatchObject({ status: 'canceled', endedAt: new Date('2026-11-16T00:00:00Z'), canceledAt: new Date('2026-11-16T00:00:00Z'), currentPeriodEnd: new Date('2026-11-16T00:00:00Z') });
    expect(await periodsOf(sub.id)).toEqual([{ from: '2026-11-01', to: '2026-11-16', status: 'invoiced' }]);
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.entityId, sub.id), eq(auditLog.action, 'subscription.ended')));
    expect(entry?.details).toMatchObject({ reason: 'closing the account', before: { status: 'active', current_period_end: '2026-12-01T00:00:00.000Z' }, after: { status: 'canceled' }, prorated: true });

    // nothing opens after it and nothing is billed twice; a second cancel is refused
    expect(await runBilling(database, { ...at('2026-12-05T00:00:00Z'), trigger: 'manual', customerId })).toMatchObject({ processed: 0 });
    expect(await periodsOf(sub.id)).toHaveLength(1);
    await expect(cancelSubscriptionNow(database, sub.id, {}, at('2026-11-17T00:00:00Z'))).rejects.toMatchObject({ status: 409, code: 'subscription_ended' });
  });

  it('without invoice_now leaves the cut period to the next billing run, which bills it once', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid', start_date: '2026-11-01' }, at('2026-11-01T00:00:00Z'));
    const result = await cancelSubscriptionNow(database, sub.id, {}, at('2026-11-07T00:00:00Z'));
    expect(result.invoiceIds).toEqual([]);
    expect(await invoicesOf(customerId)).toEqual([]);
    expect(await runBilling(database, { ...at('2026-11-07T06:00:00Z'), trigger: 'manual', customerId })).toMatchObject({ invoiced: 1, failed: 0 });
    // 6/30 × $99
    expect(await invoicesOf(customerId)).toEqual([{ timing: 'arrears', from: '2026-11-01', to: '2026-11-07', total: '19.800000' }]);
  });

  it('credits the fee paid in advance for the days after the cut; the end invoice carries the usage only', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid_advance', start_date: '2026-11-01' }, at('2026-11-01T00:00:00Z'));
    await send(database, customerId, 'calls', 11_000, '2026-11-05T00:00:00Z');
    // 20 of 30 days unused: $66.00 back on the advance invoice
    const result = await cancelSubscriptionNow(database, sub.id, { invoice_now: true }, at('2026-11-11T00:00:00Z'));
    const [credit] = await database.db.select().from(creditNotes).where(eq(creditNotes.id, result.creditNoteId!));
    expect(credit).toMatchObject({ subtotal: '66.000000' });
    expect(await invoicesOf(customerId)).toEqual([
      { timing: 'advance', from: '2026-11-01', to: '2026-12-01', total: '99.000000' },
      { timing: 'arrears', from: '2026-11-01', to: '2026-11-11', total: '10.000000' },
    ]);
    // no fee for a December it will not have
    expect(await runBilling(database, { ...at('2026-12-01T06:00:00Z'), trigger: 'manual', customerId })).toMatchObject({ processed: 0 });
  });

  it('ends a trial with nothing billed', async () => {
    const database = get();
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid_trial', start_date: '2026-11-01' }, at('2026-11-01T00:00:00Z'));
    const result = await cancelSubscriptionNow(database, sub.id, { invoice_now: true }, at('2026-11-05T00:00:00Z'));
    expect(result).toMatchObject({ invoiceIds: [], creditNoteId: null });
    expect(await invoicesOf(customerId)).toEqual([]);
    expect(await subscriptionOf(sub.id)).toMatchObject({ status: 'canceled', endedAt: new Date('2026-11-05T00:00:00Z') });
  });

  it('refuses an unknown subscription, an unknown field, a Stripe-billed one and the very millisecond a period began, changing nothing', async () => {
    const database = get();
    await expect(cancelSubscriptionNow(database, '00000000-0000-4000-8000-000000000000', {}, at('2026-11-05T00:00:00Z'))).rejects.toMatchObject({ status: 404 });
    const customerId = await customer();
    const sub = await createSubscription(database.db, { customer_id: customerId, plan_code: 'hybrid', start_date: '2026-11-01' }, at('2026-11-01T00:00:00Z'));
    await expect(cancelSubscriptionNow(database, sub.id, { invoice_now: true, prorate: false } as never, at('2026-11-05T00:00:00Z'))).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'unrecognized_keys', keys: ['prorate'] })],
    });
    await expect(cancelSubscriptionNow(database, sub.id, {}, at('2026-11-01T00:00:00Z'))).rejects.toMatchObject({ status: 409, code: 'period_just_started' });
    await database.db.update(subscriptions).set({ stripeSubscriptionId: 'sub_stripe_billed' }).where(eq(subscriptions.id, sub.id));
    await expect(cancelSubscriptionNow(database, sub.id, {}, at('2026-11-05T00:00:00Z'))).rejects.toMatchObject({ status: 409, code: 'managed_by_stripe' });
    expect(await subscriptionOf(sub.id)).toMatchObject({ status: 'active', endedAt: null, currentPeriodEnd: new Date('2026-12-01T00:00:00Z') });
    expect(await periodsOf(sub.id)).toEqual([{ from: '2026-11-01', to: '2026-12-01', status: 'open' }]);
  });
});
