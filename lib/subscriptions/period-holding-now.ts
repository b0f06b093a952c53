// The period a subscription is in at `now`, for what customers and admins see (usage, estimate,
// "renews on"): the stored current period while it runs, else the one the next billing run will open
// by the plan's schedule, so a late run never shows a period that has already ended.
import { periodHolding } from '@/lib/billing/billing-schedule';
import type { FlatFeeBilling } from '@/lib/billing/period-lines';
import type { TimeRange } from '@/lib/billing/proration';
import { billsFeesInAdvance, scheduleOf, type SchedulingPlan } from './roll-over-subscriptions';

/** A subscription with its plan's schedule and its stored current period, as read for display. */
export type StoredSubscription = Omit<SchedulingPlan, 'id'> & {
  start_date: Date;
  trial_end: Date | null;
  billing_anchor: Date | null;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  stripe_subscription_id: string | null;
  current_period_start: Date;
  current_period_end: Date;
  /** the stored current period's row */
  period_is_trial: boolean | null;
  period_cycle_start: Date | null;
  period_cycle_end: Date | null;
  period_advance_fees: string | null;
};

export type PeriodNow = TimeRange & { cycle: TimeRange | null; trial: boolean; flatFees: FlatFeeBilling };

const date = (value: Date | string) => new Date(value);

export function periodHoldingNow(s: StoredSubscription, now: Date): PeriodNow {
  const stored = {
    start: date(s.current_period_start),
    end: date(s.current_period_end),
    trial: s.period_is_trial ?? false,
    cycle: s.period_cycle_start && s.period_cycle_end ? { start: date(s.period_cycle_start), end: date(s.period_cycle_end) } : null,
  };
  if (now < stored.end) {
    const flatFees: FlatFeeBilling = s.stripe_subscription_id ? 'stripe' : s.period_advance_fees ? 'advance' : 'arrears';
    return { ...stored, flatFees };
  }
  const schedule = scheduleOf(s, {
    billingAnchor: s.billing_anchor ? date(s.billing_anchor) : null,
    trialEnd: s.trial_end ? date(s.trial_end) : null,
    startDate: date(s.start_date),
  });
  const held = periodHolding(schedule, stored, now, { cancelAtPeriodEnd: s.cancel_at_period_end, canceledAt: s.canceled_at ? date(s.canceled_at) : null });
  const flatFees: FlatFeeBilling = s.stripe_subscription_id ? 'stripe' : billsFeesInAdvance(s, held, null) ? 'advance' : 'arrears';
  return { ...held, flatFees };
}

/** The SQL columns StoredSubscription needs, for a query over subscriptions `s` joined to their plan `p`. */
export const STORED_SUBSCRIPTION_COLUMNS = `
  s.start_date, s.trial_end, s.billing_anchor, s.cancel_at_period_end, s.canceled_at, s.stripe_subscription_id,
  s.current_period_start, s.current_period_end,
  p.interval, p.interval_count, p.billing_alignment, p.pay_in_advance,
  exists (select 1 from plan_charges c where c.plan_id = p.id and c.model = 'flat') as has_flat_fees,
  bp.is_trial as period_is_trial, bp.cycle_start as period_cycle_start, bp.cycle_end as period_cycle_end, bp.advance_fees as period_advance_fees`;

/** The join that brings the stored current period's row (as `bp`). */
export const STORED_PERIOD_JOIN = `left join billing_periods bp on bp.subscription_id = s.id and bp.period_start = s.current_period_start`;
