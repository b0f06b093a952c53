import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_DUNNING_POLICY, nextRetryAt, parseRetryDays, suspensionAt, suspensionCutoff } from './dunning-policy';
import { DAY_MS } from '@/lib/time/utc-day';

describe('dunning policy', () => {
  const failed = new Date('2026-11-01T09:00:00Z');
  it('retries 1, 3 and 7 days after the first, second and third failure, then stops', () => {
    expect(nextRetryAt(DEFAULT_DUNNING_POLICY, 1, failed)?.toISOString()).toBe('2026-11-02T09:00:00.000Z');
    expect(nextRetryAt(DEFAULT_DUNNING_POLICY, 2, failed)?.toISOString()).toBe('2026-11-04T09:00:00.000Z');
    expect(nextRetryAt(DEFAULT_DUNNING_POLICY, 3, failed)?.toISOString()).toBe('2026-11-08T09:00:00.000Z');
    expect(nextRetryAt(DEFAULT_DUNNING_POLICY, 4, failed)).toBeNull();
  });

  it('suspends 14 days after the due date', () => {
    expect(suspensionAt(DEFAULT_DUNNING_POLICY, new Date('2026-11-15T00:00:00Z')).toISOString()).toBe('2026-11-29T00:00:00.000Z');
  });

  it('suspends at `now` exactly the invoices whose suspension moment has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }), fc.integer({ min: -90 * DAY_MS, max: 90 * DAY_MS }), (graceDays, now, offset) => {
        const policy = { retryDays: [1], graceDays };
        const due = new Date(now.getTime() + offset);
        expect(due < suspensionCutoff(policy, now)).toBe(suspensionAt(policy, due) < now);
      }),
    );
  });

  it('reads a configured schedule and refuses nonsense', () => {
    expect(parseRetryDays('2, 5,10')).toEqual([2, 5, 10]);
    for (const bad of ['', '3,1', '1,1', '0', 'x', '1.5', '90']) expect(() => parseRetryDays(bad), bad).toThrow(RangeError);
  });
});
