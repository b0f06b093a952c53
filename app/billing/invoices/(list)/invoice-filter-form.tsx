import Link from 'next/link';
import { INVOICE_LIST_FILTERS } from '@/lib/dashboard/invoice-list-query';
import { humanize } from '@/lib/format/format-text';

/** The list's status filter: a plain GET form, so it works before (and without) JavaScript. */
export function InvoiceFilterForm({ status, limit }: { status: string; limit?: number }) {
  return (
    <form method="get" action="/billing/invoices" className="mb-4 flex flex-wrap items-end gap-3" data-testid="invoice-filter" role="search" aria-label="Filter invoices">
      <div>
        <label htmlFor="invoice-status" className="block text-sm font-medium text-slate-700">
          Status
        </label>
        <select
          id="invoice-status"
          name="status"
          defaultValue={status}
          className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600"
        >
          <option value="">All statuses</option>
          {INVOICE_LIST_FILTERS.map((filter) => (
            <option key={filter} value={filter}>
              {humanize(filter)}
            </option>
          ))}
        </select>
      </div>
      {limit ? <input type="hidden" name="limit" value={limit} /> : null}
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Filter
      </button>
      {status ? (
        <Link href="/billing/invoices" className="py-1.5 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
          Clear filter
        </Link>
      ) : null}
    </form>
  );
}
