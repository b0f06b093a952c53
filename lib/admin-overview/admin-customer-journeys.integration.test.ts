// What the admin's customer page does, on a real database, through the same functions its Server
// Actions call: a customer added and edited from the form's text (the audit entry naming only what
// changed), and the customer's current period of usage as the page charts it — the whole period day by
// day, the latest events to correct, a correction seen at once — kept inside the admin's workspace.
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { createCustomerInputOf, customerChangesOf, customerFormValuesOf, CUSTOMER_FORM_FIELDS, type CustomerFormValues } from '@/lib/customers/customer-form';
import { toCustomerView } from '@/lib/customers/customer-schemas';
import { updateCustomer } from '@/lib/customers/update-customer';
import { auditLog, workspaces } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { utcDaysBetween } from '@/lib/time/utc-day';
import { correctUsageEvent } from '@/lib/usage/correct-usage-event';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { parseUsageEvent } from '@/lib/usage/usage-event-schema';
import { describeEachEngine } from '@/test/test-database';
import { getAdminCustomerUsage, RECENT_EVENTS_LIMIT } from './get-admin-customer-usage';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
const blank = Object.fromEntries(CUSTOMER_FORM_FIELDS.map((f) => [f, ''])) as CustomerFormValues;

function event(raw: Record<string, unknown>) {
  const parsed = parseUsageEvent(raw);
  if ('errors' in parsed) throw new Error(`test event is not valid: ${JSON.stringify(parsed.errors)}`);
  return parsed.event;
}

