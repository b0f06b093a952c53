// Invoicing on a real database: gapless numbering under concurrency, a period billed once however often
// and however concurrently it is asked for, trials, cancellation, zero usage, and the usage lock.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { selectRows, type Database } from '@/lib/db/client';
import { billingPeriods, customers, invoiceLines, invoices, payments, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEvent } from '@/lib/usage/usage-event-schema';
import { describeEachEngine } from '@/test/test-database';
import { billNextDuePeriod } from './bill-period';
import { createDraftInvoice } from './create-invoice';
import { finalizeDrafts, finalizeInvoice } from './finalize-invoice';
import { changeInvoiceStatus } from './invoice-lifecycle';
import { createOneTimeInvoice } from './one-time-invoice';
import { createCreditNote, listCreditNotes } from './credit-notes';
import { runBilling } from './run-billing';
import { changeSubscriptionPlan } from '@/lib/subscriptions/change-plan';

const NOW = new Date('2026-11-22T10:00:00Z');
const ACTOR = { type: 'system', id: null } as const;
const config = billingConfig(parseEnv({}));

async function setUpSubscription(
  database: Database,
  { planCode, start, end, trial = false, taxRate = '0', cancelAtPeriodEnd = false }: { planCode: string; start: string; end: string; trial?: boolean; taxRate?: string; cancelAtPeriodEnd?: boolean },
) {
  const { db } = database;
  const [plan] = await selectRows<{ id: string }>(db, sql`select id from plans where code = ${planCode} and is_current`);
  const [customer] = await db.insert(customers).values({ name: `Customer ${planCode}`, email: `${planCode}@example.com`, currency: 'usd', taxRate, addressLines: ['1 Main St'] }).returning();
  const [subscription] = await db
    .insert(subscriptions)
    .values({
      customerId: customer!.id,
      planId: plan!.id,
      status: trial ? 'trialing' : 'active',
      startDate: new Date(start),
      trialEnd: trial ? new Date(end) : null,
      currentPeriodStart: new Date(start),
      currentPeriodEnd: new Date(end),
      cancelAtPeriodEnd,
    })
    .returning();
  const [period] = await db
    .insert(billingPeriods)
    .values({ subscriptionId: subscription!.id, customerId: customer!.id, planId: plan!.id, periodStart: new Date(start), periodEnd: new Date(end), isTrial: trial })
    .returning();
  return { customerId: customer!.id, subscriptionId: subscription!.id, periodId: period!.id };
}

