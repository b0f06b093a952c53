// Stripe's webhook: verify, record once, dispatch, converge.
//
// Stripe delivers at least once, in any order, retrying for days. So: the signature is checked on the
// raw body before anything is written; each event id is recorded once (a duplicate is answered 200 and
// does nothing; a delivery stuck "processing" for 5 minutes, or one that failed, may be taken again);
// the handler and the "completed" mark commit together, and a handler failure rolls back and answers
// 500 so Stripe retries. The handlers (webhook-events/, one file per event type) converge on the
// object's current state, re-read from Stripe when the client is configured, and never move an invoice
// back from paid.
//
// One endpoint serves every workspace. The signature is the platform's (STRIPE_WEBHOOK_SECRET); the
// event's `account` (Stripe Connect) says whose it is: the workspace with that stripe_account_id
// handles it in its own scope, with its settings and its Stripe client, and keeps its ledger row. An
// event without `account` is the platform account's own, which is the `default` workspace's. An
// account no workspace claims is acknowledged and nothing is written.
//
// An event about an erased customer's Stripe customer (its customer.deleted, a late payment method
// event) carries their name, email or address: its row keeps no payload, as erasure left the earlier
// ones (lib/privacy/erase-customer.ts), and its handler records nothing personal (a payment method of
// an erased customer is not recorded, record-payment-method.ts).
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { selectRows, type Database, type Queryable } from '@/lib/db/client';
import { customers, DEFAULT_WORKSPACE_ID, webhookEvents } from '@/lib/db/schema';
import { findWorkspace, findWorkspaceByStripeAccount } from '@/lib/workspaces/find-workspace';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { workspaceServices, type ServicesFor } from '@/lib/workspaces/workspace-services';
import { WEBHOOK_HANDLERS } from './webhook-events/handlers';
import type { StripeEventOf, StripeEventType, WebhookContext } from './webhook-events/webhook-handler';

/** Stripe's default: a signature older than this is refused (replayed or badly delayed requests). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
const RECLAIM_AFTER_MS = 5 * 60_000;

export const HANDLED_EVENT_TYPES = Object.keys(WEBHOOK_HANDLERS);

export type WebhookOutcome =
  | { status: 400; code: 'invalid_signature' | 'invalid_payload'; message: string }
  /** workspaceId: the workspace that handled it, whose outbox may now hold messages to send */
  | { status: 200; received: true; duplicate: boolean; handled: boolean; workspaceId?: string }
  | { status: 500; code: 'handler_failed'; message: string };

/** Runs the handler of the event's own type, if there is one; the type links the event to its handler. */
async function dispatch<T extends StripeEventType>(tx: Queryable, type: T, event: StripeEventOf<T>, context: WebhookContext): Promise<boolean> {
  const handler = WEBHOOK_HANDLERS[type];
  if (!handler) return false;
  await handler(tx, event, context);
  return true;
}

/** Stripe customer ids as a payload spells them, quoted: the same match erasure clears payloads by. */
const QUOTED_STRIPE_CUSTOMER_ID = /"(cus_[A-Za-z0-9]+)"/g;

/** Whether the event mentions the Stripe customer of a customer erased here. */
async function mentionsErasedCustomer(db: Queryable, rawBody: string): Promise<boolean> {
  const ids = [...new Set(Array.from(rawBody.matchAll(QUOTED_STRIPE_CUSTOMER_ID), (m) => m[1]!))].slice(0, 20);
  if (ids.length === 0) return false;
  const [erased] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(inArray(customers.stripeCustomerId, ids), isNotNull(customers.erasedAt)))
    .limit(1);
  return Boolean(erased);
}

/** The workspace an event belongs to: its Connect account's, or `default` for the platform's own; null when no workspace claims the account. */
async function workspaceOf(database: Database, event: Stripe.Event): Promise<Workspace | null> {
  if (!event.account) return findWorkspace(database.installation.db, DEFAULT_WORKSPACE_ID);
  return findWorkspaceByStripeAccount(database.installation.db, event.account);
}

export async function receiveStripeWebhook(
  database: Database,
  { rawBody, signature, secret, now, services = workspaceServices }: { rawBody: string; signature: string | null; secret: string; now: Date; services?: ServicesFor },
): Promise<WebhookOutcome> {
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    const isSignature = error instanceof Stripe.errors.StripeSignatureVerificationError;
    return { status: 400, code: isSignature ? 'invalid_signature' : 'invalid_payload', message: isSignature ? 'The Stripe signature is missing, wrong or too old' : 'The body is not a Stripe event' };
  }

  const workspace = await workspaceOf(database, event);
  if (!workspace) {
    // not ours to handle (an account disconnected, or set on no workspace yet): Stripe stops retrying
    console.warn(`[stripe-webhook] ${event.type} ${event.id} is for Stripe account ${event.account}, which no workspace has; ignored`);
    return { status: 200, received: true, duplicate: false, handled: false };
  }
  const { db } = database.inWorkspace(workspace.id);
  const { stripe, config } = services(workspace);

  // Claim the event: new, failed before, or stuck processing past the reclaim time. Anything else is a
  // duplicate delivery (done, or being handled right now by another invocation).
  const payload = (await mentionsErasedCustomer(db, rawBody)) ? {} : event;
  const [claimed] = await selectRows<{ id: string }>(
    db,
    sql`insert into webhook_events (id, type, status, payload, locked_at)
        values (${event.id}, ${event.type}, 'processing', ${JSON.stringify(payload)}::jsonb, ${now.toISOString()}::timestamptz)
        on conflict (id) do update set status = 'processing', attempts = webhook_events.attempts + 1, locked_at = excluded.locked_at, last_error = null
         where webhook_events.status = 'failed'
            or (webhook_events.status = 'processing' and webhook_events.locked_at < ${new Date(now.getTime() - RECLAIM_AFTER_MS).toISOString()}::timestamptz)
        returning id`,
  );
  if (!claimed) return { status: 200, received: true, duplicate: true, handled: false };

  try {
    const handled = await db.transaction(async (tx) => {
      const ran = await dispatch(tx, event.type, event, { stripe, now, config });
      await tx.update(webhookEvents).set({ status: 'completed', processedAt: now, lockedAt: null }).where(eq(webhookEvents.id, event.id));
      return ran;
    });
    return { status: 200, received: true, duplicate: false, handled, ...(handled ? { workspaceId: workspace.id } : {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[stripe-webhook] ${event.type} ${event.id} failed: ${message}`);
    await db.update(webhookEvents).set({ status: 'failed', lastError: message.slice(0, 1000), lockedAt: null }).where(eq(webhookEvents.id, event.id));
    return { status: 500, code: 'handler_failed', message: 'The event could not be processed; Stripe will retry it' };
  }
}
