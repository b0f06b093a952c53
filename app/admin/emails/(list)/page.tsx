import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterField, FilterForm, filterFocusButtonClass, filterSelectClass } from '@/components/filter-form';
import { FilterProblems } from '@/components/filter-problems';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { listAdminEmails } from '@/lib/admin-overview/list-admin-emails';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDateTime } from '@/lib/format/format-date';
import { humanize } from '@/lib/format/format-text';
import { listEmailsQuery } from '@/lib/notifications/list-emails';
import { EMAIL_TYPES } from '@/lib/notifications/notification-types';
import { EMAIL_STATUSES } from '@/lib/notifications/to-email-json';

export const metadata: Metadata = { title: 'Emails' };

const LIMIT = 50;

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

/** This page's URL with these filters (empty ones left out). */
function emailsHref(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const query = search.toString();
  return query ? `/admin/emails?${query}` : '/admin/emails';
}

export default async function AdminEmailsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const scope = await requireAdminWorkspace('/admin/emails');
  const raw = await searchParams;
  const filters = { type: first(raw.type), status: first(raw.status), customer_id: first(raw.customer_id) };
  const parsed = listEmailsQuery.safeParse({ ...filters, starting_after: first(raw.starting_after) });
  // a hand-edited URL with a filter the list does not know: say which, and list nothing
  const query = parsed.success ? parsed.data : null;
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const list = await listAdminEmails(scope, query ?? {}, LIMIT);
  const emails = query ? list.emails : [];
  const filtered = Boolean(filters.type || filters.status || filters.customer_id);
  const lastId = emails.at(-1)?.id;

  return (
    <>
      <PageHeader title="Emails" description="What the workspace sent its customers and admins, newest first, with what Resend said about delivery." />

      <FilterForm action="/admin/emails" label="Filter emails" testId="email-filters" filtered={filtered} clearLabel="Clear filters" className="mb-5 flex flex-wrap items-end gap-3" buttonClassName={filterFocusButtonClass}>
        <FilterField id="email-type" label="Type">
          <select id="email-type" name="type" defaultValue={filters.type} className={filterSelectClass}>
            <option value="">All types</option>
            {EMAIL_TYPES.map((type) => (
              <option key={type} value={type}>
                {humanize(type)}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="email-status" label="Status">
          <select id="email-status" name="status" defaultValue={filters.status} className={filterSelectClass}>
            <option value="">All statuses</option>
            {EMAIL_STATUSES.map((status) => (
              <option key={status} value={status}>
                {humanize(status)}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="email-customer" label="Customer">
          <select id="email-customer" name="customer_id" defaultValue={filters.customer_id} className={filterSelectClass}>
            <option value="">All customers</option>
            {list.customerOptions.map((customer) => (
              <option key={customer.id} value={customer.id}>
                {customer.name}
              </option>
            ))}
          </select>
        </FilterField>
      </FilterForm>

      <FilterProblems problems={problems} testId="email-filter-error" />

      <Table label="Emails" data-testid="email-table">
        <THead>
          <Th>Subject</Th>
          <Th>To</Th>
          <Th>Type</Th>
          <Th>Status</Th>
          <Th>Delivery</Th>
          <Th>Created</Th>
        </THead>
        <TBody>
          {emails.length === 0 ? (
            <EmptyRow colSpan={6}>
              {filtered || !query
                ? 'No emails match these filters.'
                : 'No emails yet. Issued invoices, payments and dunning queue them here as they happen.'}
            </EmptyRow>
          ) : (
            emails.map((email) => {
              const customerName = email.customer_id ? list.customerNames.get(email.customer_id) : undefined;
              return (
                <tr key={email.id} data-testid="email-row" data-status={email.status} className="hover:bg-slate-50/60">
                  <Td strong>
                    <Link href={`/admin/emails/${email.id}`} className="block max-w-72 truncate text-indigo-700 hover:text-indigo-900 hover:underline">
                      {email.subject ?? `${humanize(email.type)} (not rendered yet)`}
                    </Link>
                  </Td>
                  <Td>
                    <div className="max-w-64 truncate">{email.to.length > 0 ? email.to.join(', ') : 'Billing emails, when rendered'}</div>
                    {customerName ? <div className="text-xs text-slate-500">{customerName}</div> : null}
                  </Td>
                  <Td>{humanize(email.type)}</Td>
                  <Td>
                    <StatusBadge status={email.status} />
                  </Td>
                  <Td>{email.delivery_status ? <StatusBadge status={email.delivery_status} /> : <span className="text-slate-500">—</span>}</Td>
                  <Td>{formatDateTime(email.created)}</Td>
                </tr>
              );
            })
          )}
        </TBody>
      </Table>

      <nav aria-label="Pages of emails" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
        {query?.starting_after ? (
          <Link href={emailsHref(filters)} className="font-medium text-indigo-700 hover:text-indigo-900">
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {list.hasMore && query && lastId ? (
          <Link href={emailsHref({ ...filters, starting_after: lastId })} className="font-medium text-indigo-700 hover:text-indigo-900" data-testid="email-next-page">
            Older emails →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
