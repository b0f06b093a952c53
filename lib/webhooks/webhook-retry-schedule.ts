// When a failed delivery is tried again. Pure: the times come from the caller's `now`.
//
// A delivery is tried at once, then after 1 min, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: eight
// attempts over 27 h 36 min, so an endpoint that is down for a day still gets every event. After the
// eighth failure the delivery is failed (an admin may still retry it). An endpoint whose attempts have
// all failed for three days is disabled (deliver-due-webhooks.ts).
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The wait after the 1st, 2nd, … failed attempt before the next one. */
export const WEBHOOK_RETRY_DELAYS_MS = [1 * MINUTE_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS, 5 * HOUR_MS, 10 * HOUR_MS, 10 * HOUR_MS] as const;

export const MAX_WEBHOOK_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** An endpoint failing (every attempt, without one success) for this long is disabled. */
export const WEBHOOK_DISABLE_AFTER_MS = 3 * 24 * HOUR_MS;

/** When to try again after the `attempts`-th attempt failed at `now`; null: give up. */
export function nextWebhookAttemptAt(attempts: number, now: Date): Date | null {
  const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}
