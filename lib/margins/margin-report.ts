// The margins report's arithmetic (API.md's GET /api/admin/billing/margins): revenue less what the
// billed units cost the operator, per currency, and within it per plan and per customer. Pure: the rows
// come in already summed by the database (lib/margins/get-margins.ts).
//
// - Each currency stands alone: amounts in two currencies are never added together, and a unit cost
//   counts only on invoices in its own currency. Units priced in another currency, or of a metric with
//   no unit cost, have an unknown cost: they are listed under `uncosted` and the figures they touch say
//   `cost_complete: false` (their cost is left out, so that margin is an upper bound).
// - Cost is rounded half-up to the currency's minor unit once per plan and customer, and every figure
//   above is a sum of those, so the plans, the customers and the total all add up to the same cost.
// - margin_percent = gross_margin / revenue × 100, half-up to 2 decimals; null without revenue.
import type Decimal from 'decimal.js';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString, roundMoney, type Currency } from '@/lib/billing/money';
import { percentString } from '@/lib/pricing/project-costs';

/** One plan and customer's invoiced revenue in a currency: subtotals before tax, less credit notes. */
export type RevenueRow = { currency: Currency; planCode: string | null; planName: string | null; customerId: string; customerName: string; revenue: string };

/** The units of one metric billed to one plan and customer in a currency, with the metric's unit cost. */
export type UnitsRow = {
  currency: Currency;
  planCode: string | null;
  planName: string | null;
  customerId: string;
  customerName: string;
  metricCode: string;
  units: string;
  unitCost: string | null;
  unitCostCurrency: string | null;
};

export type MarginFigures = { revenue: string; cost: string; gross_margin: string; margin_percent: string | null; cost_complete: boolean };
export type PlanMargin = MarginFigures & { plan_code: string | null; plan_name: string | null };
export type CustomerMargin = MarginFigures & { customer_id: string; customer_name: string };
export type UncostedUnits = { metric: string; units: string; reason: 'no_unit_cost' | 'other_currency'; unit_cost_currency: string | null };
export type CurrencyMargins = MarginFigures & { currency: Currency; plans: PlanMargin[]; customers: CustomerMargin[]; uncosted: UncostedUnits[] };

type Sum = { revenue: Decimal; cost: Decimal; complete: boolean };
const emptySum = (): Sum => ({ revenue: new ExactDecimal(0), cost: new ExactDecimal(0), complete: true });

function figures(sum: Sum, currency: Currency): MarginFigures {
  const margin = sum.revenue.minus(sum.cost);
  return {
    revenue: moneyString(sum.revenue, currency),
    cost: moneyString(sum.cost, currency),
    gross_margin: moneyString(margin, currency),
    margin_percent: sum.revenue.isZero() ? null : percentString(margin.div(sum.revenue).times(100)),
    cost_complete: sum.complete,
  };
}

const collator = new Intl.Collator();

/**
 * Highest revenue first, then by name. Each revenue is parsed once, not at every comparison: with
 * thousands of customers the comparisons' Decimals took over a second (npm run bench:dashboard).
 */
function byRevenueThenName<T extends MarginFigures>(rows: T[], name: (row: T) => string): T[] {
  return rows
    .map((row) => ({ row, revenue: new ExactDecimal(row.revenue), name: name(row) }))
    .sort((a, b) => b.revenue.comparedTo(a.revenue) || collator.compare(a.name, b.name))
    .map(({ row }) => row);
}

/**
 * Revenue, cost and gross margin per currency (alphabetical), each with its plans and customers;
 * `breakdown: false` leaves the plans and customers lists empty (the totals are the same: the admin
 * overview shows only those, and working out thousands of customers' figures cost it a third of a second).
 */
