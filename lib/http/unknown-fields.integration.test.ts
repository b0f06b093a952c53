// An unknown field in a request body is refused by name, as Stripe does ("Received unknown parameter"),
// so a typo is never silently ignored: each body below is what a route would hand its domain function
// (parsed with the route's schema, or by the function itself), mapped by the routes' one error mapper,
// and the database is checked to hold nothing new.
import { count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import type { PlanInput, PlanPatch } from '@/lib/catalog/catalog-schemas';
import { updatePlan } from '@/lib/catalog/update-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import type { CreateCustomerInput, UpdateCustomerInput } from '@/lib/customers/customer-schemas';
import { updateCustomer } from '@/lib/customers/update-customer';
import { creditNotes, customers, invoices, plans, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createCreditNote, createCreditNoteSchema } from '@/lib/invoicing/credit-notes';
import { createOneTimeInvoice, oneTimeInvoiceSchema } from '@/lib/invoicing/one-time-invoice';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { patchSubscriptionSchema, type CreateSubscriptionInput } from '@/lib/subscriptions/subscription-schemas';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEventsBody } from '@/lib/usage/usage-event-schema';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';

const NOW = new Date('2026-11-22T10:00:00Z');
const ACTOR = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
const ctx = { now: NOW, config, actor: ACTOR };

/** A body as it arrives over HTTP: whatever the caller typed, handed on as the input type it claims to be. */
const asSent = <T>(body: unknown) => body as T;

