import { Notice } from '@/components/notice';

const code = 'rounded bg-amber-100/70 px-1 py-0.5 font-mono text-[0.8em]';

/** Production without Supabase: say what is missing instead of offering a form that cannot work. */
export function SignInNotConfigured() {
  return (
    <Notice tone="warning" title="Sign-in is not configured" testId="sign-in-not-configured">
      <p>This deployment has no Supabase project connected, and the local demo sign-in is off in production.</p>
      <p className="mt-2">To let people sign in, set these environment variables and redeploy:</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>
          <code className={code}>NEXT_PUBLIC_SUPABASE_URL</code>: your Supabase project URL
        </li>
        <li>
          <code className={code}>NEXT_PUBLIC_SUPABASE_ANON_KEY</code> (or <code className={code}>NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY</code>
          ): its public key
        </li>
      </ul>
      <p className="mt-2">
        To try the app on your own machine instead, start it with <code className={code}>BILLING_LOCAL_AUTH=1</code> to use the
        demo accounts (never on Vercel).
      </p>
    </Notice>
  );
}
