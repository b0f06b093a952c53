import type { AuditEntryJson } from '@/lib/audit/list-audit-entries';
import { humanize } from '@/lib/format/format-text';

/** A recorded value as a person reads it: text as is, nothing as "—", lists joined, the rest as JSON. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.length ? value.join(', ') : '—';
  return JSON.stringify(value);
}

/**
 * What an entry changed, field by field as "before → after", then why. Personal fields (a customer's
 * name or email) are recorded by name only, so they read "changed (not recorded)".
 */
export function AuditChanges({ entry }: { entry: Pick<AuditEntryJson, 'changes' | 'details'> }) {
  const { before, after, reason } = entry.changes;
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const personal = Array.isArray(entry.details.personal_fields) ? entry.details.personal_fields.filter((f): f is string => typeof f === 'string') : [];
  if (fields.length === 0 && personal.length === 0 && !reason) return <span className="text-slate-500">—</span>;
  return (
    <div className="min-w-48 space-y-1 whitespace-normal" data-testid="audit-changes">
      {fields.length > 0 || personal.length > 0 ? (
        <dl className="space-y-0.5">
          {fields.map((field) => {
            const was = before && field in before ? shown(before[field]) : null;
            const is = after && field in after ? shown(after[field]) : null;
            return (
              <div key={field} className="flex flex-wrap gap-x-1.5 break-all" data-testid="audit-change" data-field={field}>
                <dt className="text-slate-500">{humanize(field)}:</dt>
                <dd className="text-slate-900">
                  {was !== null ? (
                    <>
                      <del className="text-slate-500" aria-label={`was ${was}`}>{was}</del>
                      {is !== null ? <span aria-hidden="true"> → </span> : <span className="text-slate-500"> (removed)</span>}
                    </>
                  ) : null}
                  {is !== null ? <ins className="no-underline" aria-label={was !== null ? `now ${is}` : undefined}>{is}</ins> : null}
                </dd>
              </div>
            );
          })}
          {personal.map((field) => (
            <div key={field} className="flex flex-wrap gap-x-1.5" data-testid="audit-change" data-field={field}>
              <dt className="text-slate-500">{humanize(field)}:</dt>
              <dd className="text-slate-600">changed (personal data, not kept in the log)</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {reason ? (
        <p className="text-slate-600">
          <span className="text-slate-500">Reason:</span> {reason}
        </p>
      ) : null}
    </div>
  );
}
