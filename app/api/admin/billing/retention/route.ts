import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { getRetentionSettings, RETENTION_DEFAULTS, updateRetentionSettings, updateRetentionSchema } from '@/lib/privacy/retention-settings';

// GET /api/admin/billing/retention - how long the workspace keeps usage events, webhook payloads, email bodies and delivery logs (days; null: forever)
export const GET = withAdmin(async ({ db }) => Response.json({ ...(await getRetentionSettings(db)), defaults: RETENTION_DEFAULTS }));

// PATCH /api/admin/billing/retention - changes the named settings; viewers get 403
export const PATCH = withAdmin(async ({ req, db, actor, now }) => {
  const change = await readJson(req, updateRetentionSchema);
  return Response.json({ ...(await updateRetentionSettings(db, change, { actor, now })), defaults: RETENTION_DEFAULTS });
});
