// A customer's own billing details on a real database, through the function the settings form and
// PATCH /api/billing/customer call: a tax id that does not fit the country changes nothing, the change
// reaches only the signed-in customer's own record, is audited with before and after and announced as
// customer.updated, and the next invoice is made out to the new details while an issued one keeps its buyer.
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { sessionFromClaims } from '@/lib/auth/claims';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { billingConfig } from '@/lib/config/billing-config';
import { auditLog, customers, notificationOutbox } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { createCustomer } from './create-customer';
import { toCustomerView } from './customer-schemas';
import { getCustomerOrThrow } from './get-customer-or-throw';
import { updateOwnBillingDetails } from './update-own-billing-details';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN: Actor = { type: 'user', id: 'admin-test' };
const config = billingConfig(parseEnv({}));

describeEachEngine('a customer’s own billing details', (get) => {
  let counter = 0;

  beforeAll(async () => {
    // an endpoint that wants customer.updated, so the outbox shows whether the change was announced
    await createWebhookEndpoint(get().db, { url: 'https://crm.example/hooks', events: ['customer.updated'] }, { actor: ADMIN, allowPrivateUrls: true, lookup: async () => [{ address: '93.184.216.34', family: 4 }] });
  });

  /** A customer with a sign-in of their own, and that sign-in's session. */
  async function signedInCustomer(details: { country?: string; tax_id?: string } = {}) {
    counter += 1;
    const email = `own-${counter}@example.com`;
    const customer = await createCustomer(
      get().db,
      { name: `Own ${counter}`, email, currency: 'eur', country: details.country ?? 'DE', address_lines: ['Alte Straße 1', '10115 Berlin'], tax_id: details.tax_id },
      { actor: ADMIN, now: NOW, defaultCurrency: 'eur' },
    );
    const userId = await upsertLocalUser(get().installation.db, { email, passwordHash: 'x', appMetadata: {} });
    await get().db.update(customers).set({ userId }).where(eq(customers.id, customer.id));
    const session = sessionFromClaims({ sub: userId, role: 'authenticated', email, aud: 'authenticated', app_metadata: {} })!;
    return { customer, session };
  }

  const stored = async (id: string) => toCustomerView(await getCustomerOrThrow(get().db, id));
  const audits = (id: string) => get().db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.updated'), eq(auditLog.entityId, id)));
  const announced = (id: string) =>
    get().db.select().from(notificationOutbox).where(and(eq(notificationOutbox.customerId, id), eq(notificationOutbox.template, 'customer.updated')));

  it('refuses a tax id that does not fit the country, and unknown fields, changing nothing', async () => {
    const { customer, session } = await signedInCustomer();
    const before = await stored(customer.id);
    const details = { name: 'Neu GmbH', address_lines: ['Neue Straße 2'], country: 'DE', tax_id: 'DE12345' };
    const refused = await apiError(updateOwnBillingDetails(get().db, session, details, { now: NOW }));
    expect(refused).toMatchObject({ status: 422, fields: ['tax_id'] });
    expect(refused.messages[0]).toContain('expected DE followed by 9 digits');
    // a country whose format the tax id on file does not fit is refused on the tax id too
    const { customer: withId, session: withIdSession } = await signedInCustomer({ tax_id: 'DE123456789' });
    expect(await apiError(updateOwnBillingDetails(get().db, withIdSession, { country: 'NL' }, { now: NOW }))).toMatchObject({ status: 422, fields: ['tax_id'] });
    expect(await apiError(updateOwnBillingDetails(get().db, session, { name: 'X', tax_rate: '0' } as never, { now: NOW }))).toMatchObject({ status: 422, fields: ['tax_rate'] });
    expect(await apiError(updateOwnBillingDetails(get().db, session, { country: 'XX' }, { now: NOW }))).toMatchObject({ status: 422, fields: ['country'] });
    expect(await apiError(updateOwnBillingDetails(get().db, session, { name: '  ' }, { now: NOW }))).toMatchObject({ status: 422, fields: ['name'] });
    expect(await apiError(updateOwnBillingDetails(get().db, session, {}, { now: NOW }))).toMatchObject({ status: 422 });

    expect(await stored(customer.id)).toEqual(before);
    expect((await stored(withId.id)).country).toBe('DE');
    expect(await audits(customer.id)).toHaveLength(0);
    expect(await announced(customer.id)).toHaveLength(0);
  });

  it('saves the details on the signed-in customer only, normalised, audited with before and after, announced', async () => {
    const { customer: mine, session } = await signedInCustomer();
    const { customer: theirs } = await signedInCustomer();
    const theirsBefore = await stored(theirs.id);

    const row = await updateOwnBillingDetails(
      get().db,
      session,
      { name: ' Vigint B.V. ', address_lines: ['Keizersgracht 1', '1015 CJ Amsterdam'], country: 'nl', tax_id: 'nl 1234.56789.b01' },
      { now: NOW },
    );
    expect(toCustomerView(row)).toMatchObject({ id: mine.id, name: 'Vigint B.V.', country: 'NL', address_lines: ['Keizersgracht 1', '1015 CJ Amsterdam'], tax_id: 'NL123456789B01' });
    // nothing in the input names a customer: another one's record cannot be reached
    expect(await stored(theirs.id)).toEqual(theirsBefore);

    const [entry] = await audits(mine.id);
    expect(entry).toMatchObject({ actorType: 'user', actorId: session.userId });
    expect(entry!.details).toMatchObject({
      fields: ['name', 'country', 'address_lines', 'tax_id'],
      // personal data by name only: the audit log outlives an erasure
      before: { country: 'DE' },
      after: { country: 'NL' },
    });
    expect(JSON.stringify(entry!.details)).not.toMatch(/Vigint B\.V\.|Alte Straße|NL123456789B01/);
    expect(await announced(mine.id)).toHaveLength(1);
    expect(await announced(theirs.id)).toHaveLength(0);

    // an empty tax id clears it
    expect(toCustomerView(await updateOwnBillingDetails(get().db, session, { tax_id: '' }, { now: NOW })).tax_id).toBeNull();
  });

  it('a user without a billing account gets a 404', async () => {
    const userId = await upsertLocalUser(get().installation.db, { email: 'nobody@example.com', passwordHash: 'x', appMetadata: {} });
    const session = sessionFromClaims({ sub: userId, role: 'authenticated', email: 'nobody@example.com', aud: 'authenticated', app_metadata: {} })!;
    expect(await apiError(updateOwnBillingDetails(get().db, session, { name: 'Nobody' }, { now: NOW }))).toMatchObject({ status: 404 });
  });

  it('the next invoice is made out to the new details; an issued one keeps the buyer it was printed with', async () => {
    const { customer, session } = await signedInCustomer();
    const actor = { type: 'user', id: 'admin-test' } as const;
    const item = { description: 'Setup', quantity: '1', unit_price: '100' };
    const issued = await createOneTimeInvoice(get().db, { customer_id: customer.id, items: [item], finalize: true }, { now: NOW, config, actor });
    await updateOwnBillingDetails(get().db, session, { name: 'Renamed AG', address_lines: ['Bahnhofstrasse 1', '8001 Zürich'], country: 'CH', tax_id: 'CHE123456789MWST' }, { now: NOW });
    const next = await createOneTimeInvoice(get().db, { customer_id: customer.id, items: [item], finalize: true }, { now: NOW, config, actor });

    expect((await loadInvoiceView(get().db, issued.id))!.buyer).toMatchObject({ name: customer.name, country: 'DE', address_lines: ['Alte Straße 1', '10115 Berlin'], tax_id: null });
    expect((await loadInvoiceView(get().db, next.id))!.buyer).toMatchObject({ name: 'Renamed AG', country: 'CH', address_lines: ['Bahnhofstrasse 1', '8001 Zürich'], tax_id: 'CHE-123.456.789 MWST' });
  });
});
