// Customers on a real database: what the admin API accepts and refuses, the external id as a unique
// key, search and paging, and which changes are refused once a customer is being billed.
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { parseEnv } from '@/lib/env';
import { auditLog, customers } from '@/lib/db/schema';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { createCustomer } from './create-customer';
import { toCustomerView, type CreateCustomerInput } from './customer-schemas';
import { getCustomerOrThrow } from './get-customer-or-throw';
import { listCustomers } from './list-customers';
import { updateCustomer } from './update-customer';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const ctx = { actor: ADMIN, now: NOW, defaultCurrency: 'usd' };

describeEachEngine('customers', (get) => {
  const create = (input: CreateCustomerInput) => createCustomer(get().db, input, ctx);

  beforeAll(async () => {
    await createPlan(get().db, { code: 'eur_plan', name: 'Euro', currency: 'eur', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '10' }] });
  });

  it('creates a customer with codes normalised and the defaults filled in', async () => {
    const row = await create({
      external_id: 'crm-1001',
      name: '  Vigint B.V. ',
      email: 'billing@vigint.example',
      currency: 'EUR',
      country: 'nl',
      address_lines: ['Keizersgracht 1', '1015 CJ Amsterdam'],
      tax_rate: '0.21',
      tax_id: 'NL123456789B01',
      payment_method: 'direct_debit',
      billing_emails: ['ap@vigint.example'],
    });
    expect(toCustomerView(row)).toEqual({
      id: row.id,
      external_id: 'crm-1001',
      name: 'Vigint B.V.',
      email: 'billing@vigint.example',
      billing_emails: ['ap@vigint.example'],
      currency: 'eur',
      country: 'NL',
      address_lines: ['Keizersgracht 1', '1015 CJ Amsterdam'],
      tax_rate: '0.21',
      tax_exempt: false,
      tax_id: 'NL123456789B01',
      payment_method: 'direct_debit',
      status: 'active',
      suspended_at: null,
      email_bounced_at: null,
      email_bounce_reason: null,
      created: expect.any(String),
      updated: expect.any(String),
    });
    const minimal = toCustomerView(await create({ name: 'Minimal', email: 'min@example.com' }));
    expect(minimal).toMatchObject({ currency: 'usd', country: null, tax_rate: null, tax_exempt: false, payment_method: 'card', status: 'active', address_lines: [], billing_emails: [] });
    const [audit] = await get().db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.created'), eq(auditLog.entityId, row.id)));
    expect(audit).toMatchObject({ actorId: 'admin-test', customerId: row.id });
  });

  it('refuses bad fields with a 422 naming each one', async () => {
    const bad = await apiError(create({ name: '', email: 'not-an-email', currency: 'xyz', country: 'EU', tax_rate: '21', payment_method: 'cash' as never }));
    expect(bad.status).toBe(422);
    expect(bad.fields.sort()).toEqual(['country', 'currency', 'email', 'name', 'payment_method', 'tax_rate']);
    for (const taxRate of ['1', '1.0', '-0.1', '0.1234567', '.21', '21%']) {
      expect(await apiError(create({ name: 'Tax', email: 't@example.com', tax_rate: taxRate }))).toMatchObject({ status: 422, fields: ['tax_rate'] });
    }
    expect(await apiError(create({ name: 'Tax', email: 't@example.com', tax_rate: 0.21 as never }))).toMatchObject({ status: 422, fields: ['tax_rate'] });
    expect(await apiError(create({ name: 'Country', email: 'c@example.com', country: 'XX' }))).toMatchObject({ status: 422, fields: ['country'] });
    expect(await apiError(create({ name: 'Country', email: 'c@example.com', country: 'NLD' }))).toMatchObject({ status: 422, fields: ['country'] });
    expect(await apiError(updateCustomer(get().db, (await create({ name: 'P', email: 'p@example.com' })).id, { email: 'nope' }, ctx))).toMatchObject({ status: 422, fields: ['email'] });
    // billing emails: up to 5 addresses, each once
    const billing = (list: string[]) => apiError(create({ name: 'B', email: 'b@example.com', billing_emails: list }));
    expect(await billing(['a@example.com', 'nope'])).toMatchObject({ status: 422, fields: ['billing_emails.1'] });
    expect(await billing(['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `${x}@example.com`))).toMatchObject({ status: 422, fields: ['billing_emails'] });
    expect(await billing(['a@example.com', 'A@example.com'])).toMatchObject({ status: 422, fields: ['billing_emails'] });
  });

  it('keeps external_id unique: a second customer or an update taking it is a 409', async () => {
    await create({ external_id: 'crm-dup', name: 'First', email: 'first@example.com' });
    expect(await apiError(create({ external_id: 'crm-dup', name: 'Second', email: 'second@example.com' }))).toMatchObject({ status: 409, code: 'customer_exists', fields: ['external_id'] });
    const other = await create({ external_id: 'crm-other', name: 'Other', email: 'other@example.com' });
    expect(await apiError(updateCustomer(get().db, other.id, { external_id: 'crm-dup' }, ctx))).toMatchObject({ status: 409, fields: ['external_id'] });
    // customers without an external id do not collide
    await create({ name: 'No id 1', email: 'a@example.com' });
    await create({ name: 'No id 2', email: 'b@example.com' });
  });

  it('searches name, email and external id (case-insensitive, wildcards literal) and pages without repeats', async () => {
    const { db } = get();
    const acme = await create({ external_id: 'SF-0042', name: 'Acme Rockets', email: 'ap@acme-rockets.example' });
    await create({ name: '100% Organic', email: 'hello@organic.example' });
    await create({ name: '1000 Organic', email: 'info@thousand.example' });
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids((await listCustomers(db, { query: 'ROCKET' })).data)).toEqual([acme.id]);
    expect(ids((await listCustomers(db, { query: 'acme-rockets.example' })).data)).toEqual([acme.id]);
    expect(ids((await listCustomers(db, { query: 'sf-0042' })).data)).toEqual([acme.id]);
    expect((await listCustomers(db, { query: '100%' })).data.map((c) => c.name)).toEqual(['100% Organic']);
    expect((await listCustomers(db, { query: 'no such customer' })).data).toEqual([]);

    const all = await listCustomers(db, {});
    expect(all.has_more).toBe(false);
    const seen: string[] = [];
    let page = await listCustomers(db, { limit: 3 });
    seen.push(...ids(page.data));
    while (page.has_more) {
      page = await listCustomers(db, { limit: 3, starting_after: seen.at(-1) });
      seen.push(...ids(page.data));
    }
    expect(seen).toEqual(ids(all.data));
    expect(new Set(seen).size).toBe(all.data.length);
  });

  it('updates only the fields given; suspension is stamped; the currency is fixed once the customer is billed in it', async () => {
    const { db } = get();
    const customer = await create({ name: 'Changing', email: 'change@example.com', currency: 'usd', tax_rate: '0.1' });
    const updated = toCustomerView(await updateCustomer(db, customer.id, { country: 'de', tax_rate: null, tax_exempt: true, currency: 'eur' }, ctx));
    expect(updated).toMatchObject({ name: 'Changing', email: 'change@example.com', country: 'DE', tax_rate: null, tax_exempt: true, currency: 'eur' });
    const suspended = toCustomerView(await updateCustomer(db, customer.id, { status: 'suspended' }, ctx));
    expect(suspended).toMatchObject({ status: 'suspended', suspended_at: NOW.toISOString() });
    expect(toCustomerView(await updateCustomer(db, customer.id, { status: 'active' }, ctx))).toMatchObject({ status: 'active', suspended_at: null });

    await createSubscription(db, { customer_id: customer.id, plan_code: 'eur_plan' }, { actor: ADMIN, now: NOW, config: billingConfig(parseEnv({})) });
    expect(await apiError(updateCustomer(db, customer.id, { currency: 'usd' }, ctx))).toMatchObject({ status: 409, code: 'currency_locked', fields: ['currency'] });
    // naming the same currency is not a change
    expect(toCustomerView(await updateCustomer(db, customer.id, { currency: 'EUR', name: 'Changed' }, ctx))).toMatchObject({ currency: 'eur', name: 'Changed' });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.updated'), eq(auditLog.entityId, customer.id)));
    expect(audits).toHaveLength(4);
    const [stored] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(stored!.currency).toBe('eur');
  });

  it('answers 404 for unknown and malformed ids', async () => {
    const { db } = get();
    expect(await apiError(getCustomerOrThrow(db, '00000000-0000-4000-8000-000000000000'))).toMatchObject({ status: 404 });
    expect(await apiError(getCustomerOrThrow(db, 'not-a-uuid'))).toMatchObject({ status: 404 });
    expect(await apiError(updateCustomer(db, '00000000-0000-4000-8000-000000000000', { name: 'x' }, ctx))).toMatchObject({ status: 404 });
  });
});
