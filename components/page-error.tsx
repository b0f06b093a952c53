'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/**
 * What a section shows when rendering a page failed (the App Router's error.tsx). The server logged
 * the error; the reader gets a plain sentence, the reference to quote (Next's digest, never the
 * message, which may hold internals) and two ways on: try again, or back to the section's start.
 */
export function PageError({ error, reset, home }: { error: Error & { digest?: string }; reset: () => void; home: { href: string; label: string } }) {
  useEffect(() => {
    // the browser console only: the details are already in the server's log under the digest
    console.error(error);
  }, [error]);
  return (
    <div role="alert" data-testid="page-error" className="rounded-xl border border-red-200 bg-red-50 px-5 py-6 text-sm text-red-800">
      <h1 className="text-lg font-semibold text-red-900">This page could not be shown</h1>
      <p className="mt-2">Something went wrong on our side while loading it. Nothing was changed. Try again in a moment.</p>
      {error.digest ? (
        <p className="mt-2">
          Reference for support: <code className="rounded bg-white px-1.5 py-0.5 font-mono text-xs text-slate-800">{error.digest}</code>
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white shadow-xs hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Try again
        </button>
        <Link href={home.href} className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 hover:bg-white focus-visible:outline-2 focus-visible:outline-indigo-600">
          {home.label}
        </Link>
      </div>
    </div>
  );
}
