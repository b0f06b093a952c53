import Link from 'next/link';
import { Section } from '@/components/section';
import { getAuditHistory } from '@/lib/admin-overview/list-admin-audit';
import type { AdminWorkspace } from '@/lib/admin-overview/require-admin';
import { hrefWith } from '@/lib/http/page-query';
import { AuditTable } from './audit-table';

/**
 * An object's History on its own page: the newest audit entries about it (and those naming it, as a
 * credit note names its invoice), with a link to all of them on /admin/audit. An object kept as
 * several rows (a plan's versions) passes every id; its link then opens the log at that entity type,
 * since the log's filter takes one id. Read in the page's workspace scope, so RLS keeps it to the
 * workspace.
 */
export async function AuditHistory({ scope, entityType, entityId, title = 'History', testId = 'audit-history' }: { scope: AdminWorkspace; entityType: string; entityId: string | readonly string[]; title?: string; testId?: string }) {
  const { entries, hasMore } = await getAuditHistory(scope, entityType, entityId);
  const ids = typeof entityId === 'string' ? [entityId] : entityId;
  const all =
    entityType === 'customer' && ids.length === 1
      ? hrefWith('/admin/audit', { customer_id: ids[0] })
      : hrefWith('/admin/audit', ids.length === 1 ? { entity_type: entityType, entity_id: ids[0] } : { entity_type: entityType });
  return (
    <Section
      title={title}
      testId={testId}
      aside={
        <Link href={all} className="text-indigo-700 hover:underline" data-testid="audit-history-all">
          {hasMore ? 'All entries' : 'In the audit log'} →
        </Link>
      }
    >
      <AuditTable entries={entries} label={title} empty="Nothing recorded yet." showEntity={entityType === 'customer'} />
    </Section>
  );
}
