// When a subscription's periods start and end, and when it ends: the one rule that opening periods,
// billing, plan changes, cancellation and the dashboards all follow. Pure: the subscription's state
// and the time come from the caller.
//
// - A trial runs from the start to the trial's end; paid periods follow it.
// - Anniversary periods count from the billing anchor (a plan change to another interval, else the
//   trial's end, else the start), so a month anchored on the 31st comes back to the 31st.
// - Calendar periods are whole calendar units (lib/billing/periods.ts calendarPeriodContaining); a
//   period that starts inside one runs to its end and carries that unit as its cycle, so its flat fees
//   are prorated by its share of the unit's time (lib/billing/proration.ts).
// - A subscription set to cancel at period end ends with the period that contains the moment it was
//   set, never earlier, so usage up to then is invoiced.
import { calendarPeriodContaining, periodContaining, type PlanInterval } from './periods';
import type { TimeRange } from './proration';

export type BillingAlignment = 'anniversary' | 'calendar';

export type BillingSchedule = {
  interval: PlanInterval;
  intervalCount: number;
  alignment: BillingAlignment;
  /** where anniversary periods count from */
  anchor: Date;
  trialEnd: Date | null;
};

export type ScheduledPeriod = TimeRange & {
  trial: boolean;
  /** the whole cycle when the period is only part of one (its flat fees are prorated); null when it is a whole cycle */
  cycle: TimeRange | null;
};

/** The billing anchor: a plan change's new anchor, else the trial's end, else the start. */
export function billingAnchor(subscription: { billingAnchor: Date | null; trialEnd: Date | null; startDate: Date }): Date {
  return subscription.billingAnchor ?? subscription.trialEnd ?? subscription.startDate;
}

/** The period that starts at `start` (the subscription's start, or the end of the period before). */
export function periodStartingAt(schedule: BillingSchedule, start: Date): ScheduledPeriod {
  if (schedule.trialEnd && start < schedule.trialEnd) {
    return { start, end: schedule.trialEnd, trial: true, cycle: null };
  }
  const cycle =
    schedule.alignment === 'calendar'
      ? calendarPeriodContaining(schedule.interval, start)
      : start < schedule.anchor
        ? { start, end: schedule.anchor }
        : periodContaining(schedule.anchor, schedule.interval, schedule.intervalCount, start);
  const whole = cycle.start.getTime() === start.getTime();
  return { start, end: cycle.end, trial: false, cycle: whole ? null : { start: cycle.start, end: cycle.end } };
}

export type CancellationState = { cancelAtPeriodEnd: boolean; canceledAt: Date | null };

/**
 * Whether the subscription ends with the period ending at `periodEnd`: it is set to cancel at period
 * end, and the period contains (or follows) the moment that was set. Without a recorded moment, the
 * first period to end does.
 */
export function endsWithPeriod(cancellation: CancellationState, periodEnd: Date): boolean {
  if (!cancellation.cancelAtPeriodEnd) return false;
  return cancellation.canceledAt === null || periodEnd > cancellation.canceledAt;
}

/** Guards against a runaway schedule: 10 years of daily periods. */
const MAX_PERIODS = 3_700;

/**
 * The periods to open after a last period ending at `lastEnd`, so that one holds `now`: none when the
 * last period still runs or the subscription ends with it. Opening stops after the period the
 * subscription ends with.
 */
export function periodsToOpen(schedule: BillingSchedule, lastEnd: Date, now: Date, cancellation: CancellationState): ScheduledPeriod[] {
  const opened: ScheduledPeriod[] = [];
  let end = lastEnd;
  while (end <= now && !endsWithPeriod(cancellation, end)) {
    const period = periodStartingAt(schedule, end);
    opened.push(period);
    end = period.end;
    if (opened.length > MAX_PERIODS) throw new RangeError(`more than ${MAX_PERIODS} periods to open after ${lastEnd.toISOString()}`);
  }
  return opened;
}

/**
 * The period that holds `now` by the schedule, for displays: the stored current period while it runs,
 * else the one the next run will open. After the subscription's last period it is that last period.
 */
export function periodHolding(schedule: BillingSchedule, current: TimeRange & { cycle?: TimeRange | null; trial?: boolean }, now: Date, cancellation: CancellationState): ScheduledPeriod {
  const next = periodsToOpen(schedule, current.end, now, cancellation).at(-1);
  return next ?? { start: current.start, end: current.end, trial: current.trial ?? false, cycle: current.cycle ?? null };
}
