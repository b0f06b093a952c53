// The Stripe client, made only when STRIPE_SECRET_KEY is set. Without it the app runs on bank
// transfer and admin-recorded payments; card features say they are not configured.
import Stripe from 'stripe';
import { env, type Env } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';

/** Pinned so Stripe's objects keep the shapes this code was written against. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** A client for `secretKey`; `apiBase` points it at stripe-mock or a local test server. */
export function createStripeClient(secretKey: string, apiBase?: string | null, stripeAccount?: string | null): Stripe {
  const target = apiBase ? new URL(apiBase) : null;
  return new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    // the SDK retries network failures with the same idempotency key, so a retry never duplicates
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'meterbill' },
    // Stripe Connect: every call acts for the workspace's connected account (the Stripe-Account header)
    ...(stripeAccount ? { stripeAccount } : {}),
    ...(target
      ? { host: target.hostname, port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)), protocol: target.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });
}

/** What a card feature, or a change Stripe must make too, answers when there is no client. */
export const stripeNotConfigured = () =>
  new BillingError({ code: 'stripe_not_configured', status: 409, message: 'Card payments are not configured; invoices are paid by bank transfer' });

let cached: { key: string; base: string | undefined; client: Stripe } | null = null;

/** The configured client, or null when Stripe is not set up. */
export function stripeFromEnv(e: Env = env()): Stripe | null {
  if (!e.STRIPE_SECRET_KEY) return null;
  if (!cached || cached.key !== e.STRIPE_SECRET_KEY || cached.base !== e.STRIPE_API_BASE) {
    cached = { key: e.STRIPE_SECRET_KEY, base: e.STRIPE_API_BASE, client: createStripeClient(e.STRIPE_SECRET_KEY, e.STRIPE_API_BASE) };
  }
  return cached.client;
}

const connected = new Map<string, { key: string; base: string | undefined; client: Stripe }>();

/**
 * The client a workspace's Stripe work goes through: the platform's key (STRIPE_SECRET_KEY), acting
 * for the workspace's connected account when it has one. Null when Stripe is not set up.
 */
export function stripeForWorkspace(workspace: { stripeAccountId: string | null }, e: Env = env()): Stripe | null {
  const account = workspace.stripeAccountId;
  if (!account) return stripeFromEnv(e);
  if (!e.STRIPE_SECRET_KEY) return null;
  const held = connected.get(account);
  if (held && held.key === e.STRIPE_SECRET_KEY && held.base === e.STRIPE_API_BASE) return held.client;
  const client = createStripeClient(e.STRIPE_SECRET_KEY, e.STRIPE_API_BASE, account);
  connected.set(account, { key: e.STRIPE_SECRET_KEY, base: e.STRIPE_API_BASE, client });
  return client;
}
