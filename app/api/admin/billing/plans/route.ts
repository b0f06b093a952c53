import { planInputSchema, plansQuery } from '@/lib/catalog/catalog-schemas';
import { createPlan } from '@/lib/catalog/create-plan';
import { getPlanViewById, listPlans } from '@/lib/catalog/plan-view';
import { readJson, withAdmin } from '@/lib/http/route-handlers';

// GET /api/admin/billing/plans?include_versions= - every plan's current version with its charges;
// include_versions=true adds the older versions
export const GET = withAdmin(async ({ req, db }) => {
  const { include_versions } = plansQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json({ data: await listPlans(db, { includeVersions: include_versions === 'true' }), has_more: false });
});

// POST /api/admin/billing/plans - version 1 of a new plan; a code already in use is a 409
export const POST = withAdmin(async ({ req, db, actor }) => {
  const input = await readJson(req, planInputSchema);
  const plan = await createPlan(db, input, actor);
  return Response.json(await getPlanViewById(db, plan.id), { status: 201 });
});
