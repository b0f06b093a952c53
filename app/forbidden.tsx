import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductMark } from '@/components/product-mark';
import { SignOutButton } from '@/components/sign-out-button';

export const metadata: Metadata = { title: 'No access' };

// Rendered with HTTP 403 when a signed-in user without the admin role opens an admin page.
export default function Forbidden() {
  return (
    <main data-testid="forbidden" className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <ProductMark />
      <p className="mt-10 text-sm font-semibold text-amber-600">403</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">You don&apos;t have access to this page</h1>
      <p className="mt-3 max-w-md text-slate-600">
        The admin console is for operators of this billing account. Your own subscription and invoices are in your billing
        overview.
      </p>
      <div className="mt-8 flex items-center gap-3">
        <Link
          href="/billing"
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Back to billing
        </Link>
        <SignOutButton />
      </div>
    </main>
  );
}
