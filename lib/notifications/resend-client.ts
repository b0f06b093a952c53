// The Resend client of the installation: one API key sends for every workspace (each with its own
// sender address). RESEND_BASE_URL points the real SDK at a local server that speaks Resend's wire
// format (test/fake-resend). Without RESEND_API_KEY there is no client: messages are rendered and
// kept as not_configured.
import { Resend } from 'resend';
import { env, type Env } from '@/lib/env';

let cached: { key: string; baseUrl: string | undefined; client: Resend } | undefined;

export function resendClient(e: Env = env()): Resend | null {
  const key = e.RESEND_API_KEY;
  if (!key) return null;
  if (cached?.key !== key || cached.baseUrl !== e.RESEND_BASE_URL) {
    cached = { key, baseUrl: e.RESEND_BASE_URL, client: new Resend(key, e.RESEND_BASE_URL ? { baseUrl: e.RESEND_BASE_URL.replace(/\/$/, '') } : undefined) };
  }
  return cached.client;
}
