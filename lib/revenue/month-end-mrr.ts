// The MRR trend of the admin overview: what the monthly recurring revenue was at the close of each of
// the last months, rebuilt from the subscriptions' history rather than from their state today. Pure,
// no clock: the caller gives `now` and the history (lib/revenue/mrr-trend.ts reads it).
//
// At an instant t a subscription counts when it has started (start <= t), has not ended (t < ended_at)
// and is not in a trial at t. It counts with the plan version it was billed on at t: the billing period
// holding t names it (a plan change cuts the period at the change, so each part names its own plan);
// past the last period it knows of, the last plan it was billed on; with no period at all, its plan
// today. A month's figure is taken at its last millisecond, so a subscription ending at midnight on the
// 1st counted in the month before, one starting on the 1st in its own month; the current month's point
// is taken at `now` (to date). Usage is left out, as in the overview's MRR (lib/billing/mrr.ts).
//
// Rounding as lib/revenue/revenue-summary.ts does, so that the current month reads as the overview's
// MRR: each plan's (by code, all its versions) unrounded monthly amounts are summed, rounded once to the
// currency's minor unit half up, and a currency's MRR is the sum of its plans' rounded figures. Currencies
// are never added together: there is one series per currency.
import Decimal from 'decimal.js';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { monthlyRecurringAmount } from '@/lib/billing/mrr';
import { moneyString, type Currency } from '@/lib/billing/money';
import type { PlanInterval } from '@/lib/billing/periods';

/** A plan version's flat fee: what it adds to MRR per subscription. */
export type PlanFee = { id: string; code: string; currency: Currency; interval: PlanInterval; intervalCount: number; flatPerPeriod: string };

/** A stretch of consecutive billing periods on one plan version, [from, to), in a trial or not. */
export type PlanSegment = { planId: string; from: Date; to: Date; trial: boolean };

export type SubscriptionHistory = {
  startDate: Date;
  trialEnd: Date | null;
  /** when it stopped; null while it runs */
  endedAt: Date | null;
  /** its plan today, for the time no billing period covers */
  planId: string;
  /** its billing periods merged by plan version, in order; may be empty */
  segments: PlanSegment[];
};

/** A billing period as the history needs it: its plan version, its span and whether it was a trial. */
export type PeriodOnPlan = { planId: string; from: Date; to: Date; trial: boolean };

/**
 * A subscription's billing periods merged into stretches on one plan version (and trial or not): each
 * period joins the stretch before it when it has the same plan and trial, so A → B → A stays three.
 */
export function mergePeriods(periods: PeriodOnPlan[]): PlanSegment[] {
  const segments: PlanSegment[] = [];
  for (const period of [...periods].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const last = segments.at(-1);
    if (last && last.planId === period.planId && last.trial === period.trial) last.to = new Date(Math.max(last.to.getTime(), period.to.getTime()));
    else segments.push({ ...period });
  }
  return segments;
}

/** One month of the trend: 'YYYY-MM', and the instant its figure is taken at. */
export type TrendMonth = { month: string; at: Date; toDate: boolean };

export type MrrSeries = { currency: Currency; points: { month: string; mrr: string }[] };

/** The UTC month holding `at`, 'YYYY-MM'. */
export const utcMonth = (at: Date) => at.toISOString().slice(0, 7);

/** 00:00 UTC on the 1st of the month `offset` months from the one holding `at`. */
export function startOfUtcMonth(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/**
 * The last `count` months up to the one holding `now`, oldest first: each earlier month at its last
 * millisecond, the current one at `now`.
 */
export function trendMonths(now: Date, count = 12): TrendMonth[] {
  return Array.from({ length: count }, (_, i) => {
    const offset = i - (count - 1);
    const start = startOfUtcMonth(now, offset);
    const current = offset === 0;
    return { month: utcMonth(start), at: current ? now : new Date(startOfUtcMonth(now, offset + 1).getTime() - 1), toDate: current };
  });
}

/** The plan version a subscription was on at `at`, and whether that was a trial; null when it was not live. */
export function planAt(subscription: SubscriptionHistory, at: Date): { planId: string; trial: boolean } | null {
  const t = at.getTime();
  if (subscription.startDate.getTime() > t) return null;
  if (subscription.endedAt && subscription.endedAt.getTime() <= t) return null;
  // one pass, no arrays: this runs for every subscription and month (120,000 times at 10,000 subscriptions)
  let before: PlanSegment | undefined;
  for (const segment of subscription.segments) {
    if (segment.from.getTime() <= t && t < segment.to.getTime()) return { planId: segment.planId, trial: segment.trial };
    if (segment.to.getTime() <= t) before = segment;
  }
  const inTrial = subscription.trialEnd !== null && t < subscription.trialEnd.getTime();
  return { planId: before?.planId ?? subscription.planId, trial: inTrial };
}

/**
 * Month-end MRR per currency for `months`: one series per currency of the plans in `plans`, a
 * point for every month (0 where nothing counted). Currencies alphabetically, the default first.
 */
export function monthEndMrr(subscriptions: SubscriptionHistory[], plans: PlanFee[], months: TrendMonth[], defaultCurrency: Currency): MrrSeries[] {
  const planById = new Map(plans.map((p) => [p.id, p]));
  // per month, how many paying subscriptions each plan version had: integers, so the exact amounts are
  // worked out once per plan version and month rather than added up subscription by subscription
  const counts = months.map(() => new Map<string, number>());
  for (const subscription of subscriptions) {
    months.forEach(({ at }, index) => {
      const on = planAt(subscription, at);
      if (!on || on.trial || !planById.has(on.planId)) return;
      const byPlan = counts[index]!;
      byPlan.set(on.planId, (byPlan.get(on.planId) ?? 0) + 1);
    });
  }
  // per month, per plan code (all its versions): the unrounded sum of its subscriptions' monthly amounts
  const perMonth = counts.map((byPlan) => {
    const byCode = new Map<string, { currency: Currency; amount: Decimal }>();
    for (const [planId, count] of byPlan) {
      const plan = planById.get(planId)!;
      const entry = byCode.get(plan.code) ?? { currency: plan.currency, amount: new ExactDecimal(0) };
      entry.amount = entry.amount.plus(monthlyRecurringAmount(plan.flatPerPeriod, plan.interval, plan.intervalCount).times(count));
      byCode.set(plan.code, entry);
    }
    return byCode;
  });
  const currencies = [...new Set(plans.map((p) => p.currency))].sort((a, b) => Number(b === defaultCurrency) - Number(a === defaultCurrency) || a.localeCompare(b));
  return currencies.map((currency) => ({
    currency,
    points: months.map(({ month }, index) => {
      let total: Decimal = new ExactDecimal(0);
      for (const plan of perMonth[index]!.values()) if (plan.currency === currency) total = total.plus(moneyString(plan.amount, currency));
      return { month, mrr: moneyString(total, currency) };
    }),
  }));
}
