import { planPatchSchema, plansQuery } from '@/lib/catalog/catalog-schemas';
import { getPlanViewById, getPlanViews } from '@/lib/catalog/plan-view';
import { updatePlan } from '@/lib/catalog/update-plan';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/plans/[code]?include_versions= - the current version; include_versions=true
// adds `versions`, every version newest first
export const GET = withAdmin(async ({ req, params, db }) => {
  const { include_versions } = plansQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  const code = params.code ?? '';
  if (include_versions !== 'true') return Response.json((await getPlanViews(db, code))[0]);
  const versions = await getPlanViews(db, code, { includeVersions: true });
  const current = versions.find((v) => v.is_current) ?? versions[0]!;
  return Response.json({ ...current, versions });
});

// PATCH /api/admin/billing/plans/[code] - a full or partial plan; makes version N+1 the current one.
// Periods already opened and invoices already issued keep the version they were made on.
export const PATCH = withAdmin(async ({ req, params, db, actor }) => {
  const patch = await readJson(req, planPatchSchema);
  const plan = await updatePlan(db, params.code ?? '', patch, actor);
  return Response.json(await getPlanViewById(db, plan.id));
});
