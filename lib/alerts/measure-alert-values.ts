// What alert rules measure, read from the daily rollups through the same code the dashboard and the
// invoice use (measureUsageBatch, the plan's charges, the pricing core), for many customers at once:
// one query for the customers with their live subscription and its period, one per distinct plan for
// its charges, and one measureUsageBatch for every window of every customer of the batch.
//
// - metric_units: the metric's quantity in [window start, window end).
// - usage_amount: the open period's usage charges (metered lines only, before tax, rounded per line as
//   on the invoice) with the usage of [period start, window end), minus the same with the usage of
//   [period start, window start). For the `period` window that is the period's usage charges so far.
// - metric_amount: the same, counting only the charges on the rule's metric.
// A trial period is not charged, so its money values are 0.
import { sql } from 'drizzle-orm';
import Decimal from 'decimal.js';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { periodInvoiceLines } from '@/lib/billing/period-lines';
import { calendarPeriodContaining } from '@/lib/billing/periods';
import type { TimeRange } from '@/lib/billing/proration';
import { rateCharges, type RatedChargeInput } from '@/lib/billing/rating';
import { loadPlanCharges } from '@/lib/catalog/load-plan-charges';
import { selectRows, type Queryable } from '@/lib/db/client';
import { periodHoldingNow, STORED_PERIOD_JOIN, STORED_SUBSCRIPTION_COLUMNS, type PeriodNow, type StoredSubscription } from '@/lib/subscriptions/period-holding-now';
import { measureUsageBatch, type MetricInfo, type UsageWindow } from '@/lib/usage/measure-usage';
import { MAX_FUTURE_SKEW_MS } from '@/lib/usage/usage-event-schema';
import { addUtcDays, startOfUtcDay } from '@/lib/time/utc-day';
import type { AlertRuleKind } from './alert-rule-types';

/** A customer as alert evaluation needs them: the currency they are billed in, their open period and its plan's charges. */
export type AlertCustomer = {
  id: string;
  name: string;
  /** the live subscription's plan currency, else the customer's */
  currency: string;
  period: PeriodNow;
  /** every charge of the live subscription's plan; none without one */
  charges: RatedChargeInput[];
};

type CustomerRow = StoredSubscription & { id: string; name: string; customer_currency: string; subscription_id: string | null; plan_id: string | null; plan_currency: string | null };

/**
 * What one evaluation has read already, so its aggregate rules and its per-customer rules, which look
 * at the same customers over mostly the same windows, read each customer and each window once: the
 * customers, and per customer the usage of each window measured. Entries are dropped (forget) once a
 * customer's per-customer rules are decided, so a backstop over every customer holds one chunk's worth.
 */
export type AlertMeasureCache = { customers: Map<string, AlertCustomer>; usage: Map<string, Map<string, Record<string, string>>> };

export function newAlertMeasureCache(): AlertMeasureCache {
  return { customers: new Map(), usage: new Map() };
}

export function forgetCustomers(cache: AlertMeasureCache, customerIds: Iterable<string>): void {
  for (const id of customerIds) {
    cache.customers.delete(id);
    cache.usage.delete(id);
  }
}

/**
 * The customers with their open period at `now`, as findOpenPeriod sees it (the live subscription's
 * period, else the calendar month), in one query, plus one per distinct plan for its charges; those
 * in `cache` are not read again.
 */
export async function loadAlertCustomers(db: Queryable, customerIds: string[], now: Date, cache: AlertMeasureCache = newAlertMeasureCache()): Promise<Map<string, AlertCustomer>> {
  const answer = new Map<string, AlertCustomer>();
  const missing: string[] = [];
  for (const id of customerIds) {
    const cached = cache.customers.get(id);
    if (cached) answer.set(id, cached);
    else missing.push(id);
  }
  if (missing.length === 0) return answer;
  customerIds = missing;
  const rows = await selectRows<CustomerRow>(
    db,
    sql`select c.id, c.name, c.currency as customer_currency, sub.*
          from customers c
          left join lateral (
            select s.id as subscription_id, p.id as plan_id, p.currency as plan_currency, ${sql.raw(STORED_SUBSCRIPTION_COLUMNS)}
              from subscriptions s join plans p on p.id = s.plan_id ${sql.raw(STORED_PERIOD_JOIN)}
             where s.customer_id = c.id and s.status in ('trialing', 'active', 'past_due')
             order by s.created_at desc limit 1
          ) sub on true
         where c.id = any(${`{${customerIds.join(',')}}`}::uuid[])`,
  );
  const chargesByPlan = new Map<string, RatedChargeInput[]>();
  for (const planId of new Set(rows.flatMap((r) => (r.plan_id ? [r.plan_id] : [])))) chargesByPlan.set(planId, await loadPlanCharges(db, planId));
  for (const row of rows) {
    const period: PeriodNow = row.subscription_id
      ? periodHoldingNow(row, now)
      : { ...calendarPeriodContaining('month', now), cycle: null, trial: false, flatFees: 'arrears' };
    const customer: AlertCustomer = {
      id: row.id,
      name: row.name,
      currency: row.plan_currency ?? row.customer_currency,
      period,
      charges: row.plan_id ? (chargesByPlan.get(row.plan_id) ?? []) : [],
    };
    answer.set(row.id, customer);
    cache.customers.set(row.id, customer);
  }
  return answer;
}

