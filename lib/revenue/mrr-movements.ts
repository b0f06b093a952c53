// MRR movements of a month from subscription history: pure, given each subscription's timeline.
//
// A subscription's timeline is its billing periods (each carries the plan version it billed, and a plan
// change cuts the period at the change: lib/subscriptions/change-plan.ts), followed, while it has not
// ended, by its current plan from its last period on. Trial time earns nothing. A subscription's MRR at
// an instant is the flat fees of the plan of the segment holding it, normalised to a month
// (lib/billing/mrr.ts: usage is not recurring); past-due subscriptions still count, as in the stats.
//
// A month's figures compare each customer's MRR just before its first instant (the end of the month
// before: `starting`) with just before its last (`ending`; for the month still running, just before
// `now`), each customer's MRR rounded once, half-up, to the minor unit:
// - new: from 0 to more, for a customer who never had MRR before the month;
// - reactivation: from 0 to more, for a customer who had MRR at some time before the month;
// - expansion / contraction: the rise / fall of a customer who had MRR at both ends;
// - churned: the starting MRR of a customer who has none at the end.
// So ending = starting + new + reactivation + expansion − contraction − churned, exactly. Movements
// inside the month that cancel out (a start and a cancellation in the same month) do not show.
//
// Rates (fractions as decimal strings, 4 places half-up; null without starting MRR):
// - churn rate = churned / starting;
// - net revenue retention = (starting + expansion − contraction − churned) / starting.
import Decimal from 'decimal.js';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString, roundMoney } from '@/lib/billing/money';

export type Segment = { start: number; end: number; monthly: Decimal; trial: boolean };
export type SubscriptionTimeline = { customerId: string; currency: string; segments: Segment[] };

export type MrrMonth = {
  currency: string;
  month: string;
  from: string;
  to: string;
  starting: string;
  new: string;
  expansion: string;
  contraction: string;
  churned: string;
  reactivation: string;
  ending: string;
  churn_rate: string | null;
  net_revenue_retention: string | null;
  customers_starting: number;
  customers_ending: number;
};

const ZERO = new ExactDecimal(0);

/** A subscription's unrounded MRR at instant `t` (epoch ms): its segment's, 0 in a trial or outside. */
export function monthlyAt(timeline: SubscriptionTimeline, t: number): Decimal {
  const segment = timeline.segments.find((s) => s.start <= t && t < s.end);
  return segment && !segment.trial ? segment.monthly : ZERO;
}

/** When the subscription first earned MRR (epoch ms), or null if it never has. */
export function firstPaidAt(timeline: SubscriptionTimeline): number | null {
  const paid = timeline.segments.filter((s) => !s.trial && s.monthly.gt(0) && s.end > s.start);
  return paid.length ? Math.min(...paid.map((s) => s.start)) : null;
}

/** Each customer's MRR at `t`, rounded once per customer, per currency. */
export function customerMrrAt(timelines: SubscriptionTimeline[], t: number): Map<string, { currency: string; mrr: Decimal }> {
  const sums = new Map<string, { currency: string; mrr: Decimal }>();
  for (const timeline of timelines) {
    const key = `${timeline.currency}:${timeline.customerId}`;
    const entry = sums.get(key) ?? { currency: timeline.currency, mrr: ZERO };
    entry.mrr = entry.mrr.plus(monthlyAt(timeline, t));
    sums.set(key, entry);
  }
  for (const entry of sums.values()) entry.mrr = roundMoney(entry.mrr, entry.currency);
  return sums;
}

const rate = (numerator: Decimal, denominator: Decimal) => (denominator.isZero() ? null : numerator.div(denominator).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4));

/**
 * The movements of one month (or part of one: [startMs, endMs)) per currency. `endMs` is the month's
 * end or `now`, whichever comes first; both snapshots are taken one millisecond before their instant.
 */
export function mrrMovements(timelines: SubscriptionTimeline[], month: { month: string; from: string; to: string; startMs: number; endMs: number }): MrrMonth[] {
  const before = customerMrrAt(timelines, month.startMs - 1);
  const after = customerMrrAt(timelines, month.endMs - 1);
  const paidBefore = new Set<string>();
  for (const timeline of timelines) {
    const first = firstPaidAt(timeline);
    if (first !== null && first < month.startMs) paidBefore.add(`${timeline.currency}:${timeline.customerId}`);
  }
  const currencies = [...new Set(timelines.map((t) => t.currency))].sort();
  return currencies.map((currency) => {
    let starting = ZERO, ending = ZERO, fresh = ZERO, reactivation = ZERO, expansion = ZERO, contraction = ZERO, churned = ZERO;
    let customersStarting = 0, customersEnding = 0;
    const keys = new Set([...before.keys(), ...after.keys()].filter((k) => k.startsWith(`${currency}:`)));
    for (const key of keys) {
      const s = before.get(key)?.mrr ?? ZERO;
      const e = after.get(key)?.mrr ?? ZERO;
      starting = starting.plus(s);
      ending = ending.plus(e);
      if (s.gt(0)) customersStarting += 1;
      if (e.gt(0)) customersEnding += 1;
      if (s.isZero() && e.gt(0)) {
        if (paidBefore.has(key)) reactivation = reactivation.plus(e);
        else fresh = fresh.plus(e);
      } else if (s.gt(0) && e.isZero()) churned = churned.plus(s);
      else if (e.gt(s)) expansion = expansion.plus(e.minus(s));
      else if (e.lt(s)) contraction = contraction.plus(s.minus(e));
    }
    const money = (v: Decimal) => moneyString(v, currency);
    return {
      currency,
      month: month.month,
      from: month.from,
      to: month.to,
      starting: money(starting),
      new: money(fresh),
      expansion: money(expansion),
      contraction: money(contraction),
      churned: money(churned),
      reactivation: money(reactivation),
      ending: money(ending),
      churn_rate: rate(churned, starting),
      net_revenue_retention: rate(starting.plus(expansion).minus(contraction).minus(churned), starting),
      customers_starting: customersStarting,
      customers_ending: customersEnding,
    };
  });
}