describeEachEngine('unknown fields in request bodies', (get) => {
  let customerId: string;
  let invoiceId: string;

  const rows = async (table: typeof plans | typeof customers | typeof subscriptions | typeof invoices | typeof creditNotes) => {
    const [row] = await get().db.select({ n: count() }).from(table);
    return row!.n;
  };

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    await createPlan(db, { code: 'pro', name: 'Pro', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '49', description: 'Pro' }] });
    customerId = (await createCustomer(db, { external_id: 'crm-typo', name: 'Typo Inc.', email: 'typo@example.com' }, { actor: ACTOR, now: NOW, defaultCurrency: 'usd' })).id;
    invoiceId = (await createOneTimeInvoice(db, oneTimeInvoiceSchema.parse({ customer_id: customerId, items: [{ description: 'Setup', quantity: '1', unit_price: '100' }], finalize: true }), ctx)).id;
  });

  it('plans: a misspelt field, top-level or inside a charge or a tier, is a 422 naming it and creates no plan', async () => {
    const before = await rows(plans);
    const body = {
      code: 'typo_plan',
      name: 'Typo',
      currency: 'usd',
      intervall: 'month',
      interval: 'month',
      charges: [
        { metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '100', unit_price: '0', flat_amount: '0' }, { upto: null, up_to: null, unit_price: '0.01' }] },
        { metric: null, model: 'flat', amount: '10', unit_prise: '10' },
      ],
    };
    const error = await apiError(createPlan(get().db, asSent<PlanInput>(body), ACTOR));
    expect(error).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(error.fields.sort()).toEqual(['charges.0.tiers.1.upto', 'charges.1.unit_prise', 'intervall']);
    expect(new Set(error.messages)).toEqual(new Set(['unknown field']));
    expect(await rows(plans)).toBe(before);

    // a PATCH with a typo makes no version 2
    const patch = { name: 'Pro Plus', descripton: 'Now with more' };
    expect(await apiError(updatePlan(get().db, 'pro', asSent<PlanPatch>(patch), ACTOR))).toMatchObject({ status: 422, fields: ['descripton'], messages: ['unknown field'] });
    expect(await get().db.select({ version: plans.version, name: plans.name }).from(plans).where(eq(plans.code, 'pro'))).toEqual([{ version: 1, name: 'Pro' }]);
  });

  it('customers: a misspelt field on create or update is a 422 naming it and writes nothing', async () => {
    const before = await rows(customers);
    const body = { name: 'Globex', email: 'ap@globex.example', tax_rte: '0.21' };
    expect(await apiError(createCustomer(get().db, asSent<CreateCustomerInput>(body), { actor: ACTOR, now: NOW, defaultCurrency: 'usd' }))).toMatchObject({ status: 422, code: 'validation_failed', fields: ['tax_rte'], messages: ['unknown field'] });
    expect(await rows(customers)).toBe(before);

    const change = { name: 'Typo Incorporated', emial: 'new@example.com' };
    expect(await apiError(updateCustomer(get().db, customerId, asSent<UpdateCustomerInput>(change), { actor: ACTOR, now: NOW }))).toMatchObject({ status: 422, fields: ['emial'] });
    expect((await get().db.select({ name: customers.name }).from(customers).where(eq(customers.id, customerId)))[0]!.name).toBe('Typo Inc.');
  });

  it('subscriptions: a misspelt field on create or change is a 422 naming it and starts nothing', async () => {
    const before = await rows(subscriptions);
    const body = { customer_id: customerId, plan_code: 'pro', trial_dayz: 14 };
    expect(await apiError(createSubscription(get().db, asSent<CreateSubscriptionInput>(body), ctx))).toMatchObject({ status: 422, fields: ['trial_dayz'], messages: ['unknown field'] });
    expect(await rows(subscriptions)).toBe(before);
    // PATCH /api/admin/billing/subscriptions/[id] parses this before anything is loaded
    expect(await apiError(Promise.resolve().then(() => patchSubscriptionSchema.parse({ cancel_at_period_end: true, cancel_immediately: true })))).toMatchObject({ status: 422, fields: ['cancel_immediately'] });
  });

  it('one-time invoices: a misspelt field, top-level or on an item, is a 422 naming it and issues nothing', async () => {
    const before = await rows(invoices);
    const body = { customer_id: customerId, items: [{ description: 'Workshop', quantity: '1', unit_price: '500', tax_rate: '0.21' }], due_day: 30, finalize: true };
    const error = await apiError(Promise.resolve().then(() => createOneTimeInvoice(get().db, oneTimeInvoiceSchema.parse(body), ctx)));
    expect(error).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(error.fields.sort()).toEqual(['due_day', 'items.0.tax_rate']);
    expect(await rows(invoices)).toBe(before);
  });

  it('credit notes: a misspelt field is a 422 naming it and credits nothing', async () => {
    const before = await rows(creditNotes);
    const body = { reason: 'Outage on Nov 3', ammount: '10.00' };
    // without the check this would credit the whole invoice, as a note without `amount` does
    expect(await apiError(Promise.resolve().then(() => createCreditNote(get().db, invoiceId, createCreditNoteSchema.parse(body), ctx)))).toMatchObject({ status: 422, fields: ['ammount'], messages: ['unknown field'] });
    expect(await rows(creditNotes)).toBe(before);
  });

  it('usage events: a misspelt field anywhere in a batch refuses the batch with its index and field', async () => {
    const body = {
      events: [
        { id: 'evt_ok', external_customer_id: 'crm-typo', metric: 'api_calls', quantity: '5', timestamp: '2026-11-22T09:00:00Z' },
        { id: 'evt_typo', external_customer_id: 'crm-typo', metric: 'api_calls', quantitiy: '5', timestamp: '2026-11-22T09:00:00Z' },
      ],
    };
    // the route answers these details with a 422 before ingestion (e2e/unknown-fields.spec.ts checks
    // that nothing is recorded); without the check the second event would count 1 call, not 5
    expect(parseUsageEventsBody(body)).toEqual({ batch: true, details: [{ index: 1, field: 'quantitiy', message: 'unknown field' }] });
    const fixed = parseUsageEventsBody({ events: [body.events[0], { ...body.events[0], id: 'evt_fixed' }] });
    if (!('events' in fixed)) throw new Error('the corrected batch should be valid');
    expect(await ingestUsageEvents(get(), fixed.events, { now: NOW, batch: fixed.batch })).toMatchObject({ accepted: 2, duplicates: 0 });
  });
});
