// Standard Webhooks signing (https://www.standardwebhooks.com), done by the maintained
// `standardwebhooks` package rather than by hand: `webhook-signature` is `v1,` + the base64
// HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}", keyed with the base64-decoded secret after
// "whsec_". Receivers verify it with the same package (or any Standard Webhooks library) and the
// secret they were shown once.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: "whsec_" + base64 of 32 random bytes (Standard Webhooks asks for 24 to 64). */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** The three Standard Webhooks headers for `body` sent as message `messageId` at `signedAt`. */
export function signWebhook({ secret, messageId, signedAt, body }: { secret: string; messageId: string; signedAt: Date; body: string }): WebhookHeaders {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, signedAt, body),
  };
}
