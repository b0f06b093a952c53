import { z } from 'zod';
import { BillingError } from '@/lib/http/billing-error';
import { withUser } from '@/lib/http/route-handlers';
import { dailyUsageSeries, MAX_SERIES_DAYS } from '@/lib/usage/daily-usage';
import { forCustomerScope } from '@/lib/http/customer-scope';

const DAY_MS = 86_400_000;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');
const querySchema = z.object({
  from: day.optional(),
  to: day.optional(),
  metric: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a metric code').optional(),
});
const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// GET /api/billing/usage/daily?from=&to=&metric= - the usage chart's data: one point per UTC day and
// metric, both ends inclusive; the 30 days up to today by default
export const GET = withUser(async (ctx) => {
  const params = ctx.req.nextUrl.searchParams;
  const query = querySchema.parse({ from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, metric: params.get('metric') ?? undefined });
  const to = query.to ?? dateOnly(ctx.now.getTime());
  const from = query.from ?? dateOnly(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS);
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span < 1 || span > MAX_SERIES_DAYS) {
    throw new BillingError({
      code: 'validation_failed',
      status: 422,
      message: 'The request is not valid',
      details: [{ field: span < 1 ? 'from' : 'to', message: span < 1 ? 'must not be after to' : `the range may span at most ${MAX_SERIES_DAYS} days` }],
    });
  }
  const data = await forCustomerScope(ctx, (db, customerId) => dailyUsageSeries(db, { customerId, from, to, metric: query.metric }));
  return Response.json({ from, to, data }, { headers: { 'cache-control': 'no-store' } });
});
