import type { Metadata } from 'next';
import Link from 'next/link';
import { Money } from '@/components/money';
import { FilterField, FilterForm, filterInputClass, PerPageField } from '@/components/filter-form';
import { FilterProblems } from '@/components/filter-problems';
import { PageHeader } from '@/components/page-header';
import { Pager } from '@/components/pager';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { adminCustomerFilters, listAdminCustomers } from '@/lib/admin-overview/list-admin-customers';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDate } from '@/lib/format/format-date';
import { countryName } from '@/lib/format/format-text';
import { givenParams, hrefWith, queryProblems, type SearchParams } from '@/lib/http/page-query';
import { asc, eq } from 'drizzle-orm';
import { plans } from '@/lib/db/schema';
import { mayWrite } from '@/lib/workspaces/session-workspaces';

export const metadata: Metadata = { title: 'Customers' };

const FILTER_NAMES = ['query', 'status', 'plan', 'past_due', 'per_page'] as const;
// this page's fields dim their placeholder hints; the other filter rows keep the browser's colour
const fieldClass = `${filterInputClass} placeholder:text-slate-400`;

export default async function AdminCustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const scope = await requireAdminWorkspace('/admin/customers');
  const raw = await searchParams;
  const given = givenParams(raw);
  const parsed = adminCustomerFilters.safeParse(given);
  const problems = parsed.success ? [] : queryProblems(parsed.error);
  const [list, planOptions] = await Promise.all([
    parsed.success ? listAdminCustomers(scope, parsed.data, new Date()) : null,
    scope.database.db.select({ code: plans.code, name: plans.name }).from(plans).where(eq(plans.isCurrent, true)).orderBy(asc(plans.name)),
  ]);
  const rows = list?.rows ?? [];
  const query = given.query ?? '';
  const filtered = FILTER_NAMES.some((name) => name !== 'per_page' && given[name]);
  const current = Object.fromEntries(FILTER_NAMES.map((name) => [name, given[name]]));

  return (
    <>
      <PageHeader
        title="Customers"
        actions={
          mayWrite(scope.role) ? (
            <Link href="/admin/customers/new" data-testid="new-customer" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
              New customer
            </Link>
          ) : null
        }
        description={list ? `${list.matching} ${list.matching === 1 ? 'customer' : 'customers'}${filtered ? (query ? ` match “${query}”` : ' match these filters') : ''}` : 'Customers of this workspace.'}
      />
      <FilterForm action="/admin/customers" label="Find customers" testId="customer-search" filtered={filtered} search submitLabel="Search" clearClassName="text-sm text-slate-500 hover:text-slate-800">
        <FilterField id="customer-query" label="Name or email">
          <input
            id="customer-query"
            name="query"
            type="search"
            aria-label="Search customers by name or email"
            defaultValue={query}
            placeholder="Search name or email"
            className={`${fieldClass} sm:w-64`}
          />
        </FilterField>
        <FilterField id="customer-status" label="Status">
          <select id="customer-status" name="status" defaultValue={given.status ?? ''} className={fieldClass}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
          </select>
        </FilterField>
        <FilterField id="customer-plan" label="Plan">
          <select id="customer-plan" name="plan" defaultValue={given.plan ?? ''} className={`${fieldClass} sm:max-w-56`}>
            <option value="">Any plan</option>
            {planOptions.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </FilterField>
        <div className="flex items-center gap-2 pb-1.5">
          <input id="customer-past-due" name="past_due" type="checkbox" value="true" defaultChecked={given.past_due === 'true'} className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" />
          <label htmlFor="customer-past-due" className="text-sm text-slate-700">
            Past due only
          </label>
        </div>
        <PerPageField id="customer-per-page" value={given.per_page} className={fieldClass} />
      </FilterForm>

      <FilterProblems problems={problems} testId="customer-filter-error" />

      <Table label="Customers" data-testid="customer-table">
        <THead>
          <Th>Customer</Th>
          <Th>Country</Th>
          <Th>Currency</Th>
          <Th>Plan</Th>
          <Th>Status</Th>
          <Th align="right">MRR</Th>
          <Th align="right">Balance</Th>
          <Th>Payment method</Th>
        </THead>
        <TBody>
          {rows.length === 0 ? (
            <EmptyRow colSpan={8}>{query ? `No customer’s name or email contains “${query}”.` : filtered ? 'No customers match these filters.' : 'No customers yet.'}</EmptyRow>
          ) : (
            rows.map((customer) => (
              <tr key={customer.id} data-testid="customer-row" data-status={customer.status} data-past-due={customer.pastDue} className="hover:bg-slate-50/60">
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
                  <span className="flex items-center gap-1.5">
                    <StatusBadge status={customer.status} />
                    {customer.pastDue ? <StatusBadge status="past_due" label="Past due" /> : null}
                  </span>
                </Td>
                <Td align="right">
                  <Money amount={customer.mrr} currency={customer.currency} muteZero />
                </Td>
                <Td align="right">
                  {customer.balance.length === 0 ? (
                    <span className="text-slate-500">—</span>
                  ) : (
                    customer.balance.map((b) => <Money key={b.currency} amount={b.amount} currency={b.currency} className="block" />)
                  )}
                </Td>
                <Td>{customer.paymentMethod}</Td>
              </tr>
            ))
          )}
        </TBody>
      </Table>
      {list ? <Pager page={list.page} pages={list.pages} href={(page) => hrefWith('/admin/customers', { ...current, page })} testId="customer-pages" /> : null}
    </>
  );
}
