// The shape of a webhook event handler: one per Stripe event type, typed by that event, run inside the
// transaction that also marks the event completed (lib/stripe/stripe-webhook.ts).
import type Stripe from 'stripe';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';

export type StripeEventType = Stripe.Event['type'];
/** The event Stripe sends for `T`, e.g. StripeEventOf<'invoice.paid'> is Stripe.InvoicePaidEvent. */
export type StripeEventOf<T extends StripeEventType> = Extract<Stripe.Event, { type: T }>;

/** `stripe` is null when no client is configured; handlers then work from the payload alone. */
export type WebhookContext = { stripe: Stripe | null; now: Date; config: BillingConfig };

export type WebhookHandler<T extends StripeEventType> = (tx: Queryable, event: StripeEventOf<T>, context: WebhookContext) => Promise<void>;

/** Each handled type maps to a handler of its own event. */
export type WebhookHandlers = { [T in StripeEventType]?: WebhookHandler<T> };

/** True for Stripe's "No such …" answer: the object was deleted (a draft invoice) or never existed. */
export function isMissingAtStripe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'resource_missing';
}
