// The period a subscription is in at `now`, for what customers and admins see (usage, estimate,
// "renews on"): the stored current period while it runs, else the one the next billing run will open
// by the plan's schedule, so a late run never shows a period that has already ended.
import { sql } from 'drizzle-orm';
import { periodHolding } from '@/lib/billing/billing-schedule';
import type { FlatFeeBilling } from '@/lib/billing/period-lines';
import type { TimeRange } from '@/lib/billing/proration';
import { selectRows, type Queryable } from '@/lib/db/client';
import { billsFeesInAdvance, scheduleOfRow, type ScheduleColumns, type SchedulingPlan } from './roll-over-subscriptions';

/** A subscription with its plan's schedule and its stored current period, as read for display. */
export type StoredSubscription = Omit<SchedulingPlan, 'id'> &
  ScheduleColumns & {
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
  const { schedule, cancellation } = scheduleOfRow(s, s);
  const held = periodHolding(schedule, stored, now, cancellation);
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

/** The period a subscription is in at `now` (see periodHoldingNow); null for an unknown id. */
export async function loadPeriodHoldingNow(db: Queryable, subscriptionId: string, now: Date): Promise<PeriodNow | null> {
  const [row] = await selectRows<StoredSubscription & { status: string }>(
    db,
    sql`select s.status, ${sql.raw(STORED_SUBSCRIPTION_COLUMNS)}
          from subscriptions s join plans p on p.id = s.plan_id ${sql.raw(STORED_PERIOD_JOIN)}
         where s.id = ${subscriptionId}`,
  );
  if (!row) return null;
  // an ended subscription stays in its last period
  if (row.status === 'canceled') return { start: new Date(row.current_period_start), end: new Date(row.current_period_end), cycle: null, trial: false, flatFees: 'arrears' };
  return periodHoldingNow(row, now);
}
