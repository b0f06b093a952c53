import { describe, expect, it } from 'vitest';
import { crossesThreshold, decideAlerts, type DecisionRule, type KnownAlert } from './decide-alerts';

const NOW = new Date('2026-11-22T10:00:00Z');
const DAY = { start: new Date('2026-11-22T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') };
const YESTERDAY = new Date('2026-11-21T00:00:00Z');
const recurring: DecisionRule = { id: 'r1', threshold: '50.00', recurring: true, currency: 'eur' };
const oneShot: DecisionRule = { id: 'r2', threshold: '50', recurring: false, currency: null };
const known = (over: Partial<KnownAlert>): KnownAlert => ({ id: 'a1', ruleId: 'r1', customerId: 'c1', windowStart: YESTERDAY, resolvedAt: null, ...over });

describe('deciding alerts', () => {
  it('triggers at exactly the threshold, not a cent below', () => {
    expect(crossesThreshold('50.00', '50')).toBe(true);
    expect(crossesThreshold('49.99', '50')).toBe(false);
    expect(crossesThreshold('50.000001', '50')).toBe(true);
    const decision = decideAlerts({ rules: [recurring], measurements: [{ ruleId: 'r1', customerId: 'c1', window: DAY, value: '50.00' }], known: [], now: NOW });
    expect(decision.insert).toEqual([
      { ruleId: 'r1', customerId: 'c1', windowStart: DAY.start, windowEnd: DAY.end, value: '50.00', threshold: '50.00', currency: 'eur', triggeredAt: NOW },
    ]);
  });

  it('a recurring rule triggers once per window: not again in the same window, again in the next', () => {
    const sameWindow = decideAlerts({ rules: [recurring], measurements: [{ ruleId: 'r1', customerId: 'c1', window: DAY, value: '80' }], known: [known({ windowStart: DAY.start })], now: NOW });
    expect(sameWindow).toEqual({ insert: [], resolve: [] });
    const nextWindow = decideAlerts({ rules: [recurring], measurements: [{ ruleId: 'r1', customerId: 'c1', window: DAY, value: '80' }], known: [known({})], now: NOW });
    expect(nextWindow.insert).toHaveLength(1);
    // over again: yesterday's alert stays open, today has its own
    expect(nextWindow.resolve).toEqual([]);
  });

  it('a one-shot rule triggers once ever per subject, even after its alert resolved', () => {
    const decision = decideAlerts({ rules: [oneShot], measurements: [{ ruleId: 'r2', customerId: 'c1', window: DAY, value: '99' }], known: [known({ ruleId: 'r2', resolvedAt: YESTERDAY })], now: NOW });
    expect(decision.insert).toEqual([]);
    const other = decideAlerts({ rules: [oneShot], measurements: [{ ruleId: 'r2', customerId: 'c2', window: DAY, value: '99' }], known: [known({ ruleId: 'r2' })], now: NOW });
    expect(other.insert.map((a) => a.customerId)).toEqual(['c2']);
  });

  it('resolves the open alerts of earlier windows when a new window is below, and only the subject’s own', () => {
    const decision = decideAlerts({
      rules: [recurring],
      measurements: [{ ruleId: 'r1', customerId: 'c1', window: DAY, value: '10' }],
      known: [known({ id: 'old' }), known({ id: 'done', resolvedAt: YESTERDAY }), known({ id: 'other', customerId: 'c2' }), known({ id: 'today', windowStart: DAY.start })],
      now: NOW,
    });
    expect(decision).toEqual({ insert: [], resolve: ['old'] });
  });

  it('keeps aggregate subjects (customer null) apart from customers', () => {
    const decision = decideAlerts({
      rules: [recurring],
      measurements: [
        { ruleId: 'r1', customerId: null, window: DAY, value: '60' },
        { ruleId: 'r1', customerId: 'c1', window: DAY, value: '60' },
      ],
      known: [known({ customerId: null, windowStart: DAY.start })],
      now: NOW,
    });
    expect(decision.insert.map((a) => a.customerId)).toEqual(['c1']);
  });

  it('refuses a subject measured twice or a rule it was not given', () => {
    const m = { ruleId: 'r1', customerId: 'c1', window: DAY, value: '1' };
    expect(() => decideAlerts({ rules: [recurring], measurements: [m, m], known: [], now: NOW })).toThrow(/measured twice/);
    expect(() => decideAlerts({ rules: [], measurements: [m], known: [], now: NOW })).toThrow(/not among the rules/);
  });
});
