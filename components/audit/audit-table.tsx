import Link from 'next/link';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import type { AdminAuditEntry } from '@/lib/admin-overview/list-admin-audit';
import { auditEntityHref } from '@/lib/audit/audit-entity-link';
import { formatDateTime } from '@/lib/format/format-date';
import { humanize } from '@/lib/format/format-text';
import { AuditChanges } from './audit-changes';

/** Who acted, as a person reads it: a user by their email when the account still exists, else by kind and id. */
function actorLabel(entry: AdminAuditEntry): string {
  if (entry.actorEmail) return entry.actorEmail;
  const kind = entry.actor.type === 'api_key' ? 'API key' : entry.actor.type === 'cli' ? 'CLI' : humanize(entry.actor.type);
  return entry.actor.id ? `${kind} ${entry.actor.id.length > 12 ? `${entry.actor.id.slice(0, 8)}…` : entry.actor.id}` : kind;
}

/** Audit entries as rows: when, who, what, on which object (linked to its page), and what changed. */
export function AuditTable({ entries, label, empty, showEntity = true }: { entries: AdminAuditEntry[]; label: string; empty: string; showEntity?: boolean }) {
  const columns = showEntity ? 5 : 4;
  return (
    <Table label={label} data-testid="audit-table">
      <THead>
        <Th>When</Th>
        <Th>Who</Th>
        <Th>What</Th>
        {showEntity ? <Th>About</Th> : null}
        <Th>Changes</Th>
      </THead>
      <TBody>
        {entries.length === 0 ? (
          <EmptyRow colSpan={columns}>{empty}</EmptyRow>
        ) : (
          entries.map((entry) => {
            const href = auditEntityHref(entry);
            const entity = `${humanize(entry.entity_type)}${entry.entity_id ? ` ${entry.entity_id.length > 12 ? `${entry.entity_id.slice(0, 8)}…` : entry.entity_id}` : ''}`;
            return (
              <tr key={entry.id} data-testid="audit-row" data-action={entry.action} data-entity-type={entry.entity_type} data-entity-id={entry.entity_id ?? ''} className="align-top">
                <Td>
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                </Td>
                <Td className="max-w-56 truncate">
                  <span title={entry.actor.id ?? undefined} data-testid="audit-actor">
                    {actorLabel(entry)}
                  </span>
                </Td>
                <Td strong className="font-mono text-[13px]">
                  {entry.action}
                </Td>
                {showEntity ? (
                  <Td>
                    {href ? (
                      <Link href={href} className="text-indigo-700 hover:underline" data-testid="audit-entity-link" title={entry.entity_id ?? undefined}>
                        {entity}
                      </Link>
                    ) : (
                      <span title={entry.entity_id ?? undefined}>{entity}</span>
                    )}
                  </Td>
                ) : null}
                <Td className="max-w-md">
                  <AuditChanges entry={entry} />
                </Td>
              </tr>
            );
          })
        )}
      </TBody>
    </Table>
  );
}
