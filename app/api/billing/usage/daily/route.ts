import { z } from 'zod';
import { BillingError } from '@/lib/errors/billing-error';
import { withUser } from '@/lib/http/route-handlers';
import { dailyUsageSeries, MAX_SERIES_DAYS } from '@/lib/usage/daily-usage';
import { forCustomerScope } from '@/lib/http/customer-scope';
import { addUtcDays, isUtcDay, parseUtcDay, utcDay, utcDaysInclusive } from '@/lib/time/utc-day';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, YYYY-MM-DD', abort: true })
  .refine(isUtcDay, 'is not a real date');
const querySchema = z.object({
  from: day.optional(),
  to: day.optional(),
  metric: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a metric code').optional(),
});

// GET /api/billing/usage/daily?from=&to=&metric= - the usage chart's data: one point per UTC day and
// metric, both ends inclusive; the 30 days up to today by default
export const GET = withUser(async (ctx) => {
  const params = ctx.req.nextUrl.searchParams;
  const query = querySchema.parse({ from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, metric: params.get('metric') ?? undefined });
  const to = query.to ?? utcDay(ctx.now);
  const from = query.from ?? utcDay(addUtcDays(parseUtcDay(to), -29));
  const span = utcDaysInclusive(from, to);
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