describeEachEngine('invoicing', (get, engine) => {
  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    // the Billing Engine's hybrid plan: $99 a month with 10,000 calls included, then $0.01 per call
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
    await createPlan(db, { code: 'metered', name: 'Metered', currency: 'usd', interval: 'month', charges: [{ metric: 'api_calls', model: 'per_unit', unit_price: '0.001', description: 'API calls' }] });
  });

  it('numbers 20 invoices finalized at once 1 to 20, with no gap and no repeat', async () => {
    const { db } = get();
    const [customer] = await db.insert(customers).values({ name: 'Numbers', email: 'n@example.com', currency: 'usd', taxRate: '0' }).returning();
    const drafts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createDraftInvoice(db, { customerId: customer!.id, kind: 'one_time', currency: 'usd', lines: [{ kind: 'one_time', description: `Item ${i}`, metric: null, quantity: '1', unit_price: '10', amount: '10.00' }] }, config),
      ),
    );
    const issuedAt = new Date('2031-03-01T00:00:00Z'); // a year no other test numbers in
    const finalized = await Promise.all(drafts.map((d) => db.transaction((tx) => finalizeInvoice(tx, d.id, { now: issuedAt, config, actor: ACTOR }))));
    const sequences = finalized.map((i) => i.numberSequence!).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(finalized.map((i) => i.number)).size).toBe(20);
    expect(finalized.map((i) => i.number)).toContain('INV-2031-0020');
    expect(finalized.every((i) => i.status === 'open' && i.dueDate!.toISOString() === '2031-03-15T00:00:00.000Z')).toBe(true);
    // finalizing again changes nothing
    const again = await db.transaction((tx) => finalizeInvoice(tx, drafts[0]!.id, { now: NOW, config, actor: ACTOR }));
    expect(again.number).toBe(finalized[0]!.number);
  });

  it('refuses to finalize a batch holding an invoice that is no longer a draft, numbering none of it', async () => {
    const { db } = get();
    const [customer] = await db.insert(customers).values({ name: 'Stale', email: 's@example.com', currency: 'usd', taxRate: '0' }).returning();
    const draft = (description: string) =>
      createDraftInvoice(db, { customerId: customer!.id, kind: 'one_time', currency: 'usd', lines: [{ kind: 'one_time', description, metric: null, quantity: '1', unit_price: '5', amount: '5.00' }] }, config);
    const [fresh, stale] = [await draft('Fresh'), await draft('Stale')];
    const issuedAt = new Date('2032-03-01T00:00:00Z'); // a year no other test numbers in
    await db.transaction((tx) => finalizeInvoice(tx, stale.id, { now: issuedAt, config, actor: ACTOR }));
    await expect(db.transaction((tx) => finalizeDrafts(tx, [fresh, stale], { now: issuedAt, config, actor: ACTOR }))).rejects.toThrow('not a draft');
    const [unchanged] = await db.select().from(invoices).where(eq(invoices.id, fresh.id));
    expect(unchanged).toMatchObject({ status: 'draft', number: null });
    const [numbered] = await db.transaction((tx) => finalizeDrafts(tx, [fresh], { now: issuedAt, config, actor: ACTOR }));
    expect(numbered!.number).toBe('INV-2032-0002');
  });

  it('bills a period once when asked twice at the same time and again afterwards: $99 + $50 at 15,000 calls', async () => {
    const database = get();
    const { customerId, subscriptionId, periodId } = await setUpSubscription(database, { planCode: 'growth', start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' });
    const events = Array.from({ length: 3 }, (_, i) => {
      const parsed = parseUsageEvent({ id: `calls-${i}`, customer_id: customerId, metric: 'api_calls', quantity: 5000, timestamp: `2026-10-1${i}T12:00:00Z` });
      if ('errors' in parsed) throw new Error('bad test event');
      return parsed.event;
    });
    await ingestUsageEvents(database, events, { now: NOW });

    const ctx = { now: NOW, config, actor: ACTOR, customerId };
    const results = await Promise.all([billNextDuePeriod(database.db, ctx), billNextDuePeriod(database.db, ctx)]);
    expect(results.filter((r) => r?.outcome === 'invoiced')).toHaveLength(1);
    expect(await billNextDuePeriod(database.db, ctx)).toBeNull();

    const billed = await database.db.select().from(invoices).where(eq(invoices.billingPeriodId, periodId));
    expect(billed).toHaveLength(1);
    expect(billed[0]).toMatchObject({ status: 'open', subtotal: '149.000000', tax: '0.000000', total: '149.000000', amountDue: '149.000000' });
    const lines = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, billed[0]!.id));
    expect(lines.map((l) => [l.description, l.quantity, l.amount])).toEqual([
      ['Growth plan', '1', '99.000000'],
      ['API calls over 10,000', '5000', '50.000000'],
    ]);

    // the period is closed to usage, the next one is open and the subscription moved on
    const late = parseUsageEvent({ id: 'late', customer_id: customerId, metric: 'api_calls', quantity: 1, timestamp: '2026-10-31T23:59:59.999Z' });
    await expect(ingestUsageEvents(database, [(late as { event: never }).event], { now: NOW })).rejects.toBeInstanceOf(BillingError);
    const periods = await database.db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, subscriptionId)).orderBy(billingPeriods.periodStart);
    expect(periods.map((p) => [p.periodStart.toISOString(), p.periodEnd.toISOString(), p.status])).toEqual([
      ['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', 'invoiced'],
      ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'open'],
    ]);
    const [subscription] = await database.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    expect(subscription!.currentPeriodStart.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('catches up on every ended period of a subscription imported from the past, in order', async () => {
    const database = get();
    const { customerId } = await setUpSubscription(database, { planCode: 'growth', start: '2026-08-31T00:00:00Z', end: '2026-09-30T00:00:00Z' });
    const run = await runBilling(database, { now: NOW, config, actor: ACTOR, trigger: 'manual', customerId });
    expect(run).toMatchObject({ invoiced: 2, failed: 0, remaining: 0 });
    const billed = await database.db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(invoices.periodStart);
    // anchored on the 31st: Sep 30, then back to Oct 31 after the short month; [Oct 31, Nov 30) is still open
    expect(billed.map((i) => [i.periodStart!.toISOString().slice(0, 10), i.periodEnd!.toISOString().slice(0, 10)])).toEqual([
      ['2026-08-31', '2026-09-30'],
      ['2026-09-30', '2026-10-31'],
    ]);
    expect(billed.map((i) => i.numberSequence)).toEqual([...billed.map((i) => i.numberSequence)].sort((a, b) => a! - b!));
  });

  it('issues no invoice for a trial period, and a $0.00 invoice marked paid for a period with nothing used', async () => {
    const database = get();
    const trial = await setUpSubscription(database, { planCode: 'growth', start: '2026-10-08T00:00:00Z', end: '2026-10-22T00:00:00Z', trial: true });
    const first = await billNextDuePeriod(database.db, { now: NOW, config, actor: ACTOR, customerId: trial.customerId });
    expect(first).toMatchObject({ outcome: 'skipped', reason: 'trial' });
    const trialInvoices = await database.db.select().from(invoices).where(eq(invoices.customerId, trial.customerId));
    expect(trialInvoices).toHaveLength(0);
    const [sub] = await database.db.select().from(subscriptions).where(eq(subscriptions.id, trial.subscriptionId));
    expect(sub).toMatchObject({ status: 'active' });
    // rolled over to the period holding now: [Oct 22, Nov 22) is due for the next batch, [Nov 22, Dec 22) runs
    expect(sub!.currentPeriodStart.toISOString()).toBe('2026-11-22T00:00:00.000Z');

    const idle = await setUpSubscription(database, { planCode: 'metered', start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' });
    const outcome = await billNextDuePeriod(database.db, { now: NOW, config, actor: ACTOR, customerId: idle.customerId });
    expect(outcome?.outcome).toBe('invoiced');
    const [zero] = await database.db.select().from(invoices).where(eq(invoices.customerId, idle.customerId));
    expect(zero).toMatchObject({ status: 'paid', total: '0.000000', amountDue: '0.000000' });
    expect(zero!.number).toMatch(/^INV-2026-\d{4}$/);
  });

  it('ends a subscription cancelled at period end after billing its last period', async () => {
    const database = get();
    const { customerId, subscriptionId } = await setUpSubscription(database, { planCode: 'growth', start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z', cancelAtPeriodEnd: true, taxRate: '0.21' });
    await billNextDuePeriod(database.db, { now: NOW, config, actor: ACTOR, customerId });
    const [sub] = await database.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    expect(sub).toMatchObject({ status: 'canceled' });
    expect(sub!.endedAt!.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    const periods = await database.db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, subscriptionId));
    expect(periods).toHaveLength(1);
    const [invoice] = await database.db.select().from(invoices).where(eq(invoices.customerId, customerId));
    expect(invoice).toMatchObject({ subtotal: '99.000000', taxRate: '0.210000', tax: '20.790000', total: '119.790000' });
  });

  it('bills the rest of a batch when one period fails, records the failure and bills it once fixed', async () => {
    const database = get();
    await createPlan(database.db, {
      code: 'tiered',
      name: 'Tiered',
      currency: 'usd',
      interval: 'month',
      charges: [{ metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '100', unit_price: '0' }, { up_to: null, unit_price: '0.01' }], description: 'Calls' }],
    });
    const good = await Promise.all([1, 2, 3].map((n) => setUpSubscription(database, { planCode: 'growth', start: `2026-09-0${n}T00:00:00Z`, end: `2026-10-0${n}T00:00:00Z` })));
    const broken = await setUpSubscription(database, { planCode: 'tiered', start: '2026-09-02T12:00:00Z', end: '2026-10-02T12:00:00Z' });
    // a price list damaged behind the API's back: rating it throws
    await database.db.execute(sql`update plan_charges set tiers = '[{"up_to": "lots", "unit_price": "0"}]' where plan_id = (select plan_id from billing_periods where id = ${broken.periodId})`);

    const run = await runBilling(database, { now: NOW, config, actor: ACTOR, trigger: 'manual' });
    expect(run.errors).toEqual([{ customer_id: broken.customerId, period_id: broken.periodId, message: expect.any(String) }]);
    expect(run.failed).toBe(1);
    for (const { periodId } of good) {
      expect(await database.db.select().from(invoices).where(eq(invoices.billingPeriodId, periodId))).toHaveLength(1);
    }
    const [stillOpen] = await database.db.select().from(billingPeriods).where(eq(billingPeriods.id, broken.periodId));
    expect(stillOpen!.status).toBe('open');
    const [log] = await selectRows<{ status: string; failed: number }>(database.db, sql`select status, failed from billing_automation_log where id = ${run.run_id}`);
    expect(log).toEqual({ status: 'partial', failed: 1 });

    await database.db.execute(sql`update plan_charges set tiers = '[{"up_to": "100", "unit_price": "0"}, {"up_to": null, "unit_price": "0.01"}]' where plan_id = (select plan_id from billing_periods where id = ${broken.periodId})`);
    const retry = await runBilling(database, { now: NOW, config, actor: ACTOR, trigger: 'manual', customerId: broken.customerId });
    // its failed period, then the one after it, which has also ended by now
    expect(retry).toMatchObject({ invoiced: 2, failed: 0, remaining: 0 });
  });

  it('changes plan mid-period: the old part bills its usage and 10/30 of its fee, the new part 20/30 of the new fee', async () => {
    const database = get();
    await createPlan(database.db, {
      code: 'scale',
      name: 'Scale',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '120', description: 'Scale plan' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.005', included_units: '5000', description: 'API calls over 5,000' },
      ],
    });
    await createPlan(database.db, { code: 'yearly', name: 'Yearly', currency: 'usd', interval: 'year', charges: [{ metric: null, model: 'flat', amount: '1000', description: 'Yearly plan' }] });
    const { customerId, subscriptionId } = await setUpSubscription(database, { planCode: 'growth', start: '2027-11-01T00:00:00Z', end: '2027-12-01T00:00:00Z' });
    const send = (id: string, quantity: number, timestamp: string, now: Date) =>
      ingestUsageEvents(database, [(parseUsageEvent({ id, customer_id: customerId, metric: 'api_calls', quantity, timestamp }) as { event: never }).event], { now });

    await send('before-change', 6000, '2027-11-05T00:00:00Z', new Date('2027-11-06T00:00:00Z'));
    const change = new Date('2027-11-11T00:00:00Z');
    const ctx = { now: change, actor: ACTOR, config };
    await expect(changeSubscriptionPlan(database.db, subscriptionId, 'growth', ctx)).rejects.toMatchObject({ status: 409 });
    await expect(changeSubscriptionPlan(database.db, subscriptionId, 'nope', ctx)).rejects.toMatchObject({ status: 404 });
    await changeSubscriptionPlan(database.db, subscriptionId, 'scale', ctx);
    await send('after-change', 8000, '2027-11-20T00:00:00Z', new Date('2027-11-21T00:00:00Z'));

    // the old part is due at once
    const first = await runBilling(database, { now: new Date('2027-11-11T06:00:00Z'), config, actor: ACTOR, trigger: 'manual', customerId });
    expect(first.invoiced).toBe(1);
    const late = parseUsageEvent({ id: 'too-late', customer_id: customerId, metric: 'api_calls', quantity: 1, timestamp: '2027-11-10T23:00:00Z' });
    await expect(ingestUsageEvents(database, [(late as { event: never }).event], { now: new Date('2027-11-11T07:00:00Z') })).rejects.toMatchObject({ status: 422 });

    await runBilling(database, { now: new Date('2027-12-01T06:00:00Z'), config, actor: ACTOR, trigger: 'manual', customerId });
    const billed = await database.db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(invoices.periodStart);
    expect(billed.map((i) => [i.periodStart!.toISOString().slice(0, 10), i.periodEnd!.toISOString().slice(0, 10), i.total])).toEqual([
      ['2027-11-01', '2027-11-11', '33.000000'], // 10/30 × $99; 6,000 calls are inside the 10,000 included
      ['2027-11-11', '2027-12-01', '95.000000'], // 20/30 × $120 = $80 + 3,000 calls over 5,000 × $0.005 = $15
    ]);
    const lines = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, billed[1]!.id)).orderBy(invoiceLines.position);
    expect(lines[0]).toMatchObject({ kind: 'proration', description: 'Scale plan (prorated: 20 of 30 days)', amount: '80.000000' });
    const periods = await database.db.select().from(billingPeriods).where(eq(billingPeriods.subscriptionId, subscriptionId)).orderBy(billingPeriods.periodStart);
    // after the split cycle the subscription runs whole cycles on the new plan, on the old anniversary
    expect(periods.at(-1)).toMatchObject({ status: 'open', cycleStart: null, cycleEnd: null });
    expect(periods.at(-1)!.periodStart.toISOString()).toBe('2027-12-01T00:00:00.000Z');

    // to another interval: the new plan starts a full cycle of its own at the change
    await changeSubscriptionPlan(database.db, subscriptionId, 'yearly', { now: new Date('2027-12-10T00:00:00Z'), actor: ACTOR, config });
    const [sub] = await database.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    expect([sub!.currentPeriodStart.toISOString(), sub!.currentPeriodEnd.toISOString(), sub!.billingAnchor!.toISOString()]).toEqual([
      '2027-12-10T00:00:00.000Z',
      '2028-12-10T00:00:00.000Z',
      '2027-12-10T00:00:00.000Z',
    ]);
  });

  it('walks an invoice through its lifecycle and refuses illegal transitions with a 409', async () => {
    const { db } = get();
    const [customer] = await db.insert(customers).values({ name: 'Lifecycle', email: 'l@example.com', currency: 'eur', taxRate: '0.21' }).returning();
    const ctx = { now: NOW, config, actor: ACTOR };
    // Vigint's example: 1,000 × €0.0010 + 5,000 × €0.0005 = €3.50, 21% VAT €0.74 (0.735 rounds half-up)
    const draft = await createOneTimeInvoice(
      db,
      { customer_id: customer!.id, items: [{ description: 'Requests', quantity: '1000', unit_price: '0.0010' }, { description: 'Bulk requests', quantity: '5000', unit_price: '0.0005' }], finalize: false },
      ctx,
    );
    expect(draft).toMatchObject({ status: 'draft', number: null, subtotal: '3.500000', tax: '0.740000', total: '4.240000' });
    await expect(changeInvoiceStatus(db, draft.id, { status: 'paid' }, ctx)).rejects.toMatchObject({ status: 409 });
    const open = await changeInvoiceStatus(db, draft.id, { status: 'open' }, ctx);
    expect(open.number).toMatch(/^INV-2026-\d{4}$/);
    const uncollectible = await changeInvoiceStatus(db, draft.id, { status: 'uncollectible' }, ctx);
    expect(uncollectible.status).toBe('uncollectible');
    const paid = await changeInvoiceStatus(db, draft.id, { status: 'paid', payment_reference: 'SEPA-2026-11-0042' }, ctx);
    expect(paid).toMatchObject({ status: 'paid', amountPaid: '4.240000', amountDue: '0.000000', paymentReference: 'SEPA-2026-11-0042' });
    const [payment] = await db.select().from(payments).where(eq(payments.invoiceId, draft.id));
    expect(payment).toMatchObject({ amount: '4.240000', method: 'manual', status: 'succeeded', reference: 'SEPA-2026-11-0042' });
    for (const status of ['open', 'void', 'uncollectible', 'paid'] as const) {
      await expect(changeInvoiceStatus(db, draft.id, { status }, ctx)).rejects.toMatchObject({ status: 409 });
    }
    // a finalized invoice keeps its number and amounts through every change
    const [final] = await db.select().from(invoices).where(eq(invoices.id, draft.id));
    expect(final).toMatchObject({ number: open.number, total: '4.240000' });
  });

  it('rounds each one-time line once: 3 × 0.3333 = 1.00, and JPY has no minor unit', async () => {
    const { db } = get();
    const [usd] = await db.insert(customers).values({ name: 'Rounding', email: 'r@example.com', currency: 'usd', taxRate: '0' }).returning();
    const invoice = await createOneTimeInvoice(db, { customer_id: usd!.id, items: [{ description: 'Thirds', quantity: '3', unit_price: '0.3333' }], finalize: true }, { now: NOW, config, actor: ACTOR });
    expect(invoice).toMatchObject({ status: 'open', total: '1.000000' });
    const [jpy] = await db.insert(customers).values({ name: 'Yen', email: 'y@example.com', currency: 'jpy', taxRate: '0.1' }).returning();
    const yen = await createOneTimeInvoice(db, { customer_id: jpy!.id, items: [{ description: 'Calls', quantity: '1234', unit_price: '0.55' }], finalize: false }, { now: NOW, config, actor: ACTOR });
    // 678.7 → ¥679, tax 67.9 → ¥68
    expect(yen).toMatchObject({ subtotal: '679.000000', tax: '68.000000', total: '747.000000' });
  });

  it('corrects an issued invoice with credit notes: partial then the rest settles it; a paid one is refunded', async () => {
    const { db } = get();
    const ctx = { now: NOW, config, actor: ACTOR };
    const [customer] = await db.insert(customers).values({ name: 'Credited', email: 'c@example.com', currency: 'eur', taxRate: '0.21' }).returning();
    const invoice = await createOneTimeInvoice(db, { customer_id: customer!.id, items: [{ description: 'Requests', quantity: '1000', unit_price: '0.0035' }], finalize: true }, ctx);
    expect(invoice).toMatchObject({ total: '4.240000', amountDue: '4.240000' });

    const partial = await createCreditNote(db, invoice.id, { reason: 'Outage on Nov 3', amount: '1.50' }, ctx);
    expect(partial).toMatchObject({ number: 'CN-2026-0001', subtotal: '1.50', tax: '0.32', total: '1.82', method: 'credit' });
    let [after] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after).toMatchObject({ status: 'open', amountDue: '2.420000', total: '4.240000' });

    await expect(createCreditNote(db, invoice.id, { reason: 'Too much', amount: '2.01' }, ctx)).rejects.toMatchObject({ status: 422 });
    const rest = await createCreditNote(db, invoice.id, { reason: 'Goodwill' }, ctx);
    expect(rest).toMatchObject({ number: 'CN-2026-0002', subtotal: '2.00', tax: '0.42', total: '2.42' });
    [after] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after).toMatchObject({ status: 'paid', amountDue: '0.000000', number: invoice.number });
    await expect(createCreditNote(db, invoice.id, { reason: 'Again' }, ctx)).rejects.toMatchObject({ status: 422 });

    const paid = await createOneTimeInvoice(db, { customer_id: customer!.id, items: [{ description: 'Setup', quantity: '1', unit_price: '100' }], finalize: true }, ctx);
    await changeInvoiceStatus(db, paid.id, { status: 'paid', payment_reference: 'TRF-1' }, ctx);
    const refund = await createCreditNote(db, paid.id, { reason: 'Cancelled within 14 days' }, ctx);
    expect(refund).toMatchObject({ method: 'refund', total: '121.00' });
    const [stillPaid] = await db.select().from(invoices).where(eq(invoices.id, paid.id));
    expect(stillPaid).toMatchObject({ status: 'paid', amountPaid: '121.000000' });

    const draft = await createOneTimeInvoice(db, { customer_id: customer!.id, items: [{ description: 'Draft', quantity: '1', unit_price: '1' }], finalize: false }, ctx);
    await expect(createCreditNote(db, draft.id, { reason: 'Not issued yet' }, ctx)).rejects.toMatchObject({ status: 409 });
    expect(await listCreditNotes(db, invoice.id)).toHaveLength(2);
  });

  if (engine === 'postgres') {
    it('never over-credits an invoice under concurrent credit notes, and numbers them gaplessly', async () => {
      const { db } = get();
      const ctx = { now: new Date('2032-01-10T00:00:00Z'), config, actor: ACTOR };
      const [customer] = await db.insert(customers).values({ name: 'Race', email: 'race@example.com', currency: 'usd', taxRate: '0' }).returning();
      const invoice = await createOneTimeInvoice(db, { customer_id: customer!.id, items: [{ description: 'Item', quantity: '1', unit_price: '10' }], finalize: true }, ctx);
      const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => createCreditNote(db, invoice.id, { reason: 'split', amount: '3' }, ctx)));
      const created = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      expect(created).toHaveLength(3); // 3 + 3 + 3 = 9 of 10; a fourth would exceed it
      expect(created.map((c) => c.number).sort()).toEqual(['CN-2032-0001', 'CN-2032-0002', 'CN-2032-0003']);
    });
  }

  if (engine === 'postgres') {
    it('shares the work between two runs started together, billing every period exactly once', async () => {
      const database = get();
      const started = await Promise.all(
        Array.from({ length: 12 }, (_, i) => setUpSubscription(database, { planCode: 'growth', start: `2026-10-${String(i + 1).padStart(2, '0')}T00:00:00Z`, end: `2026-11-${String(i + 1).padStart(2, '0')}T00:00:00Z` })),
      );
      // the 12 new periods, and any left due by earlier tests (the trial's first paid month ends today)
      const [due] = await selectRows<{ n: string }>(database.db, sql`select count(*) as n from billing_periods where status = 'open' and period_end <= ${NOW.toISOString()}::timestamptz`);
      expect(Number(due!.n)).toBeGreaterThanOrEqual(12);
      const runs = await Promise.all([
        runBilling(database, { now: NOW, config, actor: ACTOR, trigger: 'cron' }),
        runBilling(database, { now: NOW, config, actor: ACTOR, trigger: 'cron' }),
      ]);
      expect(runs[0]!.invoiced + runs[1]!.invoiced).toBe(Number(due!.n));
      for (const { periodId } of started) {
        const billed = await database.db.select().from(invoices).where(eq(invoices.billingPeriodId, periodId));
        expect(billed).toHaveLength(1);
      }
      expect(runs.map((r) => ({ failed: r.failed, errors: r.errors }))).toEqual([{ failed: 0, errors: [] }, { failed: 0, errors: [] }]);
      // a run that stops while the other still holds a period reports it as remaining; a later run finds nothing
      expect(await runBilling(database, { now: NOW, config, actor: ACTOR, trigger: 'cron' })).toMatchObject({ processed: 0, remaining: 0 });
    });
  }
});
