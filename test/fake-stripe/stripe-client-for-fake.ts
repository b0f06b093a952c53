// A `stripe` SDK client talking to a fake Stripe server. stripe v23 takes the target as `host`,
// `port` and `protocol` in the client config (per-request hosts were removed in v22).
import Stripe from 'stripe';
import { FAKE_STRIPE_API_VERSION, type FakeStripe } from './fake-stripe-server';

/** Any `sk_test_` key is accepted by the fake; idempotency keys are scoped per key, as in Stripe. */
export const FAKE_STRIPE_SECRET_KEY = 'sk_test_fake_stripe_server';

export function stripeClientFor(fake: Pick<FakeStripe, 'port'>, options: { apiKey?: string; maxNetworkRetries?: number } = {}): Stripe {
  return new Stripe(options.apiKey ?? FAKE_STRIPE_SECRET_KEY, {
    apiVersion: FAKE_STRIPE_API_VERSION,
    host: '127.0.0.1',
    port: fake.port,
    protocol: 'http',
    // no retries, so a test sees each failure; the SDK still retries a closed connection once
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    telemetry: false,
  });
}
