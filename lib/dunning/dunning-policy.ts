// When to retry a failed payment, and when an unpaid account is suspended. Pure: the schedule is
// configuration (DUNNING_RETRY_DAYS, DUNNING_GRACE_DAYS) and time comes from the caller.
import { addUtcDays } from '@/lib/time/utc-day';

export type DunningPolicy = {
  /** days after each failed attempt before the next one: default 1, 3 and 7 (three retries) */
  retryDays: number[];
  /** days past the due date before the customer is suspended: default 14 */
  graceDays: number;
};

export const DEFAULT_DUNNING_POLICY: DunningPolicy = { retryDays: [1, 3, 7], graceDays: 14 };

/**
 * The next retry after the `attempt`-th failed attempt (1 = the first charge), or null when the
 * schedule is used up and only the customer paying (or an admin) can settle the invoice.
 */
export function nextRetryAt(policy: DunningPolicy, attempt: number, failedAt: Date): Date | null {
  const days = policy.retryDays[attempt - 1];
  return days === undefined ? null : addUtcDays(failedAt, days);
}

/** The moment an invoice due at `dueDate` and still unpaid gets its customer suspended (once it has passed). */
export function suspensionAt(policy: DunningPolicy, dueDate: Date): Date {
  return addUtcDays(dueDate, policy.graceDays);
}

/**
 * The due date before which an unpaid invoice suspends its customer at `now`: the same rule as
 * suspensionAt, turned around so a query can ask `due_date < cutoff` of every invoice at once.
 */
export function suspensionCutoff(policy: DunningPolicy, now: Date): Date {
  return addUtcDays(now, -policy.graceDays);
}

/** "1,3,7" → [1, 3, 7]; throws on anything that is not increasing whole days. */
export function parseRetryDays(value: string): number[] {
  const days = value.split(',').map((d) => Number(d.trim()));
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 60) || days.some((d, i) => i > 0 && d <= days[i - 1]!)) {
    throw new RangeError(`retry days must be increasing whole days between 1 and 60, such as 1,3,7; got ${JSON.stringify(value)}`);
  }
  return days;
}
