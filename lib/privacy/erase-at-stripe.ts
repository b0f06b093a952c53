// Erasure reaches Stripe. The Stripe customer we made for a customer (when an invoice was mirrored or a
// payment method set up) holds their name, email, address and phone at Stripe, so erasing them here
// is not done until it is gone there too. It is deleted after our erasure commits (erase-customer.ts),
// never inside it: a Stripe call cannot be rolled back, and Stripe being down must not stop our own
// erasure. When it fails or no client is configured, the automation run's retention step retries it
// (eraseErasedCustomersAtStripe), so the erasure reaches Stripe however long Stripe is away.
//
// Delete, not redact by update. Stripe's guidance for deletion requests names redaction jobs (a
// preview, absent from the SDK we pin) and the delete endpoints, of which "Delete a customer" is the one
// for the customer object; deleting is final and whole: no field we did not think of (shipping,
// description, tax ids, invoice custom fields, saved sources) survives, and the object can never be
// used, so no later code path can fill it again. An update clears only the fields it names and leaves
// a live object. Stripe keeps the finalized invoices as issued, the buyer as printed, which is our own
// rule for invoices; erasure is refused while anything is live or due, so nothing at Stripe still
// needs the customer.
//
// stripe_customer_id stays on the erased row and stripe_erased_at records the deletion: the id is how
// a Stripe event arriving later is recognised as about an erased customer (stripe-webhook.ts keeps no
// payload of it), and it keeps ensureStripeCustomer from making a new Stripe customer for the row.
import { and, asc, eq, gt, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Db } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { isMissingAtStripe } from '@/lib/stripe/webhook-events/webhook-handler';

export type StripeErasure = 'deleted' | 'already_deleted';

/**
 * Deletes the erased customer's Stripe customer and records it once, with an audit entry that names
 * Stripe's id and nothing personal. Stripe's "No such customer" (resource_missing) means it is gone
 * already (deleted by a concurrent run, or by hand in the Dashboard): done as well. Anything else
 * throws and nothing is recorded, so the next run tries again.
 */
export async function eraseStripeCustomer(db: Db, stripe: Stripe, customer: { id: string; stripeCustomerId: string }, { actor, now }: { actor: Actor; now: Date }): Promise<StripeErasure> {
  let outcome: StripeErasure = 'deleted';
  try {
    await stripe.customers.del(customer.stripeCustomerId);
  } catch (error) {
    if (!isMissingAtStripe(error)) throw error;
    outcome = 'already_deleted';
  }
  await db.transaction(async (tx) => {
    // the erase request and a run may both get here for one customer: the first records it
    const [recorded] = await tx
      .update(customers)
      .set({ stripeErasedAt: now, updatedAt: now })
      .where(and(eq(customers.id, customer.id), isNotNull(customers.erasedAt), isNull(customers.stripeErasedAt)))
      .returning({ id: customers.id });
    if (!recorded) return;
    await writeAuditEntries(tx, actor, [
      { action: 'customer.stripe_erased', entityType: 'customer', entityId: customer.id, customerId: customer.id, details: { stripe_customer_id: customer.stripeCustomerId, outcome } },
    ]);
  });
  return outcome;
}

/** Erased customers whose Stripe customer is not deleted yet. */
const pendingAtStripe = and(isNotNull(customers.erasedAt), isNotNull(customers.stripeCustomerId), isNull(customers.stripeErasedAt));

/** Customers read per page: each is one Stripe request and one short transaction. */
const PAGE = 50;

export type StripeErasureBatch = { done: number; remaining: number; failures: { customer_id: string; message: string }[] };

/**
 * The automation run's retry: every erased customer whose Stripe customer is still there, a page at a
 * time until none is left or the deadline passes, each tried once per call (keyset paging) and not at
 * all when it failed earlier in the same run (`exclude`). Without a client nothing is tried; the
 * customers wait, counted in `remaining`. What failed is left for the next run, not counted as work
 * this run could still do.
 */
export async function eraseErasedCustomersAtStripe(
  db: Db,
  stripe: Stripe | null,
  { now, actor, deadline, exclude = [] }: { now: Date; actor: Actor; deadline?: number; exclude?: string[] },
): Promise<StripeErasureBatch> {
  const timeLeft = () => deadline === undefined || Date.now() < deadline;
  const notFailedBefore = exclude.length ? notInArray(customers.id, exclude) : undefined;
  let done = 0;
  const failures: StripeErasureBatch['failures'] = [];
  let after: string | null = null;
  while (stripe && timeLeft()) {
    const page: { id: string; stripeCustomerId: string | null }[] = await db
      .select({ id: customers.id, stripeCustomerId: customers.stripeCustomerId })
      .from(customers)
      .where(and(pendingAtStripe, notFailedBefore, after ? gt(customers.id, after) : undefined))
      .orderBy(asc(customers.id))
      .limit(PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      if (!timeLeft()) break;
      after = row.id;
      try {
        await eraseStripeCustomer(db, stripe, { id: row.id, stripeCustomerId: row.stripeCustomerId! }, { actor, now });
        done += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[privacy] deleting the Stripe customer of erased customer ${row.id} failed: ${message}`);
        failures.push({ customer_id: row.id, message });
      }
    }
  }
  const left = [...exclude, ...failures.map((f) => f.customer_id)];
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(pendingAtStripe, left.length ? notInArray(customers.id, left) : undefined));
  return { done, remaining: count?.n ?? 0, failures };
}
