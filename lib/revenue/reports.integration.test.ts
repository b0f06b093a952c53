// The finance reports on a real database, against scripted histories whose every figure is computed by
// hand below: revenue recognition of a yearly fee paid in advance, a usage line and a credit note; the
// tax report against the invoices it sums (a reverse-charge EU B2B sale and an exempt one among them);
// a month of MRR movements; and the query validation the routes apply. Every date is derived from the
// `now` each step passes (the clock is never read): the scripts run in YEAR, a common year.
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import type { CreateCustomerInput } from '@/lib/customers/customer-schemas';
import type { Database } from '@/lib/db/client';
import { customers, invoices } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createOneTimeInvoice, oneTimeInvoiceSchema } from '@/lib/invoicing/one-time-invoice';
import { runBilling } from '@/lib/invoicing/run-billing';
import { changeSubscriptionPlan } from '@/lib/subscriptions/change-plan';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { updateSubscription } from '@/lib/subscriptions/update-subscription';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEvent } from '@/lib/usage/usage-event-schema';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { getMrrReport } from './mrr-report';
import { deferredQuery, queryObject, reportRangeQuery } from './report-query';
import { reportCsv, wantsCsv } from './report-response';
import { getDeferredReport, getRevenueReport, REVENUE_COLUMNS, revenueMonths } from './revenue-report';
import { getTaxReport } from './tax-report';

const YEAR = 2027;
const ACTOR = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
/** An instant of YEAR (or the year after, with `years`), e.g. on('03-01T10:00'). */
const on = (monthDayTime: string, years = 0) => new Date(`${YEAR + years}-${monthDayTime}:00Z`);
const day = (monthDay: string, years = 0) => `${YEAR + years}-${monthDay}`;
const ctxAt = (now: Date) => ({ now, config, actor: ACTOR });
const rangeOf = (from: string, to: string) => reportRangeQuery.parse({ from, to }).range;

/** The customers, invoices and catalog every suite below scripts with, in its own database. */
function scripting(get: () => Database) {
  let n = 0;
  const customer = async (input: Partial<CreateCustomerInput> & { currency?: string }, now: Date) =>
    (await createCustomer(get().db, { name: `Report ${++n}`, email: `report${n}@example.com`, tax_rate: '0', ...input } as CreateCustomerInput, { actor: ACTOR, now, defaultCurrency: 'usd' })).id;
  const oneTime = async (customerId: string, unitPrice: string, now: Date) =>
    createOneTimeInvoice(get().db, oneTimeInvoiceSchema.parse({ customer_id: customerId, items: [{ description: 'Services', quantity: '1', unit_price: unitPrice }], finalize: true }), ctxAt(now));
  const catalog = async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    const flat = (amount: string) => ({ metric: null, model: 'flat' as const, amount });
    await createPlan(db, { code: 'licence', name: 'Yearly licence', currency: 'usd', interval: 'year', pay_in_advance: true, charges: [flat('1200')] });
    await createPlan(db, { code: 'metered', name: 'Metered', currency: 'usd', interval: 'month', charges: [{ metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] });
    await createPlan(db, { code: 'basic', name: 'Basic', currency: 'usd', interval: 'month', charges: [flat('100')] });
    await createPlan(db, { code: 'pro', name: 'Pro', currency: 'usd', interval: 'month', charges: [flat('300')] });
    await createPlan(db, { code: 'annual', name: 'Annual', currency: 'usd', interval: 'year', charges: [flat('1200')] });
    await createPlan(db, { code: 'trial_pro', name: 'Pro with a trial', currency: 'usd', interval: 'month', trial_days: 30, charges: [flat('300')] });
    await createPlan(db, { code: 'euro', name: 'Euro', currency: 'eur', interval: 'month', charges: [flat('50')] });
  };
  return { customer, oneTime, catalog };
}

