import type { Metadata } from 'next';
import Link from 'next/link';
import { asc } from 'drizzle-orm';
import { InvoiceSourceTag } from '@/components/invoice-source-tag';
import { Money } from '@/components/money';
import { FilterField, FilterForm, filterButtonClass, filterInputBase, filterInputClass, PerPageField } from '@/components/filter-form';
import { FilterProblems } from '@/components/filter-problems';
import { PageHeader } from '@/components/page-header';
import { Pager } from '@/components/pager';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { adminInvoiceFilters, ADMIN_INVOICE_STATUSES, listAdminInvoices } from '@/lib/admin-overview/list-admin-invoices';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { customers } from '@/lib/db/schema';
import { formatDate } from '@/lib/format/format-date';
import { givenParams, hrefWith, queryProblems, type SearchParams } from '@/lib/http/page-query';
import { humanize } from '@/lib/format/format-text';

export const metadata: Metadata = { title: 'Invoices' };

/** How many customers the filter's menu offers, by name. */
const CUSTOMER_OPTIONS = 500;

const FILTER_NAMES = ['status', 'customer_id', 'currency', 'from', 'to', 'number'] as const;

export default async function AdminInvoicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const scope = await requireAdminWorkspace('/admin/invoices');
  const raw = await searchParams;
  // every parameter is checked, so a misspelt one is named rather than silently ignored
  const given = givenParams(raw);
  const parsed = adminInvoiceFilters.safeParse(given);
  // said as the API says it: each unknown parameter by name
  const problems = parsed.success ? [] : queryProblems(parsed.error);
  const filters = parsed.success ? parsed.data : {};
  const [list, customerOptions] = await Promise.all([
    parsed.success ? listAdminInvoices(scope, filters, new Date()) : null,
    scope.database.db.select({ id: customers.id, name: customers.name }).from(customers).orderBy(asc(customers.name)).limit(CUSTOMER_OPTIONS),
  ]);
  const rows = list?.rows ?? [];
  const filtered = FILTER_NAMES.some((name) => given[name]);
  // what the page links keep: the filters and the page size
  const current = { ...Object.fromEntries(FILTER_NAMES.map((name) => [name, given[name]])), per_page: given.per_page };

  return (
    <>
      <PageHeader
        title="Invoices"
        description={list ? `${list.matching} ${list.matching === 1 ? 'invoice' : 'invoices'}${filtered ? ' match these filters' : ''}, newest first.` : 'Invoices across all customers.'}
      />

      <FilterForm action="/admin/invoices" label="Filter invoices" testId="invoice-filters" filtered={filtered}>
        <FilterField id="invoice-number" label="Number">
          <input id="invoice-number" name="number" type="search" defaultValue={given.number ?? ''} placeholder="INV-2026-" className={filterInputClass} />
        </FilterField>
        <FilterField id="invoice-status" label="Status">
          <select id="invoice-status" name="status" defaultValue={given.status ?? ''} className={filterInputClass}>
            <option value="">All statuses</option>
            {ADMIN_INVOICE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {humanize(status)}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="invoice-customer" label="Customer">
          <select id="invoice-customer" name="customer_id" defaultValue={given.customer_id ?? ''} className={`${filterInputClass} sm:max-w-56`}>
            <option value="">All customers</option>
            {customerOptions.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="invoice-currency" label="Currency">
          <input id="invoice-currency" name="currency" defaultValue={given.currency ?? ''} placeholder="usd" maxLength={3} className={`${filterInputBase} sm:w-20`} />
        </FilterField>
        <FilterField id="invoice-from" label="Issued from">
          <input id="invoice-from" name="from" type="date" defaultValue={given.from ?? ''} className={filterInputClass} />
        </FilterField>
        <FilterField id="invoice-to" label="Issued to">
          <input id="invoice-to" name="to" type="date" defaultValue={given.to ?? ''} className={filterInputClass} />
        </FilterField>
        <PerPageField id="invoice-per-page" value={given.per_page} />
      </FilterForm>

      <FilterProblems problems={problems} testId="invoice-filter-error" />

      {list && list.totals.length > 0 ? (
        <dl data-testid="invoice-totals" className="mb-4 flex flex-wrap gap-x-8 gap-y-2 text-sm">
          {list.totals.map((t) => (
            <div key={t.currency} data-currency={t.currency} data-testid="invoice-total">
              <dt className="text-slate-500">
                {t.count} in {t.currency.toUpperCase()}
              </dt>
              <dd className="text-slate-900">
                <Money amount={t.total} currency={t.currency} className="font-semibold" /> invoiced ·{' '}
                <Money amount={t.amountDue} currency={t.currency} /> due
              </dd>
            </div>
          ))}
        </dl>
      ) : null}

      <Table label="Invoices" data-testid="admin-invoice-table">
        <THead>
          <Th>Invoice</Th>
          <Th>Customer</Th>
          <Th>Issued</Th>
          <Th align="right">Total</Th>
          <Th align="right">Amount due</Th>
          <Th>Status</Th>
        </THead>
        <TBody>
          {rows.length === 0 ? (
            <EmptyRow colSpan={6}>{filtered ? 'No invoices match these filters.' : 'No invoices yet. They are issued when billing periods end.'}</EmptyRow>
          ) : (
            rows.map((invoice) => (
              <tr key={invoice.id} data-testid="invoice-row" data-status={invoice.status} className="hover:bg-slate-50/60">
                <Td strong className="font-mono text-[13px]">
                  <Link href={`/admin/invoices/${invoice.id}`} data-testid="invoice-link" className="hover:text-indigo-700 hover:underline">
                    {invoice.number ?? 'Draft'}
                  </Link>
                  <InvoiceSourceTag source={invoice.source} />
                </Td>
                <Td>
                  <Link href={`/admin/customers/${invoice.customerId}`} className="hover:text-indigo-700 hover:underline">
                    {invoice.customerName}
                  </Link>
                </Td>
                <Td>{formatDate(invoice.issuedAt)}</Td>
                <Td align="right" strong>
                  <Money amount={invoice.total} currency={invoice.currency} />
                </Td>
                <Td align="right">
                  <Money amount={invoice.amountDue} currency={invoice.currency} muteZero />
                </Td>
                <Td>
                  <StatusBadge status={invoice.status} />
                </Td>
              </tr>
            ))
          )}
        </TBody>
      </Table>

      {list ? <Pager page={list.page} pages={list.pages} href={(page) => hrefWith('/admin/invoices', { ...current, page })} testId="invoice-pages" /> : null}

      <section className="mt-8" aria-labelledby="export-heading">
        <h2 id="export-heading" className="text-base font-semibold text-slate-900">
          Export for accounting
        </h2>
        <p className="mt-1 text-sm text-slate-600">Every issued invoice whose issue date falls in the range, one CSV row each.</p>
        <form action="/api/billing/invoices/export" method="get" className="mt-3 flex flex-wrap items-end gap-3" data-testid="invoice-export">
          <FilterField id="export-from" label="From">
            <input id="export-from" name="from" type="date" required defaultValue={given.from ?? ''} className={filterInputClass} />
          </FilterField>
          <FilterField id="export-to" label="To">
            <input id="export-to" name="to" type="date" required defaultValue={given.to ?? ''} className={filterInputClass} />
          </FilterField>
          <button type="submit" className={filterButtonClass}>
            Download CSV
          </button>
        </form>
      </section>
    </>
  );
}
