import { ensureDefaultAlertRules } from '@/lib/alerts/ensure-default-alert-rules';
import { migrate } from '@/lib/db/migrate';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { getSetupStatus } from '@/lib/setup/get-setup-status';
import { withAdmin } from '@/lib/http/route-handlers';

// GET /api/billing/setup - health: schema, counts, MRR, last automation run
export const GET = withAdmin(async ({ database, config }) => {
  return Response.json(await getSetupStatus(database, config.defaultCurrency));
});

// POST /api/billing/setup - idempotent init: pending migrations, default metrics and plans if none,
// the default alert rules (in the workspace's default currency) if it has no alert rule
export const POST = withAdmin(async ({ database, config, actor }) => {
  const migrations = await migrate(database);
  const catalog = await ensureDefaultCatalog(database.db);
  const alertRules = await ensureDefaultAlertRules(database.db, { currency: config.defaultCurrency, actor });
  const status = await getSetupStatus(database, config.defaultCurrency);
  return Response.json({ ...status, applied: { migrations: migrations.applied, metrics: catalog.metrics, plans: catalog.plans, alert_rules: alertRules } });
});
