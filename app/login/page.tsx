import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { ProductMark } from '@/components/product-mark';
import { Notice } from '@/components/notice';
import { getSession } from '@/lib/auth/get-session';
import { safeNextPath } from '@/lib/auth/local-sign-in';
import { authMode, supabaseConfig } from '@/lib/env';
import { DemoAccounts } from './demo-accounts';
import { LocalSignInForm } from './local-sign-in-form';
import { SignInNotConfigured } from './sign-in-not-configured';
import { SupabaseSignInForm } from './supabase-sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

const ERROR_MESSAGES: Record<string, string> = {
  invalid_credentials: 'That email and password do not match an account. Check them and try again.',
  link_invalid: 'That sign-in link is invalid or has expired. Ask for a new one below.',
};

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // the sign-in offered depends on the environment at run time, never on the one at build time
  await connection();
  const params = await searchParams;
  if (await getSession()) redirect('/');

  const next = safeNextPath(single(params.next));
  const errorCode = single(params.error);
  const errorMessage = errorCode ? (ERROR_MESSAGES[errorCode] ?? 'Sign-in did not work. Please try again.') : null;
  const mode = authMode();
  const supabase = mode === 'supabase' ? supabaseConfig() : null;

  return (
    <main className="flex min-h-screen flex-col items-center px-4 py-16">
      <ProductMark />
      <div className="mt-8 w-full max-w-md">
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Your subscription, usage and invoices in one place.</p>
          {errorMessage ? (
            <div className="mt-5">
              <Notice tone="error" testId="login-error">
                {errorMessage}
              </Notice>
            </div>
          ) : null}
          <div className="mt-6">
            {mode === 'local' ? <LocalSignInForm next={next} /> : null}
            {supabase ? <SupabaseSignInForm url={supabase.url} supabaseKey={supabase.key} next={next} /> : null}
            {mode === 'none' ? <SignInNotConfigured /> : null}
          </div>
        </div>
        {mode === 'local' ? <DemoAccounts next={next} /> : null}
      </div>
    </main>
  );
}
