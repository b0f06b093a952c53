// What an evaluation changes, decided without the database: given each rule's measured value per
// subject (a customer, or null for an aggregate rule) in the window holding `now`, and the alerts that
// exist, which alerts to insert and which to resolve.
//
// - A value triggers when it REACHES the threshold: value >= threshold. "Alert me at 100" means 100
//   itself is worth telling, as a budget's 100% is the budget spent; exactly equal triggers.
// - Recurring rules trigger at most once per (subject, window); `recurring: false` at most once ever per
//   subject. The database's unique key (rule_id, customer_id, window_start) is what makes "once" hold
//   against concurrent evaluations; this only avoids asking it again when an alert is already known.
// - An alert resolves when a later window is measured below the threshold: the subject's unresolved
//   alerts of earlier windows get resolved_at. A later window that is itself over the threshold leaves
//   them open (it has its own alert, when the rule recurs).
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import type { TimeRange } from '@/lib/billing/proration';

export type DecisionRule = { id: string; threshold: string; recurring: boolean; currency: string | null };

/** A rule's value for one subject in the window holding now; customerId null for an aggregate rule. */
export type AlertMeasurement = { ruleId: string; customerId: string | null; window: TimeRange; value: string };

export type KnownAlert = { id: string; ruleId: string; customerId: string | null; windowStart: Date; resolvedAt: Date | null };

export type NewAlert = {
  ruleId: string;
  customerId: string | null;
  windowStart: Date;
  windowEnd: Date;
  value: string;
  threshold: string;
  currency: string | null;
  triggeredAt: Date;
};

export type AlertDecision = { insert: NewAlert[]; resolve: string[] };

export function crossesThreshold(value: string, threshold: string): boolean {
  return new ExactDecimal(value).gte(threshold);
}

const subjectKey = (ruleId: string, customerId: string | null) => `${ruleId}\u0000${customerId ?? ''}`;

export function decideAlerts({ rules, measurements, known, now }: { rules: DecisionRule[]; measurements: AlertMeasurement[]; known: KnownAlert[]; now: Date }): AlertDecision {
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const knownBySubject = new Map<string, KnownAlert[]>();
  for (const alert of known) {
    const key = subjectKey(alert.ruleId, alert.customerId);
    knownBySubject.set(key, [...(knownBySubject.get(key) ?? []), alert]);
  }
  const insert: NewAlert[] = [];
  const resolve = new Set<string>();
  const decided = new Set<string>();
  for (const m of measurements) {
    const rule = ruleById.get(m.ruleId);
    if (!rule) throw new Error(`a measurement names rule ${m.ruleId}, which is not among the rules`);
    const key = subjectKey(m.ruleId, m.customerId);
    if (decided.has(key)) throw new Error(`rule ${m.ruleId} is measured twice for ${m.customerId ?? 'the aggregate'}`);
    decided.add(key);
    const alerts = knownBySubject.get(key) ?? [];
    const windowStartMs = m.window.start.getTime();
    if (crossesThreshold(m.value, rule.threshold)) {
      const already = rule.recurring ? alerts.some((a) => a.windowStart.getTime() === windowStartMs) : alerts.length > 0;
      if (!already) {
        insert.push({
          ruleId: rule.id,
          customerId: m.customerId,
          windowStart: m.window.start,
          windowEnd: m.window.end,
          value: m.value,
          threshold: rule.threshold,
          currency: rule.currency,
          triggeredAt: now,
        });
      }
    } else {
      for (const a of alerts) if (a.resolvedAt === null && a.windowStart.getTime() < windowStartMs) resolve.add(a.id);
    }
  }
  return { insert, resolve: [...resolve] };
}
