// In a route group of its own so this loading state wraps only the list: around /billing/invoices/[id]
// it would start the response before that page can answer 404 for an invoice that is not the customer's.
/** While the invoice list loads: the page’s shape, announced to screen readers. */
export default function InvoicesLoading() {
  return (
    <div role="status" aria-live="polite" data-testid="invoices-loading">
      <span className="sr-only">Loading invoices…</span>
      <div aria-hidden="true" className="animate-pulse space-y-4">
        <div className="h-7 w-40 rounded bg-slate-200" />
        <div className="h-4 w-64 rounded bg-slate-100" />
        <div className="h-48 rounded-xl border border-slate-200 bg-white" />
      </div>
    </div>
  );
}
