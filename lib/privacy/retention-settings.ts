// How long a workspace keeps what it no longer needs (GDPR's storage limitation), in days; null keeps
// it forever. A workspace that never chose takes RETENTION_DEFAULTS. Invoices, credit notes,
// payments, usage rollups and the audit log are not subject to these: billing and the law need them.
import { z } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { workspaceRetentionSettings } from '@/lib/db/schema';

export { RETENTION_DEFAULTS, RETENTION_FIELDS, type RetentionField, type RetentionSettings } from './retention-fields';
import { RETENTION_DEFAULTS, type RetentionSettings } from './retention-fields';

const days = z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(36_500, 'at most 36,500 days (100 years)').nullable();

// strict: an unknown field is refused by name; null keeps that kind of data forever
export const updateRetentionSchema = z
  .strictObject({ usage_events_days: days, webhook_payloads_days: days, email_bodies_days: days, delivery_logs_days: days })
  .partial()
  .refine((change) => Object.keys(change).length > 0, 'name at least one setting');
export type UpdateRetentionInput = z.input<typeof updateRetentionSchema>;

type Row = typeof workspaceRetentionSettings.$inferSelect;

const toSettings = (row: Row | undefined): RetentionSettings =>
  row
    ? { usage_events_days: row.usageEventsDays, webhook_payloads_days: row.webhookPayloadsDays, email_bodies_days: row.emailBodiesDays, delivery_logs_days: row.deliveryLogsDays }
    : { ...RETENTION_DEFAULTS };

/** The workspace's settings (the scope says which workspace), or the defaults when it never chose. */
export async function getRetentionSettings(db: Queryable): Promise<RetentionSettings> {
  const [row] = await db.select().from(workspaceRetentionSettings);
  return toSettings(row);
}

/** Changes the named settings, keeping the others as they are (defaults included); audit-logged. */
export async function updateRetentionSettings(db: Queryable, input: UpdateRetentionInput, { actor, now }: { actor: Actor; now: Date }): Promise<RetentionSettings> {
  const change = updateRetentionSchema.parse(input);
  return db.transaction(async (tx) => {
    // one row per workspace: the primary key serializes two concurrent first writes
    const [current] = await tx.select().from(workspaceRetentionSettings).for('update');
    const before = toSettings(current);
    const after: RetentionSettings = { ...before, ...change };
    const columns = {
      usageEventsDays: after.usage_events_days,
      webhookPayloadsDays: after.webhook_payloads_days,
      emailBodiesDays: after.email_bodies_days,
      deliveryLogsDays: after.delivery_logs_days,
      updatedAt: now,
    };
    const [row] = await tx
      .insert(workspaceRetentionSettings)
      .values(columns)
      .onConflictDoUpdate({ target: workspaceRetentionSettings.workspaceId, set: columns })
      .returning();
    await writeAuditEntries(tx, actor, [
      { action: 'retention.updated', entityType: 'workspace', entityId: row!.workspaceId, details: { fields: Object.keys(change), before, after } },
    ]);
    return toSettings(row);
  });
}
