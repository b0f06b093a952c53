// Evaluating alert rules: measure each enabled rule for its subjects in the window holding `now`,
// decide (decide-alerts.ts), and write the crossings with their messages. Two callers:
// - after an ingestion response (evaluate-after-ingestion.ts), for the customers and metrics a batch
//   touched, coalesced per workspace so it runs within seconds of the usage;
// - every automation run (the `alerts` step), for every customer, as the backstop.
//
// Once per window holds against concurrent evaluations because the alert is inserted with ON CONFLICT
// DO NOTHING on the key (rule_id, customer_id, window_start) NULLS NOT DISTINCT, and only the rows the
// insert returns queue messages, in the same transaction: two evaluations crossing the same threshold
// make one alert and one set of messages.
//
// Work is done in chunks of customers (one query for the customers and their periods, one for their
// usage, one for their alerts, one transaction for the writes), with the deadline checked between
// chunks. Aggregate rules come first, over every customer with usage in the window.
import { and, inArray, isNull, sql } from 'drizzle-orm';
import Decimal from 'decimal.js';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { decimalString, moneyString } from '@/lib/billing/money';
import { selectRows, type Db } from '@/lib/db/client';
import { alertRules, alerts } from '@/lib/db/schema';
import { queueNotifications } from '@/lib/notifications/queue-notifications';
import { loadMetrics, type MetricInfo } from '@/lib/usage/measure-usage';
import { utcDay } from '@/lib/time/utc-day';
import { alertNotifications, type AlertContext } from './alert-notifications';
import type { AlertRuleRow } from './alert-rule-types';
import { aggregateAlertWindow, customerAlertWindow, measuresMoney, windowHolds } from './alert-windows';
import { decideAlerts, type AlertMeasurement, type KnownAlert, type NewAlert } from './decide-alerts';
import { forgetCustomers, loadAlertCustomers, measureAlertValues, newAlertMeasureCache, type AlertCustomer, type AlertMeasureCache, type AlertValueRequest } from './measure-alert-values';

export type EvaluateAlertsOptions = {
  now: Date;
  /** only these customers (the ingestion hook's touched customers); default every customer */
  customerIds?: string[];
  /** only rules on these metrics (and usage_amount rules, which any priced metric moves); default every rule */
  metricIds?: string[];
  /** epoch ms: no new chunk starts after it */
  deadline?: number;
  /** resume after this customer id (customers are taken in id order); aggregate rules are evaluated only without it */
  afterCustomerId?: string | null;
  actor?: Actor;
};

export type AlertEvaluation = {
  /** subjects evaluated: (rule, customer) pairs and aggregate rules */
  done: number;
  /** customers (and aggregate rules) left for later by the deadline */
  remaining: number;
  /** subjects whose chunk failed */
  failed: number;
  /** the last customer evaluated, to resume after; null when nothing is left */
  lastCustomerId: string | null;
};

export const ALERT_CHUNK_SIZE = 250;
const SYSTEM: Actor = { type: 'system', id: null };
const uuidArray = (ids: Iterable<string>) => `{${[...ids].join(',')}}`;

async function loadRules(db: Db, { customerIds, metricIds }: Pick<EvaluateAlertsOptions, 'customerIds' | 'metricIds'>): Promise<AlertRuleRow[]> {
  const conditions = [sql`${alertRules.enabled}`];
  if (metricIds) conditions.push(sql`(${alertRules.kind} = 'usage_amount' or ${alertRules.metricId} = any(${uuidArray(metricIds)}::uuid[]))`);
  if (customerIds) conditions.push(sql`(${alertRules.customerId} is null or ${alertRules.customerId} = any(${uuidArray(customerIds)}::uuid[]))`);
  return db.select().from(alertRules).where(and(...conditions)).orderBy(alertRules.createdAt, alertRules.id);
}

/** What one rule measures for one customer, or null when it does not apply (another currency, a period that does not hold now). */
function requestFor(rule: AlertRuleRow, customer: AlertCustomer, metricCode: string | null, now: Date): AlertValueRequest | null {
  if (measuresMoney(rule.kind) && customer.currency !== rule.currency) return null;
  if (!windowHolds(customer.period, now)) return null;
  return { key: `${rule.id}|${customer.id}`, customer, kind: rule.kind, metricCode, window: customerAlertWindow(rule.kind, rule.windowUnit, now, customer.period) };
}

/**
 * The metrics an evaluation reads: those its rules name and, when it has money rules, those the plans
 * of live subscriptions charge for. Only their rollups are read (and a unique_count metric nobody
 * alerts or is charged on costs no query).
 */
