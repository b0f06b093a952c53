import Link from 'next/link';

const linkClass = 'rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50';

/** "Page 2 of 5" with Previous and Next links, for a list paged by number; nothing for one page. */
export function Pager({ page, pages, href, testId }: { page: number; pages: number; href: (page: number) => string; testId: string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" data-testid={testId} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <span className="text-slate-600">
        Page {page} of {pages}
      </span>
      <span className="flex gap-3">
        {page > 1 ? (
          <Link href={href(page - 1)} className={linkClass} rel="prev">
            ← Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link href={href(page + 1)} className={linkClass} rel="next">
            Next →
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
