// Dunning without Stripe: overdue, suspension after the grace period, reactivation when paid; every
// message once, whatever how often it runs.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { createPlan } from '@/lib/catalog/create-plan';
import { selectRows } from '@/lib/db/client';
import { customers, invoices, subscriptions } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { describeEachEngine } from '@/test/test-database';
import { runDunning } from './run-dunning';
import { DAY_MS } from '@/lib/time/utc-day';

const NOW = new Date('2026-11-22T10:00:00Z');
const config = billingConfig(parseEnv({}));
const ACTOR = { type: 'system', id: null } as const;

describeEachEngine('dunning without Stripe', (get) => {
  let late: { customerId: string; invoiceId: string; subscriptionId: string };
  let recent: { customerId: string; invoiceId: string };

  async function customerWithInvoice(name: string, dueDaysAgo: number) {
    const { db } = get();
    const [customer] = await db.insert(customers).values({ name, email: `${name.toLowerCase()}@example.com`, currency: 'usd', taxRate: '0', paymentMethod: 'bank_transfer' }).returning();
    const invoice = await createOneTimeInvoice(db, { customer_id: customer!.id, items: [{ description: 'Service', quantity: '1', unit_price: '100' }], finalize: true }, { now: new Date(NOW.getTime() - (dueDaysAgo + 14) * DAY_MS), config, actor: ACTOR });
    return { customerId: customer!.id, invoiceId: invoice.id };
  }

  beforeAll(async () => {
    const { db } = get();
    const plan = await createPlan(db, { code: 'basic', name: 'Basic', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '100', description: 'Basic' }] });
    const a = await customerWithInvoice('Late', 20);
    const [sub] = await db
      .insert(subscriptions)
      .values({ customerId: a.customerId, planId: plan.id, startDate: new Date('2026-10-01'), currentPeriodStart: new Date('2026-11-01'), currentPeriodEnd: new Date('2026-12-01') })
      .returning();
    late = { ...a, subscriptionId: sub!.id };
    recent = await customerWithInvoice('Recent', 5);
  });

  it('marks past-due invoices overdue and suspends customers past the 14-day grace period, once', async () => {
    const first = await runDunning(get().db, null, { now: NOW, config, actor: ACTOR });
    expect(first).toMatchObject({ overdue: 2, suspended: 1, reactivated: 0, retried: 0 });
    const [lateCustomer] = await get().db.select().from(customers).where(eq(customers.id, late.customerId));
    expect(lateCustomer).toMatchObject({ status: 'suspended' });
    const [recentCustomer] = await get().db.select().from(customers).where(eq(customers.id, recent.customerId));
    expect(recentCustomer!.status).toBe('active');
    const [sub] = await get().db.select().from(subscriptions).where(eq(subscriptions.id, late.subscriptionId));
    expect(sub!.status).toBe('past_due');
    const [invoice] = await get().db.select().from(invoices).where(eq(invoices.id, recent.invoiceId));
    expect(invoice!.overdueAt?.toISOString()).toBe(NOW.toISOString());

    const second = await runDunning(get().db, null, { now: new Date(NOW.getTime() + 3_600_000), config, actor: ACTOR });
    expect(second).toMatchObject({ overdue: 0, suspended: 0, reactivated: 0 });
    // dunning's own messages, once each however often it runs (the invoices' issue emails came before)
    const outbox = await selectRows<{ template: string; n: string | number }>(
      get().db,
      sql`select template, count(*) as n from notification_outbox where template <> 'invoice_issued' group by template order by template`,
    );
    expect(outbox.map((r) => [r.template, Number(r.n)])).toEqual([['account_suspended', 1], ['invoice_overdue', 2]]);
    const audit = await selectRows<{ action: string }>(get().db, sql`select action from audit_log where customer_id = ${late.customerId} and action like 'customer.%'`);
    expect(audit.map((a) => a.action)).toEqual(['customer.suspended']);
  });

  it('reactivates the customer and their subscription the moment the overdue invoice is paid', async () => {
    await changeInvoiceStatus(get().db, late.invoiceId, { status: 'paid', payment_reference: 'TRF-LATE' }, { now: NOW, config, actor: ACTOR });
    const [customer] = await get().db.select().from(customers).where(eq(customers.id, late.customerId));
    expect(customer).toMatchObject({ status: 'active', suspendedAt: null });
    const [sub] = await get().db.select().from(subscriptions).where(eq(subscriptions.id, late.subscriptionId));
    expect(sub!.status).toBe('active');
    const audit = await selectRows<{ action: string }>(get().db, sql`select action from audit_log where customer_id = ${late.customerId} and action like 'customer.%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['customer.suspended', 'customer.reactivated']);
  });
});
