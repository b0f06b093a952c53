import { describe, expect, it } from 'vitest';
import { DEFAULT_DUNNING_POLICY, nextRetryAt, parseRetryDays, suspensionAt } from './dunning-policy';

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

  it('reads a configured schedule and refuses nonsense', () => {
    expect(parseRetryDays('2, 5,10')).toEqual([2, 5, 10]);
    for (const bad of ['', '3,1', '1,1', '0', 'x', '1.5', '90']) expect(() => parseRetryDays(bad), bad).toThrow(RangeError);
  });
});