/** One value to measure: a rule kind (and its metric) for a customer over a window. */
export type AlertValueRequest = { key: string; customer: AlertCustomer; kind: AlertRuleKind; metricCode: string | null; window: TimeRange };

export type AlertValue = {
  /** money in the customer's currency (money kinds), or units */
  value: string;
  /** usage_amount only: what the open period costs so far, tax excluded (its estimate's subtotal, flat fees included when this invoice carries them) */
  periodCostSoFar?: string;
};

const iso = (d: Date) => d.toISOString();

/** The charges a money rule counts: every metered charge (usage_amount), or those on one metric (metric_amount). */
function chargesCounted(customer: AlertCustomer, kind: AlertRuleKind, metricCode: string | null): RatedChargeInput[] {
  return customer.charges.filter((c) => c.metric_code !== null && (kind === 'usage_amount' || c.metric_code === metricCode));
}

/**
 * Every request's value, measured with one measureUsageBatch over all the windows they need that
 * `cache` does not hold (shared windows measured once). `metrics` must be the same for every call with
 * one cache (a window's usage holds those metrics and the customer's charge keys): only their rollups
 * are read.
 */
export async function measureAlertValues(
  db: Queryable,
  requests: AlertValueRequest[],
  { metrics, now, cache = newAlertMeasureCache() }: { metrics: MetricInfo[]; now: Date; cache?: AlertMeasureCache },
): Promise<Map<string, AlertValue>> {
  // No event is stored with a timestamp past now + 5 minutes, so usage up to a window's end in the
  // future is the usage up to the midnight after that: measuring there makes the day's, the week's and
  // the period's ends one window, read from the rollups alone.
  const horizon = addUtcDays(startOfUtcDay(now.getTime() + MAX_FUTURE_SKEW_MS), 1);
  const windows = new Map<string, UsageWindow>();
  const want = (customer: AlertCustomer, from: Date, end: Date): string | null => {
    const to = end > horizon ? horizon : end;
    if (to <= from) return null;
    const key = `${customer.id}|${iso(from)}|${iso(to)}`;
    if (!windows.has(key) && !cache.usage.get(customer.id)?.has(key)) {
      // every window carries the charge keys, so any rule can read any cached window
      const requests = customer.charges.filter((c) => c.metric_code !== null).map((c) => ({ metric: c.metric_code!, filters: c.filters }));
      windows.set(key, { key, customerId: customer.id, from, to, requests });
    }
    return key;
  };
  const plan = requests.map((r) => {
    if (r.kind === 'metric_units') return { request: r, units: want(r.customer, r.window.start, r.window.end) };
    const { period } = r.customer;
    return { request: r, atStart: want(r.customer, period.start, r.window.start), atEnd: want(r.customer, period.start, r.window.end) };
  });
  if (windows.size) {
    const measured = await measureUsageBatch(db, [...windows.values()], metrics);
    for (const window of windows.values()) {
      let byWindow = cache.usage.get(window.customerId);
      if (!byWindow) cache.usage.set(window.customerId, (byWindow = new Map()));
      byWindow.set(window.key, measured.get(window.key) ?? {});
    }
  }
  const usageOf = (key: string | null | undefined) => (key ? (cache.usage.get(key.slice(0, key.indexOf('|')))?.get(key) ?? {}) : {});

  const answer = new Map<string, AlertValue>();
  for (const step of plan) {
    const { request } = step;
    const { customer } = request;
    if (request.kind === 'metric_units') {
      answer.set(request.key, { value: usageOf(step.units)[request.metricCode!] ?? '0' });
      continue;
    }
    const currency = customer.currency;
    if (customer.period.trial) {
      answer.set(request.key, { value: moneyString(0, currency), ...(request.kind === 'usage_amount' ? { periodCostSoFar: moneyString(0, currency) } : {}) });
      continue;
    }
    const counted = chargesCounted(customer, request.kind, request.metricCode);
    const charged = (usage: Record<string, string>): Decimal => new ExactDecimal(rateCharges(counted, usage, currency).subtotal);
    const endUsage = usageOf(step.atEnd);
    const value = charged(endUsage).minus(charged(usageOf(step.atStart)));
    const result: AlertValue = { value: moneyString(value, currency) };
    if (request.kind === 'usage_amount') {
      const { period } = customer;
      const lines = periodInvoiceLines({ charges: customer.charges, usage: endUsage, currency, period, cycle: period.cycle, timing: 'arrears', flatFees: period.flatFees });
      result.periodCostSoFar = moneyString(lines.reduce<Decimal>((sum, l) => sum.plus(l.amount), new ExactDecimal(0)), currency);
    }
    answer.set(request.key, result);
  }
  return answer;
}
