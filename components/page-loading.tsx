/**
 * What a section shows while a page's data loads (the App Router's loading.tsx): the shape of a page
 * header and a few cards, announced once to screen readers instead of a silent blank.
 */
export function PageLoading({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="page-loading" className="animate-pulse">
      <span className="sr-only">{label}</span>
      <div aria-hidden className="mb-6 h-7 w-48 rounded-md bg-slate-200" />
      <div aria-hidden className="grid gap-4 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-24 rounded-xl border border-slate-200 bg-white" />
        ))}
      </div>
      <div aria-hidden className="mt-6 h-64 rounded-xl border border-slate-200 bg-white" />
    </div>
  );
}
