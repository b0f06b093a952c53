// What dunning writes beside its state changes: audit rows, and messages to the customer through the
// notification outbox, whose dedupe key makes each message happen once however often dunning runs.
import type { Actor } from '@/lib/api-keys/create-api-key';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { auditLog, notificationOutbox } from '@/lib/db/schema';

export type DunningContext = { now: Date; config: BillingConfig; actor: Actor };

export async function notify(tx: Queryable, rows: { customerId: string; email: string; template: string; dedupeKey: string; payload: Record<string, unknown> }[]) {
  if (rows.length === 0) return;
  await tx
    .insert(notificationOutbox)
    .values(rows.map((r) => ({ customerId: r.customerId, toEmail: r.email, template: r.template, dedupeKey: r.dedupeKey, payload: r.payload })))
    .onConflictDoNothing();
}

export async function audit(tx: Queryable, actor: Actor, action: string, entityType: string, rows: { id: string; customerId: string; details?: Record<string, unknown> }[]) {
  if (rows.length === 0) return;
  await tx.insert(auditLog).values(rows.map((r) => ({ actorType: actor.type, actorId: actor.id, action, entityType, entityId: r.id, customerId: r.customerId, details: r.details ?? {} })));
}
