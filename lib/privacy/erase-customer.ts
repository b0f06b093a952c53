// The right to erasure (GDPR art. 17) for one customer, in one transaction: personal data is cleared
// or deleted at once, while what the law makes us keep stays exactly as issued. Invoices and credit
// notes keep their number, amounts and the buyer as printed (the snapshot on the invoice, which the
// documents render from) until the legal retention period ends; the automation run then pseudonymizes
// that snapshot too (pseudonymize-expired-invoices.ts). The audit log is append-only: the entry written
// here names the erasure and its reason, and no audit entry holds personal data in the first place
// (personal-fields.ts). Once the transaction has committed, the customer's Stripe customer is deleted
// (erase-at-stripe.ts); when Stripe cannot be reached, the automation run does it later.
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { enterWorkspaceScope, type Database, type Queryable } from '@/lib/db/client';
import { billingPeriods, customers, invoices, notificationOutbox, paymentMethods, subscriptions, usageEvents, webhookDeliveries, webhookEvents } from '@/lib/db/schema';
import { getCustomerOrThrow } from '@/lib/customers/get-customer-or-throw';
import { BillingError } from '@/lib/errors/billing-error';
import { eraseStripeCustomer } from './erase-at-stripe';

export const ERASED_CUSTOMER_NAME = 'Erased customer';

// strict: an unknown field is refused by name
export const eraseCustomerSchema = z.strictObject({
  reason: z.string().trim().min(1, 'is required: say why the data is erased (e.g. "GDPR request of 2026-12-01")').max(500, 'at most 500 characters'),
});
export type EraseCustomerInput = z.input<typeof eraseCustomerSchema>;

/** Subscriptions that still bill: erasing their customer would leave periods nobody can invoice. */
const LIVE_SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'incomplete'] as const;

const refused = (code: string, message: string) => new BillingError({ code, status: 409, message });

/** Why this customer cannot be erased yet, or nothing. Read under the customer's row lock. */
async function assertErasable(tx: Queryable, customerId: string): Promise<void> {
  const [live] = await tx
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]), isNull(subscriptions.endedAt)))
    .limit(1);
  if (live) throw refused('customer_has_live_subscription', 'The customer has a live subscription; cancel it and let its last period be billed first');
  // open invoices with anything due either way (owed by the customer, or a balance owed to them), drafts
  // that would be issued to a buyer that no longer exists, periods not yet billed
  const [due] = await tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.customerId, customerId), or(eq(invoices.status, 'draft'), and(eq(invoices.status, 'open'), ne(invoices.amountDue, '0')))))
    .limit(1);
  if (due) throw refused('customer_has_money_due', 'The customer has open or draft invoices; settle, void or write them off first');
  const [unbilled] = await tx
    .select({ id: billingPeriods.id })
    .from(billingPeriods)
    .where(and(eq(billingPeriods.customerId, customerId), inArray(billingPeriods.status, ['open', 'closing'])))
    .limit(1);
  if (unbilled) throw refused('customer_has_money_due', 'The customer has a billing period not yet invoiced; let the billing run invoice it first');
}

/**
 * What became of the customer's Stripe customer: deleted now, `pending` (Stripe failed or is not
 * configured: the automation run deletes it), or `none` (they never had one).
 */
export type StripeCustomerErasure = 'deleted' | 'pending' | 'none';

/**
 * Erases the customer's personal data; 404 for an unknown customer, 409 while something is live or
 * due, 409 already_erased the second time. Returns when it happened, and what became of their Stripe
 * customer: our erasure stands whatever Stripe answers.
 */
export async function eraseCustomer(
  database: Database,
  customerId: string,
  input: EraseCustomerInput,
  { actor, now, stripe }: { actor: Actor; now: Date; stripe: Stripe | null },
): Promise<{ erased_at: string; stripe_customer: StripeCustomerErasure }> {
  const { reason } = eraseCustomerSchema.parse(input);
  const { stripeCustomerId } = await eraseInOneTransaction(database, customerId, reason, { actor, now });
  const erased_at = now.toISOString();
  if (!stripeCustomerId) return { erased_at, stripe_customer: 'none' };
  if (!stripe) return { erased_at, stripe_customer: 'pending' };
  try {
    await eraseStripeCustomer(database.db, stripe, { id: customerId, stripeCustomerId }, { actor, now });
    return { erased_at, stripe_customer: 'deleted' };
  } catch (error) {
    console.warn(`[privacy] customer ${customerId} is erased; deleting their Stripe customer failed and is left to the automation run: ${error instanceof Error ? error.message : String(error)}`);
    return { erased_at, stripe_customer: 'pending' };
  }
}