describeEachEngine('revenue report', (get) => {
  const { customer, oneTime, catalog } = scripting(get);
  beforeAll(catalog);

  describe('revenue recognition', () => {
    // A: the $1,200 licence for YEAR, invoiced in advance on Jan 1. B: 10,000 calls in January at $0.01,
    // invoiced when the period ends (Feb 1). C: a €50 one-time invoice on Feb 10. On Mar 1 a $365 credit
    // note on A's invoice.
    let licenceInvoiceId: string;

    beforeAll(async () => {
      const database = get();
      const a = await customer({}, on('01-01T00:00'));
      const b = await customer({}, on('01-01T00:00'));
      const c = await customer({ currency: 'eur' }, on('01-01T00:00'));
      await createSubscription(database.db, { customer_id: a, plan_code: 'licence', start_date: day('01-01') }, ctxAt(on('01-01T00:00')));
      await createSubscription(database.db, { customer_id: b, plan_code: 'metered', start_date: day('01-01') }, ctxAt(on('01-01T00:00')));
      const event = parseUsageEvent({ id: 'jan-calls', customer_id: b, metric: 'api_calls', quantity: 10_000, timestamp: on('01-20T12:00').toISOString() }) as { event: never };
      await ingestUsageEvents(database, [event.event], { now: on('01-20T12:01') });
      expect(await runBilling(database, { ...ctxAt(on('02-01T10:00')), trigger: 'manual', customerId: b })).toMatchObject({ invoiced: 1, failed: 0 });
      await oneTime(c, '50.00', on('02-10T09:00'));
      const [licence] = await database.db.select().from(invoices).where(eq(invoices.customerId, a));
      licenceInvoiceId = licence!.id;
      expect(licence).toMatchObject({ subtotal: '1200.000000', status: 'open' });
      await createCreditNote(database.db, licenceInvoiceId, { reason: 'Goodwill: a quarter of a year', amount: '365.00' }, ctxAt(on('03-01T10:00')));
    });

    it('recognizes the fee day by day, the usage over its period and the credit note from its day, per currency and month', async () => {
      const report = await getRevenueReport(get().db, rangeOf(day('01-01'), day('03-31')));
      // The licence: 120000 cents over 365 days is 328 a day, the first 280 days 329 (January and
      // February: 31 × 329 and 28 × 329). The usage: $100.00 over January's 31 days, all in January,
      // invoiced Feb 1 (unbilled at January's end). The credit note of Mar 1: 36500 cents over the
      // licence's 306 days still to come (Mar 1 – Dec 31; 1005.89 is left to earn, more than the credit):
      // 119 a day, the first 86 days 120, so March is 31 × 329 − 31 × 120 = 64.79.
      expect(report.data).toEqual([
        { currency: 'eur', month: `${YEAR}-01`, from: day('01-01'), to: day('01-31'), invoiced: '0.00', recognized: '0.00', deferred_at_end: '0.00', unbilled_at_end: '0.00' },
        { currency: 'eur', month: `${YEAR}-02`, from: day('02-01'), to: day('02-28'), invoiced: '50.00', recognized: '50.00', deferred_at_end: '0.00', unbilled_at_end: '0.00' },
        { currency: 'eur', month: `${YEAR}-03`, from: day('03-01'), to: day('03-31'), invoiced: '0.00', recognized: '0.00', deferred_at_end: '0.00', unbilled_at_end: '0.00' },
        { currency: 'usd', month: `${YEAR}-01`, from: day('01-01'), to: day('01-31'), invoiced: '1200.00', recognized: '201.99', deferred_at_end: '1098.01', unbilled_at_end: '100.00' },
        { currency: 'usd', month: `${YEAR}-02`, from: day('02-01'), to: day('02-28'), invoiced: '100.00', recognized: '92.12', deferred_at_end: '1005.89', unbilled_at_end: '0.00' },
        { currency: 'usd', month: `${YEAR}-03`, from: day('03-01'), to: day('03-31'), invoiced: '-365.00', recognized: '64.79', deferred_at_end: '576.10', unbilled_at_end: '0.00' },
      ]);
      expect(report.currencies.map((c) => [c.currency, c.data.length])).toEqual([['eur', 3], ['usd', 3]]);
      expect(report.currencies[1]!.data[0]).toEqual({ month: `${YEAR}-01`, from: day('01-01'), to: day('01-31'), invoiced: '1200.00', recognized: '201.99', deferred_at_end: '1098.01', unbilled_at_end: '100.00' });

      // every month: invoiced = recognized + Δdeferred − Δunbilled, to the cent
      const cents = (v: string) => Math.round(Number(v) * 100);
      const usd = report.data.filter((r) => r.currency === 'usd');
      usd.forEach((row, i) => {
        const previous = i === 0 ? { deferred_at_end: '0.00', unbilled_at_end: '0.00' } : usd[i - 1]!;
        expect(cents(row.invoiced)).toBe(cents(row.recognized) + cents(row.deferred_at_end) - cents(previous.deferred_at_end) - (cents(row.unbilled_at_end) - cents(previous.unbilled_at_end)));
      });
    });

    it('leaves a month already reported as it was when a credit note comes later, and cuts months to the range', async () => {
      // January alone, and February from the 15th: the credit note of Mar 1 changes neither
      const january = await getRevenueReport(get().db, rangeOf(day('01-01'), day('01-31')));
      expect(january.data.find((r) => r.currency === 'usd')).toMatchObject({ recognized: '201.99', deferred_at_end: '1098.01' });
      const part = await getRevenueReport(get().db, rangeOf(day('02-15'), day('03-10')));
      // Feb 15–28: 14 × 329; Mar 1–10: 10 × 329 less 10 × 120 of the credit
      expect(part.data.filter((r) => r.currency === 'usd')).toEqual([
        { currency: 'usd', month: `${YEAR}-02`, from: day('02-15'), to: day('02-28'), invoiced: '0.00', recognized: '46.06', deferred_at_end: '1005.89', unbilled_at_end: '0.00' },
        { currency: 'usd', month: `${YEAR}-03`, from: day('03-01'), to: day('03-10'), invoiced: '-365.00', recognized: '20.90', deferred_at_end: '619.99', unbilled_at_end: '0.00' },
      ]);
    });

    it('answers the deferred balance as of a day, the same as the month end in the revenue report', async () => {
      // the euro invoice of Feb 10 has nothing deferred or unbilled then: no euro row
      expect(await getDeferredReport(get().db, day('01-31'))).toEqual({ as_of: day('01-31'), data: [{ currency: 'usd', deferred: '1098.01', unbilled: '100.00' }] });
      expect((await getDeferredReport(get().db, day('03-31'))).data.find((r) => r.currency === 'usd')).toEqual({ currency: 'usd', deferred: '576.10', unbilled: '0.00' });
      // by the year's end everything is earned (1200 − 365 recognized in all): nothing left to list
      expect((await getDeferredReport(get().db, day('12-31'))).data).toEqual([]);
    });

    it('serves the rows as CSV under the same columns', () => {
      const rows = revenueMonths([], { from: day('01-01'), to: day('01-31') });
      expect(rows).toEqual([]);
      const csv = reportCsv(REVENUE_COLUMNS, [{ currency: 'usd', month: `${YEAR}-01`, from: day('01-01'), to: day('01-31'), invoiced: '1200.00', recognized: '201.99', deferred_at_end: '1098.01', unbilled_at_end: '100.00' }]);
      expect(csv).toBe(`currency,month,from,to,invoiced,recognized,deferred_at_end,unbilled_at_end\nusd,${YEAR}-01,${day('01-01')},${day('01-31')},1200.00,201.99,1098.01,100.00\n`);
    });
  });

});

