import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { listAdminCustomers } from '@/lib/admin-overview/list-admin-customers';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDate } from '@/lib/format/format-date';
import { countryName } from '@/lib/format/format-text';

export const metadata: Metadata = { title: 'Customers' };

export default async function AdminCustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requireAdminWorkspace('/admin/customers');
  const raw = (await searchParams).query;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  const { rows, limited } = await listAdminCustomers(scope, query);

  return (
    <>
      <PageHeader
        title="Customers"
        description={
          query
            ? `${rows.length} ${rows.length === 1 ? 'customer matches' : 'customers match'} “${query}”`
            : `${rows.length}${limited ? '+' : ''} ${rows.length === 1 ? 'customer' : 'customers'}`
        }
        actions={
          <Form action="/admin/customers" role="search" className="flex items-center gap-2" data-testid="customer-search">
            <label htmlFor="customer-query" className="sr-only">
              Search customers by name or email
            </label>
            <input
              id="customer-query"
              name="query"
              type="search"
              defaultValue={query}
              placeholder="Search name or email"
              className="w-64 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
            />
            <button
              type="submit"
              className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
            >
              Search
            </button>
            {query ? (
              <Link href="/admin/customers" className="text-sm text-slate-500 hover:text-slate-800">
                Clear
              </Link>
            ) : null}
          </Form>
        }
      />
      <Table label="Customers" data-testid="customer-table">
        <THead>
          <Th>Customer</Th>
          <Th>Country</Th>
          <Th>Currency</Th>
          <Th>Plan</Th>
          <Th>Status</Th>
          <Th>Payment method</Th>
        </THead>
        <TBody>
          {rows.length === 0 ? (
            <EmptyRow colSpan={6}>{query ? `No customer’s name or email contains “${query}”.` : 'No customers yet.'}</EmptyRow>
          ) : (
            rows.map((customer) => (
              <tr key={customer.id} data-testid="customer-row" className="hover:bg-slate-50/60">
                <Td>
                  <Link href={`/admin/customers/${customer.id}`} data-testid="customer-link" className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">
                    {customer.name}
                  </Link>
                  <div className="flex items-center gap-2 text-xs text-slate-500">
                    <span>{customer.email}</span>
                    {customer.emailBouncedAt ? (
                      <span title={customer.emailBounceReason ?? undefined} data-testid="email-bounced">
                        <StatusBadge status="bounced" label="Bounced" />
                        <span className="sr-only">
                          {`: mail to this customer bounced on ${formatDate(customer.emailBouncedAt)}${customer.emailBounceReason ? ` (${customer.emailBounceReason})` : ''}`}
                        </span>
                      </span>
                    ) : null}
                  </div>
                </Td>
                <Td>{countryName(customer.country)}</Td>
                <Td className="uppercase">{customer.currency}</Td>
                <Td>
                  {customer.planName ? (
                    <div className="flex items-center gap-2">
                      <span className="text-slate-900">{customer.planName}</span>
                      {customer.subscriptionStatus && customer.subscriptionStatus !== 'active' ? (
                        <StatusBadge status={customer.subscriptionStatus} />
                      ) : null}
                    </div>
                  ) : (
                    <span className="text-slate-500">No subscription</span>
                  )}
                </Td>
                <Td>
                  <StatusBadge status={customer.status} />
                </Td>
                <Td>{customer.paymentMethod}</Td>
              </tr>
            ))
          )}
        </TBody>
      </Table>
      {limited ? <p className="mt-3 text-sm text-slate-500">Showing the first 200 customers. Search to narrow the list.</p> : null}
    </>
  );
}
