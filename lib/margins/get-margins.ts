import 'server-only';
// GET /api/admin/billing/margins: what the invoices issued in a date range brought in, what the units
// they billed cost the operator (each metric's unit_cost), and the gross margin between the two, per
// currency, plan and customer. The database sums; lib/margins/margin-report.ts does the arithmetic.
//
// What counts:
// - Revenue: the subtotal (before tax) of every invoice issued in the range (issued_at, UTC days, both
//   ends included, as the accounting export counts them) that is open, paid or uncollectible (issued
//   and not void; an uncollectible invoice was still billed), less the subtotal of the credit notes
//   written in the range on invoices that are not void.
// - Cost: the units of each metered line of those invoices times the metric's unit cost. The units are
//   all that was used (the line's `usage`, included units too: a free unit still costs the operator),
//   else the billed quantity. Unit costs are the metrics' current ones.
// - Plan: the plan (by code) of the billing period the invoice bills; one-time invoices have none.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { selectRows, type Queryable } from '@/lib/db/client';
import { addUtcDays, isUtcDay, parseUtcDay, utcDaysInclusive } from '@/lib/time/utc-day';
import { marginReport, type CurrencyMargins, type RevenueRow, type UnitsRow } from './margin-report';

export const MAX_MARGIN_DAYS = 400;

const day = (field: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required, as YYYY-MM-DD` : 'must be a date, YYYY-MM-DD') })
    // abort: a malformed value gets one message, not a second one from the calendar check
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, YYYY-MM-DD', abort: true })
    .refine(isUtcDay, 'is not a real date');

/** `?from=&to=`: UTC days, both included, `to` not before `from`, at most 400 days. */
export const marginsQuery = z
  .object({ from: day('from'), to: day('to') })
  .superRefine(({ from, to }, ctx) => {
    if (!isUtcDay(from) || !isUtcDay(to)) return; // already refused by name; no span to measure
    const days = utcDaysInclusive(from, to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days > MAX_MARGIN_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_MARGIN_DAYS} days` });
  });
export type MarginsQuery = z.input<typeof marginsQuery>;

export type Margins = {
  from: string;
  to: string;
  /** whether any metric carries a unit cost: without one every cost is unknown */
  unit_costs_set: boolean;
  data: CurrencyMargins[];
};

// The plan an invoice bills: its billing period's (the version it was billed on), else its
// subscription's; named by the current version of that plan.
const ISSUED_INVOICES = sql`
  select i.id, i.currency, i.customer_id, i.subtotal, coalesce(bp.plan_id, s.plan_id) as plan_id
  from invoices i
  left join billing_periods bp on bp.id = i.billing_period_id
  left join subscriptions s on s.id = i.subscription_id
  where i.status in ('open', 'paid', 'uncollectible')`;

const PLAN_AND_CUSTOMER = sql`
  p.code as "planCode",
  (select c.name from plans c where c.code = p.code and c.is_current) as "planName",
  cu.id as "customerId",
  cu.name as "customerName"`;

/** `breakdown: false`: the totals per currency only, without their plans and customers (see marginReport). */
export async function getMargins(db: Queryable, query: MarginsQuery, options: { breakdown?: boolean } = {}): Promise<Margins> {
  const { from, to } = marginsQuery.parse(query);
  const start = parseUtcDay(from);
  const end = addUtcDays(parseUtcDay(to), 1);

  const revenue = await selectRows<RevenueRow>(
    db,
    sql`
      with issued as (${ISSUED_INVOICES} and i.issued_at >= ${start} and i.issued_at < ${end}),
      credited as (
        select cn.currency, cn.customer_id, -cn.subtotal as subtotal, coalesce(bp.plan_id, s.plan_id) as plan_id
        from credit_notes cn
        join invoices i on i.id = cn.invoice_id
        left join billing_periods bp on bp.id = i.billing_period_id
        left join subscriptions s on s.id = i.subscription_id
        where i.status <> 'void' and cn.created_at >= ${start} and cn.created_at < ${end}
      ),
      amounts as (
        select currency, customer_id, subtotal, plan_id from issued
        union all
        select currency, customer_id, subtotal, plan_id from credited
      )
      select a.currency, ${PLAN_AND_CUSTOMER}, sum(a.subtotal)::text as revenue
      from amounts a
      join customers cu on cu.id = a.customer_id
      left join plans p on p.id = a.plan_id
      group by a.currency, p.code, cu.id, cu.name`,
  );

  const units = await selectRows<UnitsRow>(
    db,
    sql`
      with issued as (${ISSUED_INVOICES} and i.issued_at >= ${start} and i.issued_at < ${end})
      select i.currency, ${PLAN_AND_CUSTOMER}, m.code as "metricCode", m.unit_cost::text as "unitCost", m.unit_cost_currency as "unitCostCurrency",
        sum(coalesce((l.details->>'usage')::numeric, l.quantity))::text as units
      from issued i
      join invoice_lines l on l.invoice_id = i.id
      join billable_metrics m on m.code = l.metric_code
      join customers cu on cu.id = i.customer_id
      left join plans p on p.id = i.plan_id
      where l.kind = 'charge'
      group by i.currency, p.code, cu.id, cu.name, m.code, m.unit_cost, m.unit_cost_currency`,
  );

  const [costs] = await selectRows<{ set: boolean }>(db, sql`select exists (select 1 from billable_metrics where unit_cost is not null) as set`);
  return { from, to, unit_costs_set: Boolean(costs?.set), data: marginReport(revenue, units, options) };
}