describeEachEngine('tax report', (get) => {
  const { customer, oneTime } = scripting(get);

  describe('tax', () => {
    // In April: two German B2C invoices at 19% (€100.00 and €33.33), one French at 20% (€50), an EU B2B
    // sale to a Dutch business with a VAT id (reverse charge) and an exempt US customer ($80). Left out: a
    // void invoice, a draft, and one issued in May. A €10 credit note on the €100 German invoice in April.
    let germanIds: string[];

    beforeAll(async () => {
      const { db } = get();
      const april = (d: string) => on(`04-${d}T09:00`);
      const germany = await customer({ currency: 'eur', country: 'DE', tax_rate: '0.19' }, april('01'));
      const france = await customer({ currency: 'eur', country: 'FR', tax_rate: '0.2' }, april('01'));
      const dutchBusiness = await customer({ currency: 'eur', country: 'NL', tax_exempt: true, tax_id: 'NL123456789B01' }, april('01'));
      const exempt = await customer({ currency: 'usd', country: 'US', tax_exempt: true }, april('01'));
      const first = await oneTime(germany, '100.00', april('03'));
      const second = await oneTime(germany, '33.33', april('04'));
      germanIds = [first.id, second.id];
      await oneTime(france, '50.00', april('05'));
      await oneTime(dutchBusiness, '200.00', april('06'));
      await oneTime(exempt, '80.00', april('07'));
      const voided = await oneTime(germany, '999.00', april('08'));
      await changeInvoiceStatus(db, voided.id, { status: 'void' }, ctxAt(april('09')));
      await createOneTimeInvoice(db, oneTimeInvoiceSchema.parse({ customer_id: germany, items: [{ description: 'Draft', quantity: '1', unit_price: '500' }] }), ctxAt(april('10')));
      await oneTime(germany, '700.00', on('05-02T09:00'));
      await createCreditNote(db, first.id, { reason: 'Discount agreed', amount: '10.00' }, ctxAt(april('20')));
    });

    it('sums the invoices per currency, country, rate and treatment to the cent, credit notes subtracted', async () => {
      const report = await getTaxReport(get().db, rangeOf(day('04-01'), day('04-30')));
      expect(report.data).toEqual([
        // 100.00 + 33.33 − 10.00; tax 19.00 + 6.33 (33.33 × 0.19 = 6.3327) − 1.90
        { currency: 'eur', country: 'DE', tax_rate: '0.19', treatment: 'standard', net: '123.33', tax: '23.43', gross: '146.76', invoice_count: 2, credit_note_count: 1, credited_net: '10.00', credited_tax: '1.90' },
        { currency: 'eur', country: 'FR', tax_rate: '0.2', treatment: 'standard', net: '50.00', tax: '10.00', gross: '60.00', invoice_count: 1, credit_note_count: 0, credited_net: '0.00', credited_tax: '0.00' },
        { currency: 'eur', country: 'NL', tax_rate: '0', treatment: 'reverse_charge', net: '200.00', tax: '0.00', gross: '200.00', invoice_count: 1, credit_note_count: 0, credited_net: '0.00', credited_tax: '0.00' },
        { currency: 'usd', country: 'US', tax_rate: '0', treatment: 'exempt', net: '80.00', tax: '0.00', gross: '80.00', invoice_count: 1, credit_note_count: 0, credited_net: '0.00', credited_tax: '0.00' },
      ]);

      // and the German row is exactly what its invoices say (the invoices' own subtotal and tax)
      const german = await get().db.select().from(invoices).where(inArray(invoices.id, germanIds));
      const sum = (values: string[]) => values.reduce((a, v) => a + Math.round(Number(v) * 100), 0);
      expect(sum(german.map((i) => i.subtotal)) - 1000).toBe(12333);
      expect(sum(german.map((i) => i.tax)) - 190).toBe(2343);
      const [dutch] = await get().db.select({ reverseCharge: invoices.reverseCharge }).from(invoices).innerJoin(customers, eq(customers.id, invoices.customerId)).where(eq(customers.country, 'NL'));
      expect(dutch).toEqual({ reverseCharge: true });
    });

    it('moves a credit note to the period it is written in: May has the May invoice only', async () => {
      const may = await getTaxReport(get().db, rangeOf(day('05-01'), day('05-31')));
      expect(may.data).toEqual([expect.objectContaining({ country: 'DE', net: '700.00', tax: '133.00', invoice_count: 1, credit_note_count: 0 })]);
    });
  });

});

