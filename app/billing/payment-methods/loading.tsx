// Shown while the payment methods are read (and, back from Stripe, while the new one is recorded).
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4" data-testid="payment-methods-loading">
      <span className="sr-only">Loading your payment methods…</span>
      <div className="h-7 w-56 rounded bg-slate-200" />
      <div className="h-20 rounded-xl bg-slate-100" />
      <div className="h-20 rounded-xl bg-slate-100" />
    </div>
  );
}
