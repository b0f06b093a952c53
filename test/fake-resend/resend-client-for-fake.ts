// A `resend` SDK client talking to a fake Resend server. The SDK takes the target as `baseUrl` (or
// RESEND_BASE_URL from the environment, which is how the app is pointed at the fake).
import { Resend } from 'resend';
import type { FakeResend } from './fake-resend-server';

/** Any `re_` key is accepted by the fake; idempotency keys are scoped per key, as in Resend. */
export const FAKE_RESEND_API_KEY = 're_fake_resend_server';

export function resendClientFor(fake: Pick<FakeResend, 'url'>, options: { apiKey?: string } = {}): Resend {
  return new Resend(options.apiKey ?? FAKE_RESEND_API_KEY, { baseUrl: fake.url });
}
