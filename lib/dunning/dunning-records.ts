// What dunning writes beside its state changes: messages to the customer through the notification
// outbox, whose dedupe key makes each message happen once however often dunning runs. (Its audit rows
// go through lib/audit/write-audit-entries.ts, like every other audit row.)
import type { Actor } from '@/lib/audit/actor';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { notificationOutbox } from '@/lib/db/schema';

export type DunningContext = { now: Date; config: BillingConfig; actor: Actor };

export async function notify(tx: Queryable, rows: { customerId: string; email: string; template: string; dedupeKey: string; payload: Record<string, unknown> }[]) {
  if (rows.length === 0) return;
  await tx
    .insert(notificationOutbox)
    .values(rows.map((r) => ({ customerId: r.customerId, toEmail: r.email, template: r.template, dedupeKey: r.dedupeKey, payload: r.payload })))
    .onConflictDoNothing();
}
