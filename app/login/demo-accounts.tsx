import { DEMO_USERS } from '@/lib/demo/demo-users';

const ACCOUNTS = [
  { key: 'customer', title: 'Demo customer', detail: 'Acme Corporation’s billing view', ...DEMO_USERS.customer },
  { key: 'admin', title: 'Demo admin', detail: 'Revenue, customers and invoices', ...DEMO_USERS.admin },
  { key: 'viewer', title: 'Demo viewer', detail: 'The admin area, view only', ...DEMO_USERS.viewer },
] as const;

/** One-click sign-ins for the accounts the demo data creates; only shown while local sign-in is on. */
export function DemoAccounts({ next }: { next: string }) {
  return (
    <section aria-labelledby="demo-accounts-title" className="mt-6 rounded-xl border border-dashed border-slate-300 bg-white/60 p-5">
      <h2 id="demo-accounts-title" className="text-sm font-semibold text-slate-900">
        Demo accounts
      </h2>
      <p className="mt-1 text-xs text-slate-500">
        Local sign-in is on (development, or <code className="font-mono">BILLING_LOCAL_AUTH=1</code>). These accounts come with
        the demo data.
      </p>
      <div className="mt-4 space-y-2">
        {ACCOUNTS.map((account) => (
          <form key={account.key} action="/api/auth/local/sign-in" method="post">
            <input type="hidden" name="email" value={account.email} />
            <input type="hidden" name="password" value={account.password} />
            <input type="hidden" name="next" value={next} />
            <button
              type="submit"
              data-testid={`demo-sign-in-${account.key}`}
              className="flex w-full items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2.5 text-left shadow-xs hover:border-indigo-300 hover:bg-indigo-50/40 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <span>
                <span className="block text-sm font-medium text-slate-900">{account.title}</span>
                <span className="block text-xs text-slate-500">
                  {account.email} · {account.detail}
                </span>
              </span>
              <span aria-hidden className="shrink-0 text-sm font-medium whitespace-nowrap text-indigo-600">
                Sign in →
              </span>
            </button>
          </form>
        ))}
      </div>
    </section>
  );
}
