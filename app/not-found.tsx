import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductMark } from '@/components/product-mark';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main data-testid="not-found" className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <ProductMark />
      <p className="mt-10 text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-3 max-w-md text-slate-600">
        There is nothing at this address. The link may be old, or the page may have moved.
      </p>
      <Link
        href="/"
        className="mt-8 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Go to the dashboard
      </Link>
    </main>
  );
}
