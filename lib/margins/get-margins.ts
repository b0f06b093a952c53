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
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { THREE_DECIMAL_CURRENCIES, ZERO_DECIMAL_CURRENCIES } from '@/lib/billing/money';
import { selectRows, type Queryable } from '@/lib/db/client';
import { addUtcDays, isUtcDay, parseUtcDay, utcDaysInclusive } from '@/lib/time/utc-day';
import { marginReport, marginTotals, type CurrencyMargins, type MarginTotalsRow, type RevenueRow, type UnitsRow } from './margin-report';

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

/**
 * `breakdown: false`: the totals per currency only, without their plans and customers (see marginReport),
 * summed by one aggregate query (marginTotals) rather than from every plan and customer's rows: the
 * admin overview shows only those, and the rows of thousands of customers took it most of its time.
 */
export async function getMargins(db: Queryable, query: MarginsQuery, options: { breakdown?: boolean } = {}): Promise<Margins> {
  const { from, to } = marginsQuery.parse(query);
  const start = parseUtcDay(from);
  const end = addUtcDays(parseUtcDay(to), 1);
  const costsSet = selectRows<{ set: boolean }>(db, sql`select exists (select 1 from billable_metrics where unit_cost is not null) as set`);
  if (options.breakdown === false) {
    const [totals, [costs]] = await Promise.all([getMarginTotals(db, start, end), costsSet]);
    return { from, to, unit_costs_set: Boolean(costs?.set), data: totals };
  }

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

  const [costs] = await costsSet;
  return { from, to, unit_costs_set: Boolean(costs?.set), data: marginReport(revenue, units) };
}

// A currency's minor-unit digits in SQL, as lib/billing/money.ts counts them.
const minorDigits = (currency: SQL) =>
  sql`(case when lower(${currency}) = any(${`{${ZERO_DECIMAL_CURRENCIES.join(',')}}`}::text[]) then 0 when lower(${currency}) = any(${`{${THREE_DECIMAL_CURRENCIES.join(',')}}`}::text[]) then 3 else 2 end)`;

/**
 * The report's totals per currency in one query, the same figures marginReport gives: revenue summed,
 * each plan and customer's cost rounded (half up, ties away from zero as numeric round() does) before
 * it is added, and the metrics whose units have no cost in the currency listed with their units.
 */
async function getMarginTotals(db: Queryable, start: Date, end: Date): Promise<CurrencyMargins[]> {
  const rows = await selectRows<MarginTotalsRow>(
    db,
    sql`
      -- the plan only where units are costed per plan and customer: revenue needs none
      with issued as (
        select i.id, i.currency, i.customer_id, i.subtotal, i.billing_period_id, i.subscription_id
        from invoices i
        where i.status in ('open', 'paid', 'uncollectible') and i.issued_at >= ${start} and i.issued_at < ${end}
      ),
      credited as (
        select cn.currency, cn.customer_id, -cn.subtotal as subtotal
        from credit_notes cn
        join invoices i on i.id = cn.invoice_id
        where i.status <> 'void' and cn.created_at >= ${start} and cn.created_at < ${end}
      ),
      revenue as (
        select a.currency, sum(a.subtotal) as revenue
        from (select currency, customer_id, subtotal from issued union all select currency, customer_id, subtotal from credited) a
        join customers cu on cu.id = a.customer_id
        group by a.currency
      ),
      -- one row per plan, customer and metric, as the breakdown's units rows
      units as (
        select i.currency, p.code as plan_code, i.customer_id, m.code as metric, m.unit_cost, m.unit_cost_currency,
          sum(coalesce((l.details->>'usage')::numeric, l.quantity)) as units
        from issued i
        join invoice_lines l on l.invoice_id = i.id
        join billable_metrics m on m.code = l.metric_code
        join customers cu on cu.id = i.customer_id
        left join billing_periods bp on bp.id = i.billing_period_id
        left join subscriptions s on s.id = i.subscription_id
        left join plans p on p.id = coalesce(bp.plan_id, s.plan_id)
        where l.kind = 'charge'
        group by i.currency, p.code, i.customer_id, m.code, m.unit_cost, m.unit_cost_currency
      ),
      cell_costs as (
        select currency, round(sum(units * unit_cost), ${minorDigits(sql`currency`)}) as cost
        from units
        where unit_cost is not null and unit_cost_currency = currency
        group by currency, plan_code, customer_id
      ),
      uncosted as (
        select currency, metric, min(unit_cost_currency) as unit_cost_currency, bool_or(unit_cost is not null) as priced, sum(units) as units
        from units
        where not (unit_cost is not null and unit_cost_currency = currency) and units <> 0
        group by currency, metric
      ),
      currencies as (select currency from revenue union select currency from units)
      select c.currency,
        coalesce((select r.revenue from revenue r where r.currency = c.currency), 0)::text as revenue,
        coalesce((select sum(k.cost) from cell_costs k where k.currency = c.currency), 0)::text as cost,
        coalesce((select json_agg(json_build_object('metric', u.metric, 'units', u.units::text, 'priced', u.priced, 'unitCostCurrency', u.unit_cost_currency))
                  from uncosted u where u.currency = c.currency), '[]'::json) as uncosted
      from currencies c`,
  );
  return marginTotals(rows);
}