export function marginReport(revenueRows: RevenueRow[], unitsRows: UnitsRow[], { breakdown = true }: { breakdown?: boolean } = {}): CurrencyMargins[] {
  type Cell = Sum & { planCode: string | null; planName: string | null; customerId: string; customerName: string };
  const cells = new Map<string, Map<string, Cell>>();
  const uncosted = new Map<string, Map<string, UncostedUnits>>();
  const cellOf = (row: RevenueRow | UnitsRow) => {
    const inCurrency = cells.get(row.currency) ?? new Map<string, Cell>();
    cells.set(row.currency, inCurrency);
    const key = `${row.planCode ?? ''}\u0000${row.customerId}`;
    const cell = inCurrency.get(key) ?? { ...emptySum(), planCode: row.planCode, planName: row.planName, customerId: row.customerId, customerName: row.customerName };
    inCurrency.set(key, cell);
    return cell;
  };

  for (const row of revenueRows) {
    const cell = cellOf(row);
    cell.revenue = cell.revenue.plus(row.revenue);
  }
  for (const row of unitsRows) {
    const cell = cellOf(row);
    if (row.unitCost !== null && row.unitCostCurrency === row.currency) {
      cell.cost = cell.cost.plus(new ExactDecimal(row.units).times(row.unitCost));
      continue;
    }
    if (new ExactDecimal(row.units).isZero()) continue; // nothing used costs nothing, whatever the price
    cell.complete = false;
    const list = uncosted.get(row.currency) ?? new Map<string, UncostedUnits>();
    uncosted.set(row.currency, list);
    const reason = row.unitCost === null ? 'no_unit_cost' : 'other_currency';
    const entry = list.get(row.metricCode) ?? { metric: row.metricCode, units: '0', reason, unit_cost_currency: row.unitCostCurrency };
    list.set(row.metricCode, { ...entry, units: new ExactDecimal(entry.units).plus(row.units).toFixed() });
  }

  return [...cells.keys()].sort().map((currency) => {
    const plans = new Map<string, Sum & { planCode: string | null; planName: string | null }>();
    const customers = new Map<string, Sum & { customerId: string; customerName: string }>();
    const total = emptySum();
    for (const cell of cells.get(currency)!.values()) {
      const cost = roundMoney(cell.cost, currency);
      const add = (sum: Sum) => {
        sum.revenue = sum.revenue.plus(cell.revenue);
        sum.cost = sum.cost.plus(cost);
        sum.complete &&= cell.complete;
      };
      add(total);
      if (!breakdown) continue;
      const planKey = cell.planCode ?? '';
      if (!plans.has(planKey)) plans.set(planKey, { ...emptySum(), planCode: cell.planCode, planName: cell.planName });
      add(plans.get(planKey)!);
      if (!customers.has(cell.customerId)) customers.set(cell.customerId, { ...emptySum(), customerId: cell.customerId, customerName: cell.customerName });
      add(customers.get(cell.customerId)!);
    }
    return {
      currency,
      ...figures(total, currency),
      plans: !breakdown ? [] : byRevenueThenName([...plans.values()].map((p) => ({ plan_code: p.planCode, plan_name: p.planName, ...figures(p, currency) })), (p) => p.plan_name ?? ''),
      customers: !breakdown ? [] : byRevenueThenName([...customers.values()].map((c) => ({ customer_id: c.customerId, customer_name: c.customerName, ...figures(c, currency) })), (c) => c.customer_name),
      uncosted: [...(uncosted.get(currency)?.values() ?? [])].sort((a, b) => a.metric.localeCompare(b.metric)),
    };
  });
}

/**
 * One currency's totals as the database sums them for `breakdown: false` (lib/margins/get-margins.ts):
 * `cost` is already the sum of each plan and customer's rounded cost, `uncosted` the metrics whose
 * units have no cost in this currency (`priced`: the metric has a unit cost, in another currency).
 */
export type MarginTotalsRow = {
  currency: Currency;
  revenue: string;
  cost: string;
  uncosted: { metric: string; units: string; priced: boolean; unitCostCurrency: string | null }[];
};

/** marginReport's totals (same figures, currencies and uncosted lists) from rows summed per currency. */
export function marginTotals(rows: MarginTotalsRow[]): CurrencyMargins[] {
  return rows
    .map((row) => row.currency)
    .sort()
    .map((currency) => {
      const row = rows.find((r) => r.currency === currency)!;
      const uncosted = row.uncosted
        .map((u): UncostedUnits => ({ metric: u.metric, units: new ExactDecimal(u.units).toFixed(), reason: u.priced ? 'other_currency' : 'no_unit_cost', unit_cost_currency: u.unitCostCurrency }))
        .sort((a, b) => a.metric.localeCompare(b.metric));
      const total = { revenue: new ExactDecimal(row.revenue), cost: new ExactDecimal(row.cost), complete: uncosted.length === 0 };
      return { currency, ...figures(total, currency), plans: [], customers: [], uncosted };
    });
}