async function metricsRead(db: Db, rules: AlertRuleRow[], metrics: MetricInfo[]): Promise<MetricInfo[]> {
  const ids = new Set(rules.flatMap((r) => (r.metricId ? [r.metricId] : [])));
  if (rules.some((r) => measuresMoney(r.kind))) {
    const charged = await selectRows<{ metric_id: string }>(
      db,
      sql`select distinct c.metric_id from plan_charges c
           where c.metric_id is not null and c.plan_id in (select plan_id from subscriptions where status in ('trialing', 'active', 'past_due'))`,
    );
    for (const c of charged) ids.add(c.metric_id);
  }
  return metrics.filter((m) => ids.has(m.id));
}

/** The alerts decide needs: open ones, those of the windows measured now, and every one of a one-shot rule. */
async function loadKnownAlerts(db: Db, rules: AlertRuleRow[], customerIds: (string | null)[], earliestWindowStart: Date): Promise<KnownAlert[]> {
  if (rules.length === 0 || customerIds.length === 0) return [];
  const ids = customerIds.filter((id): id is string => id !== null);
  const customerCondition = customerIds.includes(null)
    ? sql`(${alerts.customerId} is null${ids.length ? sql` or ${alerts.customerId} = any(${uuidArray(ids)}::uuid[])` : sql``})`
    : sql`${alerts.customerId} = any(${uuidArray(ids)}::uuid[])`;
  const oneShot = rules.filter((r) => !r.recurring).map((r) => r.id);
  return db
    .select({ id: alerts.id, ruleId: alerts.ruleId, customerId: alerts.customerId, windowStart: alerts.windowStart, resolvedAt: alerts.resolvedAt })
    .from(alerts)
    .where(
      and(
        inArray(
          alerts.ruleId,
          rules.map((r) => r.id),
        ),
        customerCondition,
        sql`(${alerts.resolvedAt} is null or ${alerts.windowStart} >= ${earliestWindowStart.toISOString()}::timestamptz${oneShot.length ? sql` or ${alerts.ruleId} = any(${uuidArray(oneShot)}::uuid[])` : sql``})`,
      ),
    );
}

/**
 * Writes a decision in one transaction: resolutions, then the new alerts (ON CONFLICT DO NOTHING),
 * and for the alerts actually inserted, their audit entries and queued messages.
 */
async function writeDecision(db: Db, decision: { insert: NewAlert[]; resolve: string[] }, contextOf: (alert: NewAlert) => AlertContext, now: Date, actor: Actor): Promise<void> {
  if (decision.insert.length === 0 && decision.resolve.length === 0) return;
  await db.transaction(async (tx) => {
    if (decision.resolve.length) {
      const resolved = await tx
        .update(alerts)
        .set({ resolvedAt: now })
        .where(and(inArray(alerts.id, decision.resolve), isNull(alerts.resolvedAt)))
        .returning({ id: alerts.id, customerId: alerts.customerId });
      await writeAuditEntries(tx, actor, resolved.map((a) => ({ action: 'alert.resolved', entityType: 'alert', entityId: a.id, customerId: a.customerId })));
    }
    if (decision.insert.length) {
      const inserted = await tx.insert(alerts).values(decision.insert).onConflictDoNothing().returning();
      const contexts = new Map(decision.insert.map((a) => [`${a.ruleId}|${a.customerId ?? ''}|${a.windowStart.getTime()}`, contextOf(a)]));
      await writeAuditEntries(
        tx,
        actor,
        inserted.map((a) => ({ action: 'alert.triggered', entityType: 'alert', entityId: a.id, customerId: a.customerId, details: { rule_id: a.ruleId, value: a.value, threshold: a.threshold, currency: a.currency } })),
      );
      await queueNotifications(
        tx,
        inserted.flatMap((a) => alertNotifications(a, contexts.get(`${a.ruleId}|${a.customerId ?? ''}|${a.windowStart.getTime()}`)!)),
      );
    }
  });
}

/** The first UTC day any customer's window of these rules can start on: where to look for usage. */
async function earliestAggregateDay(db: Db, rules: AlertRuleRow[], now: Date): Promise<string> {
  let earliest = now;
  for (const rule of rules) {
    const start = aggregateAlertWindow(rule.windowUnit, now).start;
    if (start < earliest) earliest = start;
  }
  if (rules.some((r) => r.windowUnit === 'period')) {
    // each customer contributes its own open period, which may have started before the month (a
    // stored period that has ended rolls forward, so the stored start is never later than the open one's)
    const [row] = await selectRows<{ start: Date | string | null }>(
      db,
      sql`select min(current_period_start) as start from subscriptions where status in ('trialing', 'active', 'past_due')`,
    );
    if (row?.start && new Date(row.start) < earliest) earliest = new Date(row.start);
  }
  return utcDay(earliest);
}

