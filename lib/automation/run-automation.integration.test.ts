// The automated run against the real Stripe SDK and the local Stripe server: each step drains a backlog
// larger than any page it reads (more than 500 invoices to mirror, more than 100 charges), reports
// what it did and what is left, and a run out of time leaves the rest to the next run.
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { selectRows } from '@/lib/db/client';
import { customers, invoices } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { ensureStripeCustomer } from '@/lib/stripe/mirror-invoice';
import { createStripeClient } from '@/lib/stripe/stripe-client';
import { startFakeStripe, type FakeStripe } from '@/test/fake-stripe/fake-stripe-server';
import { describeEachEngine } from '@/test/test-database';
import { runAutomation } from './run-automation';

const config = billingConfig(parseEnv({}));
const ACTOR = { type: 'cron', id: null } as const;
const NOW = new Date('2026-11-22T06:00:00Z');
const PAYERS = 3;
const CUSTOMERS = 13;
const INVOICES_EACH = 40; // 13 × 40 = 520 invoices to mirror; 3 auto-pay customers × 40 = 120 charges

describeEachEngine('automation run', (get) => {
  let fake: FakeStripe;
  let stripe: Stripe;

  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = createStripeClient('sk_test_meterbill', fake.url);
    const { db } = get();
    for (let c = 0; c < CUSTOMERS; c++) {
      const autoPay = c < PAYERS;
      const [customer] = await db
        .insert(customers)
        .values({ name: `Backlog ${c}`, email: `backlog${c}@example.com`, currency: 'eur', taxRate: '0', paymentMethod: autoPay ? 'card' : 'bank_transfer', autoPay })
        .returning();
      if (autoPay) fake.attachPaymentMethod(await ensureStripeCustomer(db, stripe, customer!), 'pm_card_visa', { asDefault: true });
      for (let i = 0; i < INVOICES_EACH; i++) {
        await createOneTimeInvoice(db, { customer_id: customer!.id, items: [{ description: `Service ${i}`, quantity: '1', unit_price: '10' }], finalize: true }, { now: NOW, config, actor: ACTOR });
      }
    }
  }, 300_000);
  afterAll(async () => {
    await fake?.close();
  });

  it('reports every step, and a run without time left leaves the whole backlog as remaining', async () => {
    const starved = await runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cron', budgetMs: 0, services: () => ({ config, stripe }) });
    expect(Object.keys(starved.steps)).toEqual(['billing', 'stripe', 'dunning', 'notifications', 'alerts', 'retention']);
    expect(starved.steps.stripe).toMatchObject({ done: 0, remaining: CUSTOMERS * INVOICES_EACH, failed: 0 });
    expect(starved.steps.dunning).toMatchObject({ remaining: PAYERS * INVOICES_EACH });
    expect(starved.steps.alerts).toMatchObject({ done: 0, remaining: 0 });
  });

  it('drains more than 500 mirrors and 100 charges in one run within its budget', async () => {
    const run = await runAutomation(get(), { now: NOW, actor: ACTOR, trigger: 'cron', budgetMs: 240_000, services: () => ({ config, stripe }) });
    expect(run.steps.stripe).toMatchObject({ done: CUSTOMERS * INVOICES_EACH, remaining: 0, failed: 0 });
    expect(run.steps.dunning).toMatchObject({ remaining: 0 });
    expect(run.dunning).toMatchObject({ retried: PAYERS * INVOICES_EACH, recovered: PAYERS * INVOICES_EACH });
    const [paid] = await selectRows<{ n: number }>(get().db, sql`select count(*)::int as n from invoices where status = 'paid'`);
    expect(paid!.n).toBe(PAYERS * INVOICES_EACH);
    expect(fake.state.invoices.size).toBe(CUSTOMERS * INVOICES_EACH);

    // the run's row keeps the per-step counts for the admin's runs page
    const [log] = await selectRows<{ status: string; steps: Record<string, { done: number }> }>(get().db, sql`select status, steps from billing_automation_log where id = ${run.run_id}`);
    expect(log).toMatchObject({ status: 'completed', steps: { stripe: { done: CUSTOMERS * INVOICES_EACH } } });

    // nothing is left: the next run finds nothing to do and charges nobody twice
    const again = await runAutomation(get(), { now: new Date(NOW.getTime() + 3_600_000), actor: ACTOR, trigger: 'cron', budgetMs: 240_000, services: () => ({ config, stripe }) });
    expect(again.steps.stripe).toMatchObject({ done: 0, remaining: 0 });
    expect(again.dunning).toMatchObject({ retried: 0 });
    const open = await get().db.select({ id: invoices.id }).from(invoices).where(eq(invoices.status, 'open'));
    expect(open).toHaveLength((CUSTOMERS - PAYERS) * INVOICES_EACH);
  }, 300_000);
});
