// The customer's invoice pages on a real database: the list's filter and keyset paging both ways,
// the invoice with its lines, credit notes and payments, read under RLS (another customer's invoice
// is not found), and paying: bank transfer without Stripe, Stripe's hosted page with the way back,
// and the return sync converging with the webhook so the payment is recorded once.
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { sessionFromClaims, type Session } from '@/lib/auth/claims';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { customers, payments } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { createStripeClient } from '@/lib/stripe/stripe-client';
import { convergeInvoice } from '@/lib/stripe/webhook-events/converge-invoice';
import { startFakeStripe, type FakeStripe } from '@/test/fake-stripe/fake-stripe-server';
import { describeEachEngine } from '@/test/test-database';
import { getCustomerInvoiceDetail } from './get-customer-invoice-detail';
import { parseInvoiceListQuery } from './invoice-list-query';
import { listCustomerInvoicePage } from './list-customer-invoice-page';
import { startInvoicePayment } from './start-invoice-payment';
import { syncInvoiceFromStripe } from './sync-invoice-from-stripe';

const config = { ...billingConfig(parseEnv({})), bank: { iban: 'BE71096123456769', bic: 'GKCCBEBB' } };
const ACTOR: Actor = { type: 'user', id: 'invoice-pages-test' };
// every invoice is issued relative to this instant; the test never reads the clock
const BASE = new Date('2026-09-01T09:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(BASE.getTime() + days * DAY);

describeEachEngine('customer invoice pages', (get) => {
  let counter = 0;
  let fake: FakeStripe;
  let stripe: Stripe;

  beforeAll(async () => {
    fake = await startFakeStripe({ now: () => at(40) });
    stripe = createStripeClient('sk_test_invoice_pages', fake.url);
  });
  afterAll(async () => {
    await fake.close();
  });

  /** A customer signed in as their own user, with `count` invoices issued a day apart (the last newest). */
  async function customerWithInvoices(count: number, { paymentMethod = 'card' as 'card' | 'bank_transfer', dueDays = 14 } = {}) {
    counter += 1;
    const email = `pages-${counter}@example.com`;
    const userId = await upsertLocalUser(get().installation.db, { email, passwordHash: 'x', appMetadata: {} });
    const customer = await createCustomer(get().db, { name: `Pages ${counter}`, email, currency: 'usd', payment_method: paymentMethod }, { actor: ACTOR, now: BASE, defaultCurrency: 'usd' });
    await get().db.update(customers).set({ userId }).where(eq(customers.id, customer.id));
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const invoice = await createOneTimeInvoice(
        get().db,
        { customer_id: customer.id, items: [{ description: `Setup ${i + 1}`, quantity: '2', unit_price: `${10 + i}.25` }], due_days: dueDays, finalize: true },
        { now: at(i), config, actor: ACTOR },
      );
      ids.push(invoice.id);
    }
    const session = sessionFromClaims({ sub: userId, role: 'authenticated', email, aud: 'authenticated', app_metadata: {} })!;
    return { customerId: customer.id, session, ids };
  }

  const list = async (session: Session, params: Record<string, string>, now = at(5)) => {
    const parsed = parseInvoiceListQuery(params);
    if (!parsed.ok) throw new Error(`bad query in the test: ${JSON.stringify(parsed.problems)}`);
    return listCustomerInvoicePage(get().db, session, parsed.query, now);
  };
  const pageIds = (result: Awaited<ReturnType<typeof list>>) => (result.kind === 'page' ? result.page.invoices.map((i) => i.id) : result);

  describe('the list', () => {
    it('pages newest first with links both ways, and a previous page is the same as before', async () => {
      const { session, ids } = await customerWithInvoices(5);
      const newestFirst = [...ids].reverse();
      const first = await list(session, { limit: '2' });
      expect(first).toMatchObject({ kind: 'page', page: { previousBefore: null, nextAfter: newestFirst[1] } });
      expect(pageIds(first)).toEqual(newestFirst.slice(0, 2));

      const second = await list(session, { limit: '2', starting_after: newestFirst[1]! });
      expect(pageIds(second)).toEqual(newestFirst.slice(2, 4));
      expect(second).toMatchObject({ page: { previousBefore: newestFirst[2], nextAfter: newestFirst[3] } });

      const last = await list(session, { limit: '2', starting_after: newestFirst[3]! });
      expect(pageIds(last)).toEqual([newestFirst[4]]);
      expect(last).toMatchObject({ page: { previousBefore: newestFirst[4], nextAfter: null } });

      const back = await list(session, { limit: '2', ending_before: newestFirst[4]! });
      expect(pageIds(back)).toEqual(newestFirst.slice(2, 4));
      const backToStart = await list(session, { limit: '2', ending_before: newestFirst[2]! });
      expect(pageIds(backToStart)).toEqual(newestFirst.slice(0, 2));
      expect(backToStart).toMatchObject({ page: { previousBefore: null, nextAfter: newestFirst[1] } });
    });

    it('filters by status, overdue being open and past due at `now`', async () => {
      const { session, ids } = await customerWithInvoices(3, { dueDays: 2 });
      await changeInvoiceStatus(get().db, ids[0]!, { status: 'paid', payment_reference: 'transfer 1' }, { now: at(1), config, actor: ACTOR });
      await changeInvoiceStatus(get().db, ids[1]!, { status: 'void' }, { now: at(1), config, actor: ACTOR });
      expect(pageIds(await list(session, { status: 'paid' }))).toEqual([ids[0]]);
      expect(pageIds(await list(session, { status: 'void' }))).toEqual([ids[1]]);
      expect(pageIds(await list(session, { status: 'open' }, at(3)))).toEqual([ids[2]]);
      // issued on day 2, due on day 4: not overdue on day 3, overdue on day 5, and shown so
      expect(pageIds(await list(session, { status: 'overdue' }, at(3)))).toEqual([]);
      const overdue = await list(session, { status: 'overdue' }, at(5));
      expect(pageIds(overdue)).toEqual([ids[2]]);
      expect(overdue.kind === 'page' && overdue.page.invoices[0]!.status).toBe('overdue');
      expect(pageIds(await list(session, { status: 'uncollectible' }))).toEqual([]);
    });

    it('refuses another customer’s invoice as a cursor, and has nothing for a user without a customer', async () => {
      const mine = await customerWithInvoices(1);
      const theirs = await customerWithInvoices(1);
      expect(await list(mine.session, { starting_after: theirs.ids[0]! })).toEqual({
        kind: 'invalid',
        problems: [{ field: 'starting_after', value: theirs.ids[0], message: 'is none of your invoices' }],
      });
      expect(pageIds(await list(theirs.session, {}))).toEqual(theirs.ids);
      const lonelyId = await upsertLocalUser(get().installation.db, { email: 'lonely@example.com', passwordHash: 'x', appMetadata: {} });
      const lonely = sessionFromClaims({ sub: lonelyId, role: 'authenticated', email: 'lonely@example.com', aud: 'authenticated', app_metadata: {} })!;
      expect(await list(lonely, {})).toEqual({ kind: 'no_customer' });
    });
  });

  describe('the invoice', () => {
    it('has its lines, credit notes and payments; another customer’s, a random id or no id is not found', async () => {
      const mine = await customerWithInvoices(1);
      const theirs = await customerWithInvoices(1);
      const id = mine.ids[0]!;
      await createCreditNote(get().db, id, { reason: 'Setup took longer', amount: '5.00' }, { now: at(1), config, actor: ACTOR });
      await changeInvoiceStatus(get().db, id, { status: 'paid', payment_reference: 'INV transfer' }, { now: at(2), config, actor: ACTOR });

      const detail = await getCustomerInvoiceDetail(get().db, mine.session, id, at(3));
      expect(detail).toMatchObject({
        displayStatus: 'paid',
        customer: { id: mine.customerId, paymentMethod: 'card' },
        invoice: { id, status: 'paid', lines: [{ description: 'Setup 1', quantity: '2', unit_price: '10.25', amount: '20.50' }] },
        creditNotes: [{ reason: 'Setup took longer', subtotal: '5.00', method: 'credit' }],
      });
      // what was left after the credit note, recorded by hand (an admin matched the transfer) with its reference
      expect(detail!.payments).toHaveLength(1);
      expect(detail!.payments[0]).toMatchObject({ status: 'succeeded', method: 'manual', reference: 'INV transfer', amount: detail!.invoice.amount_paid });

      expect(await getCustomerInvoiceDetail(get().db, mine.session, theirs.ids[0]!, at(3))).toBeNull();
      expect(await getCustomerInvoiceDetail(get().db, mine.session, '00000000-0000-4000-8000-000000000000', at(3))).toBeNull();
      expect(await getCustomerInvoiceDetail(get().db, mine.session, 'INV-0001', at(3))).toBeNull();
    });
  });

  describe('paying', () => {
    const returnUrl = 'http://localhost:3000/billing/invoices/x?returned=stripe';

    it('is a bank transfer without Stripe or for a bank-transfer customer; a paid invoice or another’s is refused', async () => {
      const card = await customerWithInvoices(2);
      const transfer = await customerWithInvoices(1, { paymentMethod: 'bank_transfer' });
      const ctx = { config, now: at(3), returnUrl };
      expect(await startInvoicePayment(get().db, card.session, card.ids[0]!, { ...ctx, stripe: null })).toEqual({ kind: 'bank_transfer' });
      expect(await startInvoicePayment(get().db, transfer.session, transfer.ids[0]!, { ...ctx, stripe })).toEqual({ kind: 'bank_transfer' });
      // nothing went to Stripe for the transfer customer
      expect(fake.requestsTo('POST', '/v1/customers').filter((r) => (r.params as { email?: string }).email === transfer.session.email)).toEqual([]);

      await changeInvoiceStatus(get().db, card.ids[1]!, { status: 'paid' }, { now: at(3), config, actor: ACTOR });
      await expect(startInvoicePayment(get().db, card.session, card.ids[1]!, { ...ctx, stripe: null })).rejects.toMatchObject({ status: 409 });
      await expect(startInvoicePayment(get().db, transfer.session, card.ids[0]!, { ...ctx, stripe: null })).rejects.toMatchObject({ status: 404 });
    });

    it('goes to Stripe’s hosted page with the way back; on return the payment is synced once, whatever the webhook does', async () => {
      const { session, ids } = await customerWithInvoices(1);
      const id = ids[0]!;
      const started = await startInvoicePayment(get().db, session, id, { stripe, config, now: at(3), returnUrl });
      expect(started.kind).toBe('redirect');
      const url = new URL((started as { url: string }).url);
      expect(url.origin).toBe(fake.url);
      expect(url.pathname).toMatch(/^\/hosted\/in_/);
      expect(url.searchParams.get('return_url')).toBe(returnUrl);

      // not paid yet: nothing to sync
      expect(await syncInvoiceFromStripe(get().db, stripe, id, { now: at(3), config })).toBe(false);

      // the customer pays on the hosted page (the fake's form confirms the invoice's PaymentIntent)
      const form = await fetch(`${fake.url}${url.pathname}/pay`, { method: 'POST', body: new URLSearchParams({ payment_method: 'pm_card_visa' }), redirect: 'manual' });
      expect(form.status).toBe(303);

      expect(await syncInvoiceFromStripe(get().db, stripe, id, { now: at(3), config })).toBe(true);
      const detail = await getCustomerInvoiceDetail(get().db, session, id, at(3));
      expect(detail).toMatchObject({ displayStatus: 'paid', invoice: { status: 'paid', amount_due: '0.00' } });
      expect(detail!.payments).toMatchObject([{ status: 'succeeded', method: 'card', amount: detail!.invoice.total }]);
      expect(detail!.payments[0]!.stripeChargeId).toMatch(/^ch_/);

      // the webhook arriving afterwards, and a second return, record nothing more
      const stripeInvoiceId = detail!.stripeInvoiceId!;
      const current = await stripe.invoices.retrieve(stripeInvoiceId);
      await get().db.transaction((tx) => convergeInvoice(tx, current, { stripe, now: at(3), config }));
      expect(await syncInvoiceFromStripe(get().db, stripe, id, { now: at(3), config })).toBe(false);
      expect(await get().db.select().from(payments).where(eq(payments.invoiceId, id))).toHaveLength(1);
    });
  });
});
