// Resend's delivery webhooks as Resend sends them: the event JSON of the SDK's WebhookEventPayload
// types, signed the Svix way (Resend's webhooks run on Svix): headers svix-id, svix-timestamp (Unix
// seconds) and svix-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>" keyed with the secret's
// bytes after "whsec_". Signed with the standardwebhooks package, which the resend SDK's own
// webhooks.verify uses to check them.
import { randomBytes } from 'node:crypto';
import type { EmailBouncedEvent, EmailComplainedEvent, EmailDeliveredEvent, EmailDeliveryDelayedEvent, EmailSentEvent } from 'resend';
import { Webhook } from 'standardwebhooks';

/** A signing secret in Resend's format ("whsec_" + base64 of random bytes), fixed so tests can share it. */
export const FAKE_RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from('fake-resend-webhook-signing-key-32b').toString('base64')}`;

export type ResendDeliveryEvent = EmailSentEvent | EmailDeliveredEvent | EmailDeliveryDelayedEvent | EmailBouncedEvent | EmailComplainedEvent;
export type ResendDeliveryEventType = ResendDeliveryEvent['type'];
export type ResendBounce = EmailBouncedEvent['data']['bounce'];

/** What an event says about the email it is about (Resend copies these from the sent email). */
export type WebhookEmail = { id: string; from: string; to: string[]; subject: string; createdAt: Date };

export type WebhookEventOptions = {
  /** the event's `created_at`; default now */
  at?: Date;
  /** for email.bounced: default a permanent (hard) bounce */
  bounce?: Partial<ResendBounce>;
};

/** A hard bounce as Resend reports one (the type decides: Permanent, Transient or Undetermined). */
export const PERMANENT_BOUNCE: ResendBounce = {
  type: 'Permanent',
  subType: 'General',
  message: "The recipient's email provider rejected the email: the address does not exist.",
};

export const TRANSIENT_BOUNCE: ResendBounce = {
  type: 'Transient',
  subType: 'MailboxFull',
  message: "The recipient's mailbox is full.",
};

/** The event Resend posts about `email`; the JSON is exactly what the route receives (before signing). */
export function resendWebhookEvent<T extends ResendDeliveryEventType>(type: T, email: WebhookEmail, options: WebhookEventOptions = {}): Extract<ResendDeliveryEvent, { type: T }> {
  const data = {
    created_at: email.createdAt.toISOString(),
    email_id: email.id,
    message_id: `<${email.id}@email.amazonses.com>`,
    from: email.from,
    to: [...email.to],
    subject: email.subject,
  };
  const at = (options.at ?? new Date()).toISOString();
  const event = type === 'email.bounced' ? { type, created_at: at, data: { ...data, bounce: { ...PERMANENT_BOUNCE, ...options.bounce } } } : { type, created_at: at, data };
  return event as Extract<ResendDeliveryEvent, { type: T }>;
}

export type SignedWebhook = { body: string; headers: { 'content-type': string; 'svix-id': string; 'svix-timestamp': string; 'svix-signature': string } };

/**
 * Signs an event (or a raw body) as Resend does. `timestamp` is the transport's clock (a signature more
 * than 5 minutes old or ahead is refused), not the event's business time; default now.
 */
export function signResendWebhook(event: object | string, secret = FAKE_RESEND_WEBHOOK_SECRET, options: { id?: string; timestamp?: Date } = {}): SignedWebhook {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const id = options.id ?? `msg_${randomBytes(14).toString('base64url')}`;
  const timestamp = options.timestamp ?? new Date();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'svix-signature': new Webhook(secret).sign(id, timestamp, body),
    },
  };
}

/** Posts the signed event to `url`, as Resend's delivery does; the response is the app's answer. */
export async function postResendWebhook(url: string, event: object | string, secret = FAKE_RESEND_WEBHOOK_SECRET, options: { id?: string; timestamp?: Date } = {}): Promise<Response> {
  const signed = signResendWebhook(event, secret, options);
  return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
}