describeEachEngine('MRR report', (get) => {
  const { customer, catalog } = scripting(get);
  beforeAll(catalog);

  describe('MRR movements', () => {
    // Monthly plans on anniversary periods from the 1st, a daily-like billing run at each month's start.
    // By the end of May: steady (basic all along), upgraded (basic → pro on May 10), downgraded (pro →
    // basic on May 12), churned (basic, set on Apr 20 to cancel at the end of its period: ends May 1), reactivated (basic from Feb, ended Apr 1, basic again May 20), two new
    // (pro on May 5, the $1,200 annual plan on May 3 = $100 a month), one in a trial (nothing yet) and a
    // euro customer (steady at €50).
    const runAll = (now: Date) => runBilling(get(), { ...ctxAt(now), trigger: 'manual' });
    const subscribe = async (plan: string, start: string, currency = 'usd') => {
      const now = new Date(`${start}T00:00:00Z`);
      const id = await customer({ currency }, now);
      return { customerId: id, subscription: await createSubscription(get().db, { customer_id: id, plan_code: plan, start_date: start }, ctxAt(now)) };
    };

    beforeAll(async () => {
      const { db } = get();
      const reactivated = await subscribe('basic', day('02-01'));
      await runAll(on('03-01T01:00'));
      await updateSubscription(db, reactivated.subscription.id, { cancel_at_period_end: true }, { actor: ACTOR, now: on('03-10T12:00') });
      await subscribe('basic', day('03-01')); // steady
      const upgraded = await subscribe('basic', day('03-01'));
      const downgraded = await subscribe('pro', day('03-01'));
      const churned = await subscribe('basic', day('03-01'));
      await runAll(on('04-01T01:00')); // the reactivated customer's first subscription ends here
      await subscribe('euro', day('04-01'), 'eur');
      await updateSubscription(db, churned.subscription.id, { cancel_at_period_end: true }, { actor: ACTOR, now: on('04-20T12:00') });
      await runAll(on('05-01T01:00')); // the churned one ends at May 1
      await subscribe('annual', day('05-03'));
      await subscribe('pro', day('05-05'));
      await changeSubscriptionPlan(db, upgraded.subscription.id, 'pro', ctxAt(on('05-10T12:00')));
      await changeSubscriptionPlan(db, downgraded.subscription.id, 'basic', ctxAt(on('05-12T12:00')));
      await subscribe('trial_pro', day('05-15'));
      await createSubscription(db, { customer_id: reactivated.customerId, plan_code: 'basic', start_date: day('05-20') }, ctxAt(on('05-20T00:00')));
      await runAll(on('06-01T01:00'));
    });

    it('computes starting, new, expansion, contraction, churned, reactivation and ending with the rates, per currency', async () => {
      const report = await getMrrReport(get().db, rangeOf(day('04-01'), day('05-31')), on('06-10T12:00'));
      const row = (currency: string, month: string) => report.data.find((r) => r.currency === currency && r.month === `${YEAR}-${month}`);
      // April: five customers at the end of March (steady, upgraded, churned and reactivated at $100,
      // downgraded at $300 = $700); the reactivated customer's subscription ended Apr 1: churned $100.
      expect(row('usd', '04')).toMatchObject({ starting: '700.00', new: '0.00', expansion: '0.00', contraction: '0.00', churned: '100.00', reactivation: '0.00', ending: '600.00', churn_rate: '0.1429', net_revenue_retention: '0.8571', customers_starting: 5, customers_ending: 4 });
      // May: starting 600; new 300 (pro) + 100 (annual); expansion 200; contraction 200; churned 100 (ended
      // May 1); reactivation 100; the trial earns nothing yet. 600 + 400 + 100 + 200 − 200 − 100 = 1000.
      expect(row('usd', '05')).toEqual({
        currency: 'usd',
        month: `${YEAR}-05`,
        from: day('05-01'),
        to: day('05-31'),
        starting: '600.00',
        new: '400.00',
        expansion: '200.00',
        contraction: '200.00',
        churned: '100.00',
        reactivation: '100.00',
        ending: '1000.00',
        churn_rate: '0.1667', // 100 / 600
        net_revenue_retention: '0.8333', // (600 + 200 − 200 − 100) / 600
        customers_starting: 4,
        customers_ending: 6,
      });
      // the euro customer started Apr 1: new in April, steady in May, never added to dollars
      expect(row('eur', '04')).toMatchObject({ starting: '0.00', new: '50.00', ending: '50.00', churn_rate: null, net_revenue_retention: null });
      expect(row('eur', '05')).toMatchObject({ starting: '50.00', new: '0.00', ending: '50.00', churn_rate: '0.0000', net_revenue_retention: '1.0000' });
    });

    it('leaves out a currency without MRR in the range', async () => {
      // only the dollar subscriptions had begun by the end of March; the euro one starts Apr 1
      const march = await getMrrReport(get().db, rangeOf(day('03-01'), day('03-31')), on('06-10T12:00'));
      expect(march.data.map((r) => [r.currency, r.month, r.starting, r.ending])).toEqual([['usd', `${YEAR}-03`, '100.00', '700.00']]);
    });

    it('leaves out months not yet begun and ends the running month at now', async () => {
      const report = await getMrrReport(get().db, rangeOf(day('05-01'), day('08-31')), on('06-10T12:00'));
      const usd = report.data.filter((r) => r.currency === 'usd');
      expect(usd.map((r) => [r.month, r.from, r.to])).toEqual([[`${YEAR}-05`, day('05-01'), day('05-31')], [`${YEAR}-06`, day('06-01'), day('06-10')]]);
      // June 10: nothing changed since May's end (the trial runs until June 14)
      expect(usd[1]).toMatchObject({ starting: '1000.00', ending: '1000.00', new: '0.00' });
    });
  });

});

