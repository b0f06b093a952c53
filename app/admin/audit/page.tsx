import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/audit/audit-table';
import { FilterField, FilterForm, filterInputClass, PerPageField } from '@/components/filter-form';
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

      <FilterForm action="/admin/audit" label="Filter the audit log" testId="audit-filters" filtered={filtered}>
        <FilterField id="audit-entity-type" label="Entity type">
          <select id="audit-entity-type" name="entity_type" defaultValue={given.entity_type ?? ''} className={filterInputClass}>
            <option value="">All types</option>
            {[...new Set([...(list?.entityTypes ?? []), ...(given.entity_type ? [given.entity_type] : [])])].map((type) => (
              <option key={type} value={type}>
                {humanize(type)}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="audit-entity-id" label="Entity id">
          <input id="audit-entity-id" name="entity_id" type="search" defaultValue={given.entity_id ?? ''} className={`${filterInputClass} sm:w-72`} />
        </FilterField>
        <FilterField id="audit-action" label="Action">
          <input id="audit-action" name="action" type="search" list="audit-actions" defaultValue={given.action ?? ''} placeholder="invoice.finalized" className={filterInputClass} />
          <datalist id="audit-actions">
            {(list?.actions ?? []).map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
        </FilterField>
        <FilterField id="audit-actor-type" label="Actor">
          <select id="audit-actor-type" name="actor_type" defaultValue={given.actor_type ?? ''} className={filterInputClass}>
            <option value="">Anyone</option>
            {AUDIT_ACTOR_TYPES.map((type) => (
              <option key={type} value={type}>
                {type === 'api_key' ? 'API key' : type === 'cli' ? 'CLI' : humanize(type)}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="audit-actor-id" label="Actor id">
          <input id="audit-actor-id" name="actor_id" type="search" defaultValue={given.actor_id ?? ''} className={filterInputClass} />
        </FilterField>
        {given.customer_id ? <input type="hidden" name="customer_id" value={given.customer_id} /> : null}
        <PerPageField id="audit-per-page" value={given.per_page} />
      </FilterForm>

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