/**
 * Aggregate rules: each customer's value in its own window (the clamped day or week, or its open
 * period), summed over the customers billed in the rule's currency (money rules), and decided once
 * for the workspace, keyed by the calendar window (aggregateAlertWindow). Customers without usage
 * since the earliest window start contribute nothing and are not measured.
 */
async function evaluateAggregates(db: Db, rules: AlertRuleRow[], metrics: MetricInfo[], read: MetricInfo[], cache: AlertMeasureCache, now: Date, actor: Actor): Promise<number> {
  const fromDay = await earliestAggregateDay(db, rules, now);
  const metricIds = new Set(metrics.map((m) => m.id));
  const active = await selectRows<{ id: string }>(
    db,
    sql`select c.id from customers c
         where exists (select 1 from usage_rollups r where r.customer_id = c.id and r.day >= ${fromDay}::date and r.metric_id = any(${uuidArray(metricIds)}::uuid[]))
         order by c.id`,
  );
  const metricCode = (rule: AlertRuleRow) => (rule.metricId ? (metrics.find((m) => m.id === rule.metricId)?.code ?? null) : null);
  const totals = new Map<string, Decimal>(rules.map((r) => [r.id, new ExactDecimal(0)]));
  for (let i = 0; i < active.length; i += ALERT_CHUNK_SIZE) {
    const customers = await loadAlertCustomers(
      db,
      active.slice(i, i + ALERT_CHUNK_SIZE).map((r) => r.id),
      now,
      cache,
    );
    const requests: (AlertValueRequest & { ruleId: string })[] = [];
    for (const customer of customers.values()) {
      for (const rule of rules) {
        const request = requestFor(rule, customer, metricCode(rule), now);
        if (request) requests.push({ ...request, ruleId: rule.id });
      }
    }
    const values = await measureAlertValues(db, requests, { metrics: read, cache, now });
    for (const r of requests) totals.set(r.ruleId, totals.get(r.ruleId)!.plus(values.get(r.key)!.value));
  }
  const measurements: AlertMeasurement[] = rules.map((rule) => ({
    ruleId: rule.id,
    customerId: null,
    window: aggregateAlertWindow(rule.windowUnit, now),
    value: rule.currency ? moneyString(totals.get(rule.id)!, rule.currency) : decimalString(totals.get(rule.id)!),
  }));
  const earliest = measurements.reduce((min, m) => (m.window.start < min ? m.window.start : min), now);
  const known = await loadKnownAlerts(db, rules, [null], earliest);
  const decision = decideAlerts({ rules, measurements, known, now });
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  await writeDecision(
    db,
    decision,
    (a) => {
      const rule = ruleById.get(a.ruleId)!;
      return { rule, customerName: null, metricName: rule.metricId ? (metrics.find((m) => m.id === rule.metricId)?.name ?? null) : null };
    },
    now,
    actor,
  );
  return rules.length;
}

/** One chunk of customers against the per-customer rules that apply to each. */
async function evaluateCustomerChunk(
  db: Db,
  customerIds: string[],
  rulesFor: (customerId: string) => AlertRuleRow[],
  { metrics, read, cache }: { metrics: MetricInfo[]; read: MetricInfo[]; cache: AlertMeasureCache },
  now: Date,
  actor: Actor,
): Promise<number> {
  const customers = await loadAlertCustomers(db, customerIds, now, cache);
  const metricById = new Map(metrics.map((m) => [m.id, m]));
  const requests: (AlertValueRequest & { rule: AlertRuleRow })[] = [];
  for (const customer of customers.values()) {
    for (const rule of rulesFor(customer.id)) {
      const request = requestFor(rule, customer, rule.metricId ? (metricById.get(rule.metricId)?.code ?? null) : null, now);
      if (request) requests.push({ ...request, rule });
    }
  }
  if (requests.length === 0) return 0;
  const values = await measureAlertValues(db, requests, { metrics: read, cache, now });
  const measurements: AlertMeasurement[] = requests.map((r) => ({ ruleId: r.rule.id, customerId: r.customer.id, window: r.window, value: values.get(r.key)!.value }));
  const rules = [...new Map(requests.map((r) => [r.rule.id, r.rule])).values()];
  const earliest = measurements.reduce((min, m) => (m.window.start < min ? m.window.start : min), now);
  const known = await loadKnownAlerts(db, rules, [...customers.keys()], earliest);
  const decision = decideAlerts({ rules, measurements, known, now });
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  await writeDecision(
    db,
    decision,
    (a) => {
      const rule = ruleById.get(a.ruleId)!;
      return {
        rule,
        customerName: customers.get(a.customerId!)?.name ?? null,
        metricName: rule.metricId ? (metricById.get(rule.metricId)?.name ?? null) : null,
        periodCostSoFar: values.get(`${rule.id}|${a.customerId}`)?.periodCostSoFar,
      };
    },
    now,
    actor,
  );
  return measurements.length;
}

