import Link from 'next/link';
import { Section } from '@/components/section';
import { getAuditHistory } from '@/lib/admin-overview/list-admin-audit';
import type { AdminWorkspace } from '@/lib/admin-overview/require-admin';
import { hrefWith } from '@/lib/http/page-query';
import { AuditTable } from './audit-table';

/**
 * An object's History on its own page: the newest audit entries about it (and those naming it, as a
 * credit note names its invoice), with a link to all of them on /admin/audit. Read in the page's
 * workspace scope, so RLS keeps it to the workspace.
 */
export async function AuditHistory({ scope, entityType, entityId, title = 'History', testId = 'audit-history' }: { scope: AdminWorkspace; entityType: string; entityId: string; title?: string; testId?: string }) {
  const { entries, hasMore } = await getAuditHistory(scope, entityType, entityId);
  const all = entityType === 'customer' ? hrefWith('/admin/audit', { customer_id: entityId }) : hrefWith('/admin/audit', { entity_type: entityType, entity_id: entityId });
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
