// The settings page's view of the installation's mail and payment setup: which keys are set, the
// mode a Stripe key is in, where mail comes from. Secrets never leave this module whole: each is
// shown as set or not and, when set, masked to its kind (sk_test_, whsec_, re_) and last four
// characters, the form Stripe's and Resend's dashboards use to tell keys apart.
import type { Env } from '@/lib/env';
import { workspaceEmailFrom, type Workspace } from '@/lib/workspaces/workspace-config';

/** how many trailing characters a masked secret keeps; shorter secrets keep none */
const VISIBLE_TAIL = 4;
const MIN_LENGTH_FOR_TAIL = 16;
const MASK = '••••';

/**
 * `sk_test_51Nv…Xy12` → `sk_test_••••Xy12`. The kind prefix (letters and underscores up to the last
 * `_test_`/`_live_` or first `_`) is not secret; what follows is, apart from its last four characters
 * when it is long enough that four reveal nothing useful.
 */
export function maskSecret(secret: string | undefined | null): string | null {
  if (!secret) return null;
  const prefix = /^[a-z]+_(?:(?:test|live)_)?/.exec(secret)?.[0] ?? '';
  const rest = secret.slice(prefix.length);
  const tail = secret.length >= MIN_LENGTH_FOR_TAIL && rest.length > VISIBLE_TAIL * 2 ? rest.slice(-VISIBLE_TAIL) : '';
  return `${prefix}${MASK}${tail}`;
}

export type SecretStatus = { set: boolean; masked: string | null };

const secretStatus = (value: string | undefined): SecretStatus => ({ set: Boolean(value), masked: maskSecret(value) });

/** `Billing <billing@example.com>` → `billing@example.com`; a bare address as it is. */
export function senderAddress(from: string | null): string | null {
  if (!from) return null;
  const match = /<([^<>\s]+)>\s*$/.exec(from);
  return (match?.[1] ?? from).trim() || null;
}

export function senderDomain(from: string | null): string | null {
  const address = senderAddress(from);
  const at = address?.lastIndexOf('@') ?? -1;
  return address && at > 0 ? address.slice(at + 1).toLowerCase() : null;
}

/** A Stripe key's mode from its prefix (env.ts only accepts sk_/rk_ + test_/live_). */
export function stripeMode(secretKey: string | undefined): 'test' | 'live' | null {
  if (!secretKey) return null;
  return /^(?:sk|rk)_live_/.test(secretKey) ? 'live' : /^(?:sk|rk)_test_/.test(secretKey) ? 'test' : null;
}

/** Only the workspace's own sender and Connect account are read from it. */
export function integrationStatus(e: Env, workspace: Pick<Workspace, 'id' | 'emailFrom' | 'stripeAccountId'>) {
  const from = workspaceEmailFrom(workspace, e);
  const secretKey = e.STRIPE_SECRET_KEY;
  const publishable = e.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  return {
    email: {
      // without a key messages are rendered and kept as not_configured, never sent
      configured: Boolean(e.RESEND_API_KEY),
      // lib/notifications/send-due-emails.ts sends only with both a client and a sender
      sending: Boolean(e.RESEND_API_KEY && from),
      apiKey: secretStatus(e.RESEND_API_KEY),
      webhookSecret: secretStatus(e.RESEND_WEBHOOK_SECRET),
      // a local stand-in for Resend (test/fake-resend), named so nobody mistakes it for the real one
      baseUrl: e.RESEND_BASE_URL ?? null,
      from,
      fromIsWorkspaces: workspace.emailFrom !== null,
      domain: senderDomain(from),
    },
    stripe: {
      configured: Boolean(secretKey),
      mode: stripeMode(secretKey),
      restrictedKey: secretKey ? secretKey.startsWith('rk_') : false,
      secretKey: secretStatus(secretKey),
      webhookSecret: secretStatus(e.STRIPE_WEBHOOK_SECRET),
      // a publishable key is public by design; its mode must match the secret key's
      publishableKey: { set: Boolean(publishable), masked: maskSecret(publishable) },
      publishableModeMatches: publishable && secretKey ? publishable.includes(`_${stripeMode(secretKey)}_`) : null,
      apiBase: e.STRIPE_API_BASE ?? null,
      connectedAccount: workspace.stripeAccountId,
    },
  };
}

export type IntegrationStatus = ReturnType<typeof integrationStatus>;