/** The next chunk of customer ids in id order after `after`: from the given list, or from every customer. */
async function nextCustomers(db: Db, source: string[] | 'all', after: string | null): Promise<string[]> {
  if (source !== 'all') return source.filter((id) => after === null || id > after).slice(0, ALERT_CHUNK_SIZE);
  const rows = await selectRows<{ id: string }>(
    db,
    after === null
      ? sql`select id from customers order by id limit ${ALERT_CHUNK_SIZE}`
      : sql`select id from customers where id > ${after}::uuid order by id limit ${ALERT_CHUNK_SIZE}`,
  );
  return rows.map((r) => r.id);
}

async function countAfter(db: Db, source: string[] | 'all', after: string | null): Promise<number> {
  if (source !== 'all') return source.filter((id) => after === null || id > after).length;
  const [row] = await selectRows<{ n: string | number }>(db, after === null ? sql`select count(*) as n from customers` : sql`select count(*) as n from customers where id > ${after}::uuid`);
  return Number(row?.n ?? 0);
}

/**
 * Evaluates the enabled rules at `now` and writes what crossed or resolved. With `customerIds` only
 * those customers' rules (and every aggregate rule, which their usage moves); with `metricIds` only
 * rules those metrics can move.
 */
export async function evaluateAlerts(db: Db, options: EvaluateAlertsOptions): Promise<AlertEvaluation> {
  const { now, customerIds, deadline, afterCustomerId = null, actor = SYSTEM } = options;
  const outcome: AlertEvaluation = { done: 0, remaining: 0, failed: 0, lastCustomerId: null };
  const rules = await loadRules(db, options);
  if (rules.length === 0) return outcome;
  const metrics = await loadMetrics(db);
  const metricIds = new Set(metrics.map((m) => m.id));
  // a rule whose metric is gone (archived metrics stay in billable_metrics) measures nothing
  const usable = rules.filter((r) => r.kind === 'usage_amount' || (r.metricId !== null && metricIds.has(r.metricId)));
  const pastDeadline = () => deadline !== undefined && Date.now() >= deadline;
  const read = await metricsRead(db, usable, metrics);
  const cache = newAlertMeasureCache();

  const aggregates = usable.filter((r) => r.aggregate);
  if (aggregates.length && afterCustomerId === null && pastDeadline()) {
    outcome.remaining += aggregates.length;
  } else if (aggregates.length && afterCustomerId === null) {
    try {
      outcome.done += await evaluateAggregates(db, aggregates, metrics, read, cache, now, actor);
    } catch (error) {
      console.error('[alerts] evaluating the aggregate rules failed:', error instanceof Error ? error.message : error);
      outcome.failed += aggregates.length;
    }
  }

  const perCustomer = usable.filter((r) => !r.aggregate);
  const everyCustomer = perCustomer.filter((r) => r.customerId === null);
  const named = new Map<string, AlertRuleRow[]>();
  for (const rule of perCustomer) if (rule.customerId) named.set(rule.customerId, [...(named.get(rule.customerId) ?? []), rule]);
  if (perCustomer.length === 0) return outcome;
  const rulesFor = (customerId: string) => [...(named.get(customerId) ?? []), ...everyCustomer];
  const given = customerIds ? [...new Set(customerIds)].sort() : null;
  const source: string[] | 'all' = everyCustomer.length ? (given ?? 'all') : [...named.keys()].filter((id) => !given || given.includes(id)).sort();

  let after = afterCustomerId;
  for (;;) {
    if (pastDeadline()) {
      outcome.remaining += await countAfter(db, source, after);
      break;
    }
    const chunk = await nextCustomers(db, source, after);
    if (chunk.length === 0) break;
    try {
      outcome.done += await evaluateCustomerChunk(db, chunk, rulesFor, { metrics, read, cache }, now, actor);
    } catch (error) {
      console.error('[alerts] evaluating a chunk of customers failed:', error instanceof Error ? error.message : error);
      outcome.failed += chunk.length;
    }
    forgetCustomers(cache, chunk);
    after = chunk.at(-1)!;
    outcome.lastCustomerId = after;
  }
  if (outcome.remaining === 0) outcome.lastCustomerId = null;
  return outcome;
}

