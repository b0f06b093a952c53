'use client';

import { createBrowserClient } from '@supabase/ssr';
import { useMemo, useState, type FormEvent } from 'react';
import { Notice } from '@/components/notice';
import { inputClass, labelClass, primaryButtonClass } from './field-classes';
import { CredentialFields } from './credential-fields';

type Method = 'password' | 'magic_link';
type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; message: string } | { kind: 'link_sent'; email: string };

/**
 * Supabase Auth in the browser: password sign-in, or a magic link that lands on /auth/callback. The
 * session is kept in cookies by @supabase/ssr, so the server sees it on the next request.
 */
export function SupabaseSignInForm({ url, supabaseKey, next }: { url: string; supabaseKey: string; next: string }) {
  const supabase = useMemo(() => createBrowserClient(url, supabaseKey), [url, supabaseKey]);
  const [method, setMethod] = useState<Method>('password');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  async function signInWithPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setStatus({ kind: 'busy' });
    const { error } = await supabase.auth.signInWithPassword({
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (error) {
      setStatus({ kind: 'error', message: error.message });
      return;
    }
    // a full navigation, so the server renders with the new session cookies
    window.location.assign(next);
  }

  async function sendMagicLink(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    setStatus({ kind: 'busy' });
    const { error } = await supabase.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: `${window.location.origin}/auth/callback?next=${encodeURIComponent(next)}` },
    });
    setStatus(error ? { kind: 'error', message: error.message } : { kind: 'link_sent', email });
  }

  const busy = status.kind === 'busy';
  const tab = (value: Method, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={method === value}
      onClick={() => {
        setMethod(value);
        setStatus({ kind: 'idle' });
      }}
      className={`flex-1 rounded-md px-3 py-1.5 text-sm font-medium ${
        method === value ? 'bg-white text-slate-900 shadow-xs' : 'text-slate-500 hover:text-slate-800'
      }`}
    >
      {label}
    </button>
  );

  return (
    <div>
      <div role="tablist" aria-label="Sign-in method" className="mb-5 flex gap-1 rounded-lg bg-slate-100 p-1">
        {tab('password', 'Password')}
        {tab('magic_link', 'Email link')}
      </div>

      {status.kind === 'error' ? (
        <div className="mb-4">
          <Notice tone="error" testId="login-error">
            {status.message}
          </Notice>
        </div>
      ) : null}

      {method === 'password' ? (
        <form data-testid="login-form" onSubmit={signInWithPassword} className="space-y-4">
          <CredentialFields />
          <button type="submit" disabled={busy} className={primaryButtonClass}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      ) : status.kind === 'link_sent' ? (
        <Notice title="Check your email" testId="magic-link-sent">
          We sent a sign-in link to <strong>{status.email}</strong>. Open it on this device to continue.
        </Notice>
      ) : (
        <form data-testid="magic-link-form" onSubmit={sendMagicLink} className="space-y-4">
          <div>
            <label htmlFor="magic-email" className={labelClass}>
              Email
            </label>
            <input id="magic-email" name="email" type="email" autoComplete="email" required className={`mt-1.5 ${inputClass}`} />
          </div>
          <p className="text-xs text-slate-500">We will email you a link that signs you in, no password needed.</p>
          <button type="submit" disabled={busy} className={primaryButtonClass}>
            {busy ? 'Sending…' : 'Email me a sign-in link'}
          </button>
        </form>
      )}
    </div>
  );
}
