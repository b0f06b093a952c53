// The one way billing code records what it did in the audit log: who (the actor), what (the action on
// an entity), for which customer, and the details worth keeping (before/after, amounts, reasons).
import type { Actor } from '@/lib/audit/actor';
import type { Queryable } from '@/lib/db/client';
import { insertRows } from '@/lib/db/insert-rows';
import { auditLog } from '@/lib/db/schema';
import { notificationsForAudit } from '@/lib/notifications/audit-notifications';
import { queueNotifications } from '@/lib/notifications/queue-notifications';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string | null;
  customerId?: string | null;
  details?: Record<string, unknown>;
  /** when it happened, for a history written after the fact (the demo seed); else the database's clock */
  at?: Date;
};

/**
 * Writes the entries in one statement per kind (with and without an `at`: a statement names the same
 * columns for every row), in the caller's transaction; none: nothing is written. The emails and
 * webhook events the entries stand for are queued in the same transaction
 * (lib/notifications/audit-notifications.ts).
 */
export async function writeAuditEntries(tx: Queryable, actor: Actor, entries: AuditEntry[]): Promise<void> {
  const row = (e: AuditEntry) => ({
    actorType: actor.type,
    actorId: actor.id,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    customerId: e.customerId ?? null,
    details: e.details ?? {},
  });
  await insertRows(tx, auditLog, entries.filter((e) => !e.at).map(row));
  await insertRows(tx, auditLog, entries.filter((e) => e.at).map((e) => ({ ...row(e), createdAt: e.at })));
  await queueNotifications(tx, notificationsForAudit(entries));
}
