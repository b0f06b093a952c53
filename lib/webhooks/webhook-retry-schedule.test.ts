import { describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_ATTEMPTS, nextWebhookAttemptAt, WEBHOOK_RETRY_DELAYS_MS } from './webhook-retry-schedule';

const NOW = new Date('2026-11-22T10:00:00Z');

describe('the webhook retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then gives up after the eighth attempt', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7].map((n) => (nextWebhookAttemptAt(n, NOW)!.getTime() - NOW.getTime()) / 60_000);
    expect(minutes).toEqual([1, 5, 30, 120, 300, 600, 600]);
    expect(MAX_WEBHOOK_ATTEMPTS).toBe(8);
    expect(nextWebhookAttemptAt(8, NOW)).toBeNull();
    expect(nextWebhookAttemptAt(9, NOW)).toBeNull();
  });

  it('keeps trying for at least 24 hours', () => {
    expect(WEBHOOK_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 3_600_000);
  });
});
