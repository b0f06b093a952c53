import { env } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { MAX_JSON_BYTES, withPublic } from '@/lib/http/route-handlers';
import { deliverAfterResponse } from '@/lib/notifications/deliver-after-response';
import { receiveStripeWebhook } from '@/lib/stripe/stripe-webhook';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import { workspaceServices } from '@/lib/workspaces/workspace-services';

// POST /api/billing/stripe-webhook - Stripe's events, signed with STRIPE_WEBHOOK_SECRET. 200 for
// handled, duplicate and unknown events; 400 for a bad or stale signature (nothing written); 500 when a
// handler fails, so Stripe retries. The event's Connect account picks the workspace that handles it
// (lib/stripe/stripe-webhook.ts); one no workspace claims is answered 200 and left alone.
export const POST = withPublic(async ({ req, database, now }) => {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new BillingError({ code: 'stripe_not_configured', status: 503, message: 'Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)' });
  // the signature covers the exact bytes Stripe sent, so the body is read raw, never re-serialized
  const rawBody = await req.text();
  if (Buffer.byteLength(rawBody) > MAX_JSON_BYTES) throw new BillingError({ code: 'payload_too_large', status: 413, message: 'The body is too large' });
  const outcome = await receiveStripeWebhook(database, { rawBody, signature: req.headers.get('stripe-signature'), secret, now });
  if (outcome.status === 200) {
    // a payment or a failure it recorded has queued its receipt or reminder: send it after the answer
    const workspace = outcome.handled && outcome.workspaceId ? await findWorkspace(database.installation.db, outcome.workspaceId) : null;
    if (workspace) deliverAfterResponse(database.inWorkspace(workspace.id), { workspace, services: workspaceServices(workspace) });
    return Response.json({ received: true, duplicate: outcome.duplicate, handled: outcome.handled });
  }
  return Response.json({ error: { code: outcome.code, message: outcome.message, details: [] } }, { status: outcome.status });
});
