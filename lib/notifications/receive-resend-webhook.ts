// Resend's webhook: verify the signature on the raw body, read the event, record what it says about
// one of our emails (record-email-delivery.ts).
//
// Resend signs the Svix way (svix-id, svix-timestamp, svix-signature: "v1,<base64 HMAC>" keyed with
// the bytes of the "whsec_" secret); the resend SDK's webhooks.verify checks it, including a
// timestamp within 5 minutes of the server's clock (a replayed or badly delayed request is refused).
// One endpoint serves every workspace: the email's id says whose message it is.
import { Resend } from 'resend';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { isDeliveryEventType, recordEmailDelivery, type DeliveryEventType } from './record-email-delivery';

export type ResendSignatureHeaders = { id: string | null; timestamp: string | null; signature: string | null };

export type ResendWebhookOutcome =
  | { status: 400; code: 'invalid_signature' | 'invalid_payload'; message: string }
  | { status: 200; received: true; handled: boolean };

// webhooks.verify belongs to a client instance; it uses no API key, so this one never calls Resend
// (the webhook must verify whether or not RESEND_API_KEY is set)
const verifier = new Resend('re_webhook_signature_verification_only');

const eventSchema = z.object({
  type: z.string(),
  created_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be a timestamp'),
  data: z.object({
    email_id: z.string().min(1),
    to: z.array(z.string()).optional(),
    bounce: z
      .object({
        type: z.string(),
        subType: z.string().nullish(),
        message: z.string().nullish(),
      })
      .optional(),
  }),
});

function invalidPayload(message = 'The body is not a Resend email event'): ResendWebhookOutcome {
  return { status: 400, code: 'invalid_payload', message };
}

export async function receiveResendWebhook(
  database: Database,
  { rawBody, headers, secret, now }: { rawBody: string; headers: ResendSignatureHeaders; secret: string; now: Date },
): Promise<ResendWebhookOutcome> {
  let payload: unknown;
  try {
    payload = verifier.webhooks.verify({
      payload: rawBody,
      headers: { id: headers.id ?? '', timestamp: headers.timestamp ?? '', signature: headers.signature ?? '' },
      webhookSecret: secret,
    });
  } catch (error) {
    // a correctly signed body that is not JSON fails in JSON.parse, after the signature matched
    if (error instanceof SyntaxError) return invalidPayload();
    return { status: 400, code: 'invalid_signature', message: 'The Resend signature is missing, wrong or too old' };
  }
  if (payload === null || typeof payload !== 'object' || typeof (payload as { type?: unknown }).type !== 'string') return invalidPayload();
  // opens, clicks, contacts, domains: nothing we record (the webhook may be subscribed to more)
  const type = (payload as { type: string }).type;
  if (!isDeliveryEventType(type)) return { status: 200, received: true, handled: false };

  const parsed = eventSchema.safeParse(payload);
  if (!parsed.success) return invalidPayload(`The ${type} event is missing ${parsed.error.issues[0]?.path.join('.') || 'fields'}`);
  const { data, created_at } = parsed.data;
  const outcome = await recordEmailDelivery(
    database,
    {
      type: type satisfies DeliveryEventType,
      at: new Date(created_at),
      emailId: data.email_id,
      to: data.to ?? [],
      bounce: data.bounce ? { type: data.bounce.type, subType: data.bounce.subType ?? null, message: data.bounce.message ?? null } : null,
    },
    { now },
  );
  if (!outcome.found) console.warn(`[resend-webhook] ${type} for email ${data.email_id}, which no workspace sent; ignored`);
  return { status: 200, received: true, handled: outcome.found };
}
