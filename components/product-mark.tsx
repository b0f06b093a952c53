import Link from 'next/link';

/** The product's name with its meter glyph; links home. */
export function ProductMark({ href = '/' }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
      <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-indigo-600 text-white shadow-sm">
        <svg viewBox="0 0 20 20" fill="none" className="size-5" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M4 14a6 6 0 1 1 12 0" />
          <path d="M10 14l3-4" />
        </svg>
      </span>
      Meterbill
    </Link>
  );
}
