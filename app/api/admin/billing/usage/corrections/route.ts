import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { correctUsageEvent, usageCorrectionSchema } from '@/lib/usage/correct-usage-event';

// POST /api/admin/billing/usage/corrections - {action: void|adjust, customer_id, event_id, quantity?, reason};
// an event in an invoiced period is a 409: credit notes correct issued invoices
export const POST = withAdmin(async ({ req, db, now, actor }) => {
  const correction = await readJson(req, usageCorrectionSchema);
  return Response.json(await correctUsageEvent(db, correction, { actor, now }));
});
