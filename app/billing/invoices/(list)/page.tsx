import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { parseInvoiceListQuery, type InvoiceListQuery } from '@/lib/dashboard/invoice-list-query';
import { listCustomerInvoicePage } from '@/lib/dashboard/list-customer-invoice-page';
import { requireSession } from '@/lib/dashboard/require-session';
import { InvoiceTable } from '../../invoice-table';
import { NoBillingAccount } from '../../no-billing-account';
import { InvoiceFilterForm } from './invoice-filter-form';

export const metadata: Metadata = { title: 'Invoices' };

const FILTER_LABELS: Record<string, string> = { open: 'open', overdue: 'overdue', paid: 'paid', void: 'void', uncollectible: 'uncollectible' };

/** The list's address for `change` on top of the filter and page size in use. */
function listHref(query: InvoiceListQuery, change: { starting_after?: string; ending_before?: string }): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.limit) params.set('limit', String(query.limit));
  if (change.starting_after) params.set('starting_after', change.starting_after);
  if (change.ending_before) params.set('ending_before', change.ending_before);
  const search = params.toString();
  return search ? `/billing/invoices?${search}` : '/billing/invoices';
}

const pagerLink =
  'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

export default async function CustomerInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession('/billing/invoices');
  const parsed = parseInvoiceListQuery(await searchParams);
  const query = parsed.ok ? parsed.query : {};
  const { database } = await customerScope(session);
  const result = parsed.ok ? await listCustomerInvoicePage(database.db, session, query, new Date()) : ({ kind: 'invalid', problems: parsed.problems } as const);

  if (result.kind === 'no_customer') {
    return (
      <>
        <PageHeader title="Invoices" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }

  if (result.kind === 'invalid') {
    return (
      <>
        <PageHeader title="Invoices" />
        <Notice tone="error" title="This list cannot be shown" testId="invoice-list-error">
          <ul className="list-disc pl-5">
            {result.problems.map((problem) => (
              <li key={problem.field}>
                <code className="font-mono">{problem.field}</code>
                {problem.value ? (
                  <>
                    {' '}
                    (“<span className="break-all">{problem.value}</span>”)
                  </>
                ) : null}{' '}
                {problem.message}.
              </li>
            ))}
          </ul>
          <p className="mt-2">
            <Link href="/billing/invoices" className="font-semibold underline underline-offset-2">
              Show all invoices
            </Link>
          </p>
        </Notice>
      </>
    );
  }

  const { page } = result;
  const paged = Boolean(query.starting_after || query.ending_before);
  const filtered = query.status ? `${FILTER_LABELS[query.status]} invoices` : 'invoices';
  return (
    <>
      <PageHeader title="Invoices" description={`${page.customerName} · ${query.status ? `${FILTER_LABELS[query.status]} only` : 'all statuses'}, newest first`} />
      <InvoiceFilterForm status={query.status ?? ''} limit={query.limit} />
      <InvoiceTable
        invoices={page.invoices}
        label="Invoices"
        empty={query.status ? `No ${filtered}.` : paged ? 'No invoices on this page.' : 'No invoices yet. The first one is issued when your first billing period ends.'}
      />
      {page.previousBefore || page.nextAfter || paged ? (
        <nav aria-label="Invoice pages" className="mt-4 flex flex-wrap items-center justify-between gap-3" data-testid="invoice-pager">
          {page.previousBefore ? (
            <Link href={listHref(query, { ending_before: page.previousBefore })} className={pagerLink} rel="prev">
              ← Newer invoices
            </Link>
          ) : (
            <Link href={listHref(query, {})} className={pagerLink}>
              First page
            </Link>
          )}
          {page.nextAfter ? (
            <Link href={listHref(query, { starting_after: page.nextAfter })} className={pagerLink} rel="next">
              Older invoices →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
