import { env } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { MAX_JSON_BYTES, withPublic } from '@/lib/http/route-handlers';
import { receiveResendWebhook } from '@/lib/notifications/receive-resend-webhook';

// POST /api/billing/resend-webhook - Resend's delivery events (email.delivered, delivery_delayed,
// bounced, complained), signed with RESEND_WEBHOOK_SECRET. 200 for recorded, repeated, stale and
// unknown events (`handled: false` when no workspace sent the email); 400 for a bad or stale
// signature (nothing written); 503 without the secret. The email's id finds its workspace
// (lib/notifications/record-email-delivery.ts).
export const POST = withPublic(async ({ req, database, now }) => {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret) throw new BillingError({ code: 'resend_not_configured', status: 503, message: 'Resend webhooks are not configured (RESEND_WEBHOOK_SECRET)' });
  // the signature covers the exact bytes Resend sent, so the body is read raw, never re-serialized
  const rawBody = await req.text();
  if (Buffer.byteLength(rawBody) > MAX_JSON_BYTES) throw new BillingError({ code: 'payload_too_large', status: 413, message: 'The body is too large' });
  const headers = { id: req.headers.get('svix-id'), timestamp: req.headers.get('svix-timestamp'), signature: req.headers.get('svix-signature') };
  const outcome = await receiveResendWebhook(database, { rawBody, headers, secret, now });
  if (outcome.status === 200) return Response.json({ received: true, handled: outcome.handled });
  return Response.json({ error: { code: outcome.code, message: outcome.message, details: [] } }, { status: outcome.status });
});