async function eraseInOneTransaction(database: Database, customerId: string, reason: string, { actor, now }: { actor: Actor; now: Date }): Promise<{ stripeCustomerId: string | null }> {
  // One transaction for all of it, including the sign-in, which lives above workspaces (auth.users):
  // everything else runs in the workspace's scope, under its RLS, and only the last statement leaves it.
  return database.installation.db.transaction(async (tx) => {
    await enterWorkspaceScope(tx, database.workspaceId);
    const customer = await getCustomerOrThrow(tx, customerId, { lock: true });
    if (customer.erasedAt) throw refused('already_erased', `The customer was erased on ${customer.erasedAt.toISOString()}`);
    await assertErasable(tx, customerId);

    await tx
      .update(customers)
      .set({
        name: ERASED_CUSTOMER_NAME,
        email: '',
        billingEmails: [],
        addressLines: [],
        taxId: null,
        externalId: null,
        bankIban: null,
        bankBic: null,
        emailBounceReason: null,
        userId: null,
        erasedAt: now,
        updatedAt: now,
      })
      .where(eq(customers.id, customerId));
    const methods = await tx.delete(paymentMethods).where(eq(paymentMethods.customerId, customerId)).returning({ id: paymentMethods.id });
    const events = await tx
      .update(usageEvents)
      .set({ properties: {}, voidReason: null })
      .where(and(eq(usageEvents.customerId, customerId), sql`(${usageEvents.properties} <> '{}'::jsonb or ${usageEvents.voidReason} is not null)`))
      .returning({ id: usageEvents.id });
    // the distinct values a unique_count metric saw (user ids, emails …) become opaque: the counts of
    // issued invoices stay what they were, and nothing can be read back from them
    await tx.execute(sql`update usage_unique_values set value = 'erased:' || md5(value) where customer_id = ${customerId} and value not like 'erased:%'`);

    // the emails and webhook events about the customer: bodies, recipients and payloads go; what was
    // still waiting to be sent is not sent any more
    const stopped = 'the customer was erased';
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: stopped, updatedAt: now })
      .where(and(eq(webhookDeliveries.status, 'pending'), inArray(webhookDeliveries.messageId, tx.select({ id: notificationOutbox.id }).from(notificationOutbox).where(eq(notificationOutbox.customerId, customerId)))));
    await tx
      .update(notificationOutbox)
      .set({ status: 'failed', lastError: stopped, sendAfter: null, updatedAt: now })
      .where(and(eq(notificationOutbox.customerId, customerId), inArray(notificationOutbox.status, ['queued', 'sending'])));
    const emails = await tx
      .update(notificationOutbox)
      .set({ html: null, text: null, toEmails: [], payload: {}, updatedAt: now })
      .where(eq(notificationOutbox.customerId, customerId))
      .returning({ id: notificationOutbox.id });
    // Stripe's events about the customer's Stripe account carry their name, email and address
    if (customer.stripeCustomerId) {
      await tx
        .update(webhookEvents)
        .set({ payload: {} })
        .where(sql`${webhookEvents.payload}::text like ${`%"${customer.stripeCustomerId.replace(/[%_\\]/g, '\\$&')}"%`}`);
    }

    await writeAuditEntries(tx, actor, [
      {
        action: 'customer.erased',
        entityType: 'customer',
        entityId: customerId,
        customerId,
        // counts and the operator's reason only: nothing here may be personal data, the log is kept for good
        details: { reason, payment_methods_deleted: methods.length, usage_events_cleared: events.length, messages_cleared: emails.length },
      },
    ]);

    // the sign-in, unlinked above: deleted, unless it is also a workspace member's (an admin who was a
    // customer too keeps their login). Installation work: the scope ends here.
    if (customer.userId) {
      await tx.execute(sql`reset role`);
      await tx.execute(sql`delete from auth.users u where u.id = ${customer.userId} and not exists (select 1 from public.workspace_members m where m.user_id = u.id)`);
    }
    return { stripeCustomerId: customer.stripeCustomerId };
  });
}