describe('report queries', () => {
  describe('query validation', () => {
    const params = (query: string) => queryObject(new URLSearchParams(query));
    const refused = (query: string, schema: typeof reportRangeQuery | typeof deferredQuery = reportRangeQuery) => apiError((async () => schema.parse(params(query)))());

    it('names a bad date, a reversed or too long range, a missing, repeated or unknown parameter', async () => {
      expect(await refused(`from=yesterday&to=${day('12-31')}`)).toMatchObject({ status: 422, code: 'validation_failed', fields: ['from'], messages: ['must be a date, YYYY-MM-DD'] });
      expect(await refused(`from=${day('02-30')}&to=${day('03-31')}`)).toMatchObject({ status: 422, fields: ['from'], messages: ['is not a real date'] });
      // only the day itself is named: Feb 30 is not rolled over into March and then found to be after `to`
      expect(await refused(`from=${day('02-30')}&to=${day('03-01')}`)).toMatchObject({ status: 422, fields: ['from'], messages: ['is not a real date'] });
      expect(await refused(`from=${day('03-01')}&to=${day('02-01')}`)).toMatchObject({ status: 422, fields: ['to'], messages: ['must not be before from'] });
      expect(await refused(`from=${day('01-01')}&to=${day('01-02', 2)}`)).toMatchObject({ status: 422, fields: ['to'], messages: ['the range may span at most 731 days'] });
      expect(await refused(`to=${day('02-01')}`)).toMatchObject({ status: 422, fields: ['from'], messages: ['from is required, as YYYY-MM-DD'] });
      expect(await refused(`from=${day('01-01')}&from=${day('01-02')}&to=${day('02-01')}`)).toMatchObject({ status: 422, fields: ['from'] });
      expect(await refused(`from=${day('01-01')}&to=${day('02-01')}&form=${day('01-01')}&currency=usd`)).toMatchObject({ status: 422, fields: ['form', 'currency'], messages: ['unknown field', 'unknown field'] });
      expect(await refused(`from=${day('01-01')}&to=${day('02-01')}&format=xlsx`)).toMatchObject({ status: 422, fields: ['format'], messages: ['must be json or csv'] });
      expect(await refused(`as_of=yesterday`, deferredQuery)).toMatchObject({ status: 422, fields: ['as_of'] });
      expect(await refused(`as_of=${day('01-31')}&to=${day('01-31')}`, deferredQuery)).toMatchObject({ status: 422, fields: ['to'], messages: ['unknown field'] });
      // a good range: both days included
      expect(reportRangeQuery.parse(params(`from=${day('01-01')}&to=${day('12-31')}&format=csv`))).toEqual({
        range: { from: day('01-01'), to: day('12-31'), start: on('01-01T00:00'), end: on('01-01T00:00', 1) },
        format: 'csv',
      });
    });

    it('chooses CSV by ?format= first, else by an Accept header that prefers text/csv', () => {
      expect(wantsCsv('csv', 'application/json')).toBe(true);
      expect(wantsCsv('json', 'text/csv')).toBe(false);
      expect(wantsCsv(undefined, 'text/csv')).toBe(true);
      expect(wantsCsv(undefined, 'text/csv;q=0.9, application/json')).toBe(true);
      expect(wantsCsv(undefined, 'application/json, text/csv')).toBe(false);
      expect(wantsCsv(undefined, '*/*')).toBe(false);
      expect(wantsCsv(undefined, null)).toBe(false);
    });
  });
});
