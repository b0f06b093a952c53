import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { AuditTable } from '@/components/audit/audit-table';
import { FilterProblems } from '@/components/filter-problems';
import { PageHeader } from '@/components/page-header';
import { Pager } from '@/components/pager';
import { adminAuditFilters, listAdminAudit } from '@/lib/admin-overview/list-admin-audit';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { AUDIT_ACTOR_TYPES } from '@/lib/audit/list-audit-entries';
import { humanize } from '@/lib/format/format-text';
import { givenParams, hrefWith, queryProblems, type SearchParams } from '@/lib/http/page-query';

export const metadata: Metadata = { title: 'Audit log' };

const FILTER_NAMES = ['entity_type', 'entity_id', 'action', 'actor_type', 'actor_id', 'customer_id'] as const;
const PER_PAGE = ['10', '25', '50', '100'] as const;

const fieldBase =
  'w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none';
const fieldClass = `${fieldBase} sm:w-auto`;
const labelClass = 'mb-1 block text-xs font-medium text-slate-600';
const buttonClass = 'rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50';

/**
 * The workspace's audit log: every recorded change of money, state and access, newest first, with
 * who made it and what it replaced. The log is append-only, so this page only ever reads.
 */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const scope = await requireAdminWorkspace('/admin/audit');
  // every parameter is checked, so a misspelt one is named rather than silently ignored
  const given = givenParams(await searchParams);
  const parsed = adminAuditFilters.safeParse(given);
  const problems = parsed.success ? [] : queryProblems(parsed.error);
  const list = parsed.success ? await listAdminAudit(scope, parsed.data) : null;
  const filtered = FILTER_NAMES.some((name) => given[name]);
  const current = { ...Object.fromEntries(FILTER_NAMES.map((name) => [name, given[name]])), per_page: given.per_page };

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          list
            ? `${list.matching} ${list.matching === 1 ? 'entry' : 'entries'}${filtered ? ' match these filters' : ''}, newest first. Entries are never changed or removed.`
            : 'Every change of money, state and access, newest first.'
        }
      />

      <Form action="/admin/audit" className="mb-4 flex flex-wrap items-end gap-3" data-testid="audit-filters" aria-label="Filter the audit log">
        <div className="w-full sm:w-auto">
          <label htmlFor="audit-entity-type" className={labelClass}>
            Entity type
          </label>
          <select id="audit-entity-type" name="entity_type" defaultValue={given.entity_type ?? ''} className={fieldClass}>
            <option value="">All types</option>
            {[...new Set([...(list?.entityTypes ?? []), ...(given.entity_type ? [given.entity_type] : [])])].map((type) => (
              <option key={type} value={type}>
                {humanize(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="w-full sm:w-auto">
          <label htmlFor="audit-entity-id" className={labelClass}>
            Entity id
          </label>
          <input id="audit-entity-id" name="entity_id" type="search" defaultValue={given.entity_id ?? ''} className={`${fieldClass} sm:w-72`} />
        </div>
        <div className="w-full sm:w-auto">
          <label htmlFor="audit-action" className={labelClass}>
            Action
          </label>
          <input id="audit-action" name="action" type="search" list="audit-actions" defaultValue={given.action ?? ''} placeholder="invoice.finalized" className={fieldClass} />
          <datalist id="audit-actions">
            {(list?.actions ?? []).map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
        </div>
        <div className="w-full sm:w-auto">
          <label htmlFor="audit-actor-type" className={labelClass}>
            Actor
          </label>
          <select id="audit-actor-type" name="actor_type" defaultValue={given.actor_type ?? ''} className={fieldClass}>
            <option value="">Anyone</option>
            {AUDIT_ACTOR_TYPES.map((type) => (
              <option key={type} value={type}>
                {type === 'api_key' ? 'API key' : type === 'cli' ? 'CLI' : humanize(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="w-full sm:w-auto">
          <label htmlFor="audit-actor-id" className={labelClass}>
            Actor id
          </label>
          <input id="audit-actor-id" name="actor_id" type="search" defaultValue={given.actor_id ?? ''} className={fieldClass} />
        </div>
        {given.customer_id ? <input type="hidden" name="customer_id" value={given.customer_id} /> : null}
        <div className="w-full sm:w-auto">
          <label htmlFor="audit-per-page" className={labelClass}>
            Per page
          </label>
          <select id="audit-per-page" name="per_page" defaultValue={given.per_page ?? '50'} className={fieldClass}>
            {PER_PAGE.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass}>
            Filter
          </button>
          {filtered ? (
            <Link href="/admin/audit" className="text-sm text-slate-600 hover:text-slate-900">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>

      {given.customer_id && list ? (
        <p className="mb-4 text-sm text-slate-600" data-testid="audit-customer-filter">
          Showing one customer’s entries.{' '}
          <Link href={hrefWith('/admin/audit', { ...current, customer_id: undefined })} className="text-indigo-700 hover:underline">
            Show every customer’s
          </Link>
        </p>
      ) : null}

      <FilterProblems problems={problems} testId="audit-filter-error" />

      <AuditTable entries={list?.entries ?? []} label="Audit log" empty={filtered ? 'No entries match these filters.' : 'Nothing recorded yet.'} />

      {list ? <Pager page={list.page} pages={list.pages} href={(page) => hrefWith('/admin/audit', { ...current, page })} testId="audit-pages" /> : null}
    </>
  );
}