describeEachEngine('the admin customer page', (get) => {
  let customerId: string;

  beforeAll(async () => {
    const { db } = get();
    await createMetric(db, { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' });
    await createPlan(db, {
      code: 'starter',
      name: 'Starter',
      currency: 'usd',
      interval: 'month',
      charges: [
        { metric: null, model: 'flat', amount: '49' },
        { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '100' },
      ],
    });
    const customer = await createCustomer(db, createCustomerInputOf({ ...blank, name: 'Journey Ltd', email: 'ap@journey.example', currency: 'usd', payment_method: 'bank_transfer', tax_rate: '0' }), { actor: ADMIN, now: NOW, defaultCurrency: 'eur' });
    customerId = customer.id;
    await createSubscription(db, { customer_id: customerId, plan_code: 'starter', start_date: '2026-11-05', trial_days: 0 }, { now: NOW, config, actor: ADMIN });
  });

  it('adds a customer from the form, and an edit changes and audits only the fields that differ', async () => {
    const { db } = get();
    const created = await createCustomer(db, createCustomerInputOf({ ...blank, name: 'Form Co', email: 'form@co.example', country: 'de', payment_method: 'card' }), { actor: ADMIN, now: NOW, defaultCurrency: 'eur' });
    expect(toCustomerView(created)).toMatchObject({ name: 'Form Co', currency: 'eur', country: 'DE', tax_rate: null, billing_emails: [] });

    const values = { ...customerFormValuesOf(toCustomerView(created)), name: 'Form Company GmbH', billing_emails: 'ap@co.example\nfinance@co.example' };
    const changes = customerChangesOf(values, toCustomerView(created));
    expect(changes).toEqual({ name: 'Form Company GmbH', billing_emails: ['ap@co.example', 'finance@co.example'] });
    const updated = await updateCustomer(db, created.id, changes, { actor: ADMIN, now: NOW });
    expect(toCustomerView(updated)).toMatchObject({ name: 'Form Company GmbH', country: 'DE', billing_emails: ['ap@co.example', 'finance@co.example'] });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, 'customer.updated')));
    // only what changed is named; personal fields are named, never their values (the log is append-only)
    expect(entry!.details).toMatchObject({ fields: ['name', 'billing_emails'], before: {} });
    expect(JSON.stringify(entry!.details)).not.toContain('Form Co');
    // the same form again is no change at all
    expect(customerChangesOf(values, toCustomerView(updated))).toEqual({});
  });

  it('charts the whole current period day by day and lists the latest events, newest first', async () => {
    await ingestUsageEvents(
      get(),
      [
        event({ id: 'before-period', customer_id: customerId, metric: 'api_calls', quantity: 999, timestamp: '2026-11-04T12:00:00Z' }),
        event({ id: 'calls-1', customer_id: customerId, metric: 'api_calls', quantity: 80, timestamp: '2026-11-06T10:00:00Z' }),
        event({ id: 'calls-2', customer_id: customerId, metric: 'api_calls', quantity: 45, timestamp: '2026-11-22T09:00:00Z' }),
      ],
      { now: NOW },
    );
    const usage = await getAdminCustomerUsage({ database: get(), config }, customerId, NOW);
    expect(usage.summary.period).toEqual({ start: '2026-11-05T00:00:00.000Z', end: '2026-12-05T00:00:00.000Z' });
    expect(usage.summary.subscription).toMatchObject({ plan_code: 'starter' });
    // 125 used of 100 included: 25 over at $0.01 is $0.25, exactly
    expect(usage.summary.metrics).toEqual([expect.objectContaining({ code: 'api_calls', quantity: '125', included: '100', overage: '25', overage_amount: '0.25' })]);
    // the period's first to last day (the end is exclusive), days to come as zero
    expect(usage.daily).toMatchObject({ from: '2026-11-05', to: '2026-12-04' });
    const calls = usage.daily.series.find((s) => s.metric === 'api_calls')!;
    expect(calls.points.map((p) => p.day)).toEqual(utcDaysBetween('2026-11-05', '2026-12-04'));
    expect(calls.points.filter((p) => p.quantity !== '0')).toEqual([
      { day: '2026-11-06', quantity: '80' },
      { day: '2026-11-22', quantity: '45' },
    ]);
    expect(usage.events.map((e) => e.event_id)).toEqual(['calls-2', 'calls-1', 'before-period']);
    expect(usage.moreEvents).toBe(false);
  });

  it('shows a correction at once, in the period total and the day’s bar', async () => {
    await correctUsageEvent(get().db, { action: 'adjust', customer_id: customerId, event_id: 'calls-2', quantity: '5', reason: 'meter sent a duplicate burst' }, { actor: ADMIN, now: NOW });
    await correctUsageEvent(get().db, { action: 'void', customer_id: customerId, event_id: 'calls-1', reason: 'test traffic' }, { actor: ADMIN, now: NOW });
    const usage = await getAdminCustomerUsage({ database: get(), config }, customerId, NOW);
    expect(usage.summary.metrics[0]).toMatchObject({ quantity: '5', overage: '0', overage_amount: '0.00' });
    const calls = usage.daily.series.find((s) => s.metric === 'api_calls')!;
    expect(calls.points.find((p) => p.day === '2026-11-22')!.quantity).toBe('5');
    expect(calls.points.find((p) => p.day === '2026-11-06')!.quantity).toBe('0');
    expect(usage.events.find((e) => e.event_id === 'calls-1')).toMatchObject({ voided: true, void_reason: 'test traffic' });
  });

  it('lists only the latest events and says there are more', async () => {
    const many = Array.from({ length: RECENT_EVENTS_LIMIT + 2 }, (_, i) => event({ id: `burst-${i}`, customer_id: customerId, metric: 'api_calls', quantity: 1, timestamp: '2026-11-21T08:00:00Z' }));
    await ingestUsageEvents(get(), many, { now: NOW });
    const usage = await getAdminCustomerUsage({ database: get(), config }, customerId, NOW);
    expect(usage.events).toHaveLength(RECENT_EVENTS_LIMIT);
    expect(usage.moreEvents).toBe(true);
  });

  it('does not read another workspace’s customer', async () => {
    const [other] = await get().installation.db.insert(workspaces).values({ slug: 'other-page', name: 'Other' }).returning();
    const error = await getAdminCustomerUsage({ database: get().inWorkspace(other!.id), config }, customerId, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BillingError);
    expect((error as BillingError).status).toBe(404);
  });
});
