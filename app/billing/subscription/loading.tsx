// Shown while the page re-rates the last period under each plan.
export default function SubscriptionLoading() {
  return (
    <div role="status" aria-live="polite" data-testid="subscription-loading" className="space-y-4">
      <p className="text-sm text-slate-500">Loading your subscription…</p>
      <div className="h-40 animate-pulse rounded-xl bg-slate-100" />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="h-48 animate-pulse rounded-xl bg-slate-100" />
        <div className="h-48 animate-pulse rounded-xl bg-slate-100" />
      </div>
    </div>
  );
}
